// monitors: the EDID that Windows keeps for each present monitor (SetupAPI: the device's hardware
// key, value "EDID"), read by the same pure EDID parser as on Linux; the raw EDID travels too.
#include "Devices.h"
#include "parque/agent/parsers/EdidParser.h"
#include "parque/agent/parsers/ParseError.h"
#include "parque/agent/windows/WindowsCollectors.h"
#include "parque/inventory/Placeholders.h"

#include <Poco/Base64Encoder.h>

#include <sstream>

namespace parque::agent::platform {
namespace {

constexpr const char* kName = "monitors";
// GUID_DEVCLASS_MONITOR
constexpr GUID kMonitorClass = {
    0x4d36e96e, 0xe325, 0x11ce, {0xbf, 0xc1, 0x08, 0x00, 0x2b, 0xe1, 0x03, 0x18}};

std::string base64(const std::string& bytes) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder.rdbuf()->setLineLength(0);
    encoder << bytes;
    encoder.close();
    return out.str();
}

// As on Linux, less the PNP vendor name (Windows has no pnp.ids): the 3-letter id stands.
inventory::Monitor describe(const edid::Edid& e, const std::string& raw,
                            const std::optional<std::string>& port) {
    inventory::Monitor m;
    m.manufacturer = e.manufacturer;
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
                describe(edid::parse(*raw), *raw, monitors.instanceId(data)));
        } catch (const ParseError& e) {
            report.add(kName, id + " EDID", ProblemKind::Malformed, e.what());
        }
    }
}

}  // namespace parque::agent::platform
