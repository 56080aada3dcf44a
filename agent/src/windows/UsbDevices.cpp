// usbdevices: the present devices of SetupAPI's USB enumerator (VID/PID and serial from the
// instance id, name, manufacturer, class from the compatible ids); no device is opened. The
// peripheral kinds and placeholder rules are the shared ones.
#include "Devices.h"
#include "parque/agent/windows/WindowsCollectors.h"
#include "parque/inventory/Placeholders.h"

#include <algorithm>
#include <cctype>

namespace parque::agent::platform {
namespace {

constexpr const char* kName = "usbdevices";

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

bool isHex(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return std::isxdigit(static_cast<unsigned char>(c)) != 0;
    });
}

// The hex value after `key` ("Class_") in an id like "USB\Class_03&SubClass_01&Prot_02".
std::optional<std::string> idField(const std::string& id, const std::string& key) {
    const std::string upper = [&] {
        std::string u = id;
        std::transform(u.begin(), u.end(), u.begin(),
                       [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
        return u;
    }();
    std::string wanted = key;
    std::transform(wanted.begin(), wanted.end(), wanted.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    const auto at = upper.find(wanted);
    if (at == std::string::npos || (at > 0 && upper[at - 1] != '\\' && upper[at - 1] != '&')) {
        return std::nullopt;
    }
    const std::string value = id.substr(at + wanted.size(), 2);
    if (value.size() != 2 || !isHex(value)) {
        return std::nullopt;
    }
    return std::to_string(std::stoi(value, nullptr, 16));
}

}  // namespace

std::optional<UsbInstanceId> parseUsbInstanceId(std::string_view instanceId) {
    const auto first = instanceId.find('\\');
    const auto second = first == std::string_view::npos ? first : instanceId.find('\\', first + 1);
    if (second == std::string_view::npos) {
        return std::nullopt;
    }
    const std::string hardware =
        lower(std::string(instanceId.substr(first + 1, second - first - 1)));
    const std::string_view last = instanceId.substr(second + 1);
    // "vid_046d&pid_c52b"; interfaces of composite devices ("&mi_00") are not devices of their own.
    if (hardware.size() != 17 || hardware.compare(0, 4, "vid_") != 0 ||
        hardware.compare(8, 5, "&pid_") != 0 || !isHex(hardware.substr(4, 4)) ||
        !isHex(hardware.substr(13, 4))) {
        return std::nullopt;
    }
    UsbInstanceId id;
    id.vendorId = hardware.substr(4, 4);
    id.productId = hardware.substr(13, 4);
    // Windows makes up "5&1d2e4b2c&0&2" for a device without a serial: those contain '&'.
    if (!last.empty() && last.find('&') == std::string_view::npos &&
        !inventory::isPlaceholderSerial(std::string(last))) {
        id.serial = std::string(last);
    }
    return id;
}

void collectUsbDevices(inventory::Content& content, Report& report) {
    const DeviceSet devices(nullptr, L"USB");
    if (!devices.valid()) {
        report.add(kName, "SetupDiGetClassDevsW(USB)", ProblemKind::Failed,
                   "error " + std::to_string(GetLastError()));
        return;
    }
    SP_DEVINFO_DATA data{};
    for (DWORD index = 0; devices.device(index, data); ++index) {
        const auto instance = devices.instanceId(data);
        const auto id = instance ? parseUsbInstanceId(*instance) : std::nullopt;
        if (!id) {
            continue;  // root hubs, composite interfaces
        }
        inventory::UsbDevice usb;
        usb.vendorid = id->vendorId;
        usb.productid = id->productId;
        usb.serial = id->serial;
        usb.name = devices.text(data, SPDRP_DEVICEDESC);
        usb.caption = devices.text(data, SPDRP_FRIENDLYNAME);
        if (!usb.caption) {
            usb.caption = usb.name;
        }
        usb.manufacturer = devices.text(data, SPDRP_MFG);
        for (const auto& compatible : devices.texts(data, SPDRP_COMPATIBLEIDS)) {
            if (auto deviceClass = idField(compatible, "Class_")) {
                usb.class_ = std::move(deviceClass);
                usb.subclass = idField(compatible, "SubClass_");
                break;
            }
        }
        content.usbdevices.push_back(std::move(usb));
    }
}

}  // namespace parque::agent::platform
