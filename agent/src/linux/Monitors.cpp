// monitors: the EDID of every connected display output (sys/class/drm/card*-*/edid), read by the
// pure EDID parser; the raw EDID travels too (base64) so the collector can read it again.
#include "parque/agent/linux/LinuxContext.h"
#include "parque/agent/parsers/EdidParser.h"
#include "parque/agent/parsers/ParseError.h"
#include "parque/inventory/Placeholders.h"

#include <Poco/Base64Encoder.h>

#include <sstream>

namespace parque::agent::platform {
namespace {

constexpr const char* kName = "monitors";
const std::string kDrm = "sys/class/drm/";

std::string base64(const std::string& bytes) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder.rdbuf()->setLineLength(0);
    encoder << bytes;
    encoder.close();
    return out.str();
}

inventory::Monitor describe(LinuxContext& context, const edid::Edid& e, const std::string& port,
                            const std::string& raw) {
    inventory::Monitor m;
    m.manufacturer = context.pnpIds().name(e.manufacturer);
    if (!m.manufacturer) {
        m.manufacturer = e.manufacturer;
    }
    m.caption = e.monitorName;
    m.name = e.monitorName;
    m.description = e.manufacturer + std::to_string(e.productCode);
    const std::optional<std::string> numeric =
        e.serialNumber != 0 ? std::optional<std::string>(std::to_string(e.serialNumber))
                            : std::nullopt;
    if (e.serialString && !inventory::isPlaceholderSerial(*e.serialString)) {
        m.serial = e.serialString;
        m.altserial = numeric;
    } else {
        m.serial = numeric;
    }
    m.port = port;
    m.base64 = base64(raw);
    return m;
}

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
            content.monitors.push_back(
                describe(context, parsed, output.substr(dash + 1), *raw.data));
        } catch (const ParseError& e) {
            report.add(kName, dir + "edid", ProblemKind::Malformed, e.what());
        }
    }
}

}  // namespace parque::agent::platform
