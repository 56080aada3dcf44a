// monitors: the EDID of every connected display output (sys/class/drm/card*-*/edid), read by the
// pure EDID parser; the raw EDID travels too (base64) so the collector can read it again.
#include "parque/agent/MonitorContent.h"
#include "parque/agent/linux/LinuxContext.h"
#include "parque/agent/parsers/EdidParser.h"
#include "parque/agent/parsers/ParseError.h"

namespace parque::agent::platform {
namespace {

constexpr const char* kName = "monitors";
const std::string kDrm = "sys/class/drm/";

}  // namespace

void collectMonitors(LinuxContext& context, inventory::Content& content, Report& report) {
    const RootFs& fs = context.fs();
    for (const auto& output : fs.list(kDrm)) {
        const std::string dir = kDrm + output + "/";
        const auto dash = output.find('-');
        if (dash == std::string::npos ||
            fs.attribute(dir + "status") != std::optional<std::string>("connected")) {
            continue;  // a card itself, or an unused port
        }
        const FileRead raw = fs.read(dir + "edid", 1U << 16U);
        if (!raw.data || raw.data->empty()) {
            continue;
        }
        try {
            const edid::Edid parsed = edid::parse(*raw.data);
            content.monitors.push_back(monitorFromEdid(parsed, *raw.data, output.substr(dash + 1),
                                                       context.pnpIds().name(parsed.manufacturer)));
        } catch (const ParseError& e) {
            report.add(kName, dir + "edid", ProblemKind::Malformed, e.what());
        }
    }
}

}  // namespace parque::agent::platform
