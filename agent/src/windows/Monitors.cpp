// monitors: the EDID that Windows keeps for each present monitor (SetupAPI: the device's hardware
// key, value "EDID"), read by the same pure EDID parser and mapped as on Linux (MonitorContent),
// less the PNP vendor's name (Windows has no pnp.ids): the 3-letter id stands.
#include "Devices.h"
#include "parque/agent/MonitorContent.h"
#include "parque/agent/parsers/EdidParser.h"
#include "parque/agent/parsers/ParseError.h"
#include "parque/agent/windows/WindowsCollectors.h"

namespace parque::agent::platform {
namespace {

constexpr const char* kName = "monitors";
// GUID_DEVCLASS_MONITOR
constexpr GUID kMonitorClass = {
    0x4d36e96e, 0xe325, 0x11ce, {0xbf, 0xc1, 0x08, 0x00, 0x2b, 0xe1, 0x03, 0x18}};

}  // namespace

void collectMonitors(inventory::Content& content, Report& report) {
    const DeviceSet monitors(&kMonitorClass, nullptr);
    if (!monitors.valid()) {
        report.add(kName, "SetupDiGetClassDevsW(Monitor)", ProblemKind::Failed,
                   "error " + std::to_string(GetLastError()));
        return;
    }
    SP_DEVINFO_DATA data{};
    for (DWORD index = 0; monitors.device(index, data); ++index) {
        const auto raw = monitors.deviceValue(data, L"EDID");
        if (!raw || raw->empty()) {
            continue;  // a monitor Windows has no EDID for
        }
        const std::string id = monitors.instanceId(data).value_or("monitor");
        try {
            content.monitors.push_back(
                monitorFromEdid(edid::parse(*raw), *raw, monitors.instanceId(data), std::nullopt));
        } catch (const ParseError& e) {
            report.add(kName, id + " EDID", ProblemKind::Malformed, e.what());
        }
    }
}

}  // namespace parque::agent::platform
