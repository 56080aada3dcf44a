// usbdevices: the devices on the USB buses. On the live machine libusb enumerates them (IDs,
// class, bus and port path); their names and serials are read from sysfs, so no device is ever
// opened (a payment application may own it). On a fixture root sysfs does the enumeration too.
#include "parque/agent/linux/LinuxContext.h"
#include "parque/inventory/Placeholders.h"

#include <libusb.h>

#include <cstdio>
#include <set>

namespace parque::agent::platform {
namespace {

constexpr const char* kName = "usbdevices";
const std::string kDevices = "sys/bus/usb/devices/";

// A device as enumerated: its sysfs name ("1-1.2") and the descriptor fields.
struct Found {
    std::string sysfsName;
    std::uint16_t vendor = 0;
    std::uint16_t product = 0;
    std::uint8_t deviceClass = 0;
    std::uint8_t deviceSubclass = 0;
};

std::string hex4(std::uint16_t value) {
    char text[8];
    std::snprintf(text, sizeof text, "%04x", value);
    return text;
}

// Linux names a device "<bus>-<port>.<port>..."; root hubs are "usb<bus>" and not reported.
std::string sysfsName(std::uint8_t bus, const std::uint8_t* ports, int depth) {
    std::string name = std::to_string(bus) + "-";
    for (int i = 0; i < depth; ++i) {
        name += (i > 0 ? "." : "") + std::to_string(ports[i]);
    }
    return name;
}

// libusb enumeration; nullopt when libusb cannot see a USB bus (no /dev/bus/usb, no permission).
std::optional<std::vector<Found>> enumerateWithLibusb(Report& report) {
    libusb_context* context = nullptr;
    if (const int error = libusb_init(&context); error != 0) {
        report.add(kName, "libusb", ProblemKind::Missing, libusb_error_name(error));
        return std::nullopt;
    }
    libusb_device** list = nullptr;
    const ssize_t count = libusb_get_device_list(context, &list);
    std::vector<Found> found;
    for (ssize_t i = 0; i < count; ++i) {
        libusb_device_descriptor descriptor{};
        std::uint8_t ports[8];
        const int depth = libusb_get_port_numbers(list[i], ports, sizeof ports);
        if (libusb_get_device_descriptor(list[i], &descriptor) != 0 || depth <= 0) {
            continue;  // a root hub (depth 0) or an unreadable descriptor
        }
        found.push_back({sysfsName(libusb_get_bus_number(list[i]), ports, depth),
                         descriptor.idVendor, descriptor.idProduct, descriptor.bDeviceClass,
                         descriptor.bDeviceSubClass});
    }
    if (count >= 0) {
        libusb_free_device_list(list, 1);
    }
    libusb_exit(context);
    return found;
}

std::vector<Found> enumerateWithSysfs(const RootFs& fs) {
    std::vector<Found> found;
    for (const auto& name : fs.list(kDevices)) {
        if (name.find(':') != std::string::npos || name.rfind("usb", 0) == 0) {
            continue;  // an interface, or a root hub
        }
        const std::string dir = kDevices + name + "/";
        const auto vendor = fs.integerAttribute(dir + "idVendor", 16);
        const auto product = fs.integerAttribute(dir + "idProduct", 16);
        if (!vendor || !product) {
            continue;
        }
        found.push_back(
            {name, static_cast<std::uint16_t>(*vendor), static_cast<std::uint16_t>(*product),
             static_cast<std::uint8_t>(fs.integerAttribute(dir + "bDeviceClass", 16).value_or(0)),
             static_cast<std::uint8_t>(
                 fs.integerAttribute(dir + "bDeviceSubClass", 16).value_or(0))});
    }
    return found;
}

// A device of class 0 says what it is in its first interface ("1-1.2:1.0").
void interfaceClass(const RootFs& fs, Found& device) {
    if (device.deviceClass != 0) {
        return;
    }
    const std::string prefix = device.sysfsName + ":";
    for (const auto& entry : fs.list(kDevices)) {
        if (entry.rfind(prefix, 0) == 0) {
            const std::string dir = kDevices + entry + "/";
            device.deviceClass = static_cast<std::uint8_t>(
                fs.integerAttribute(dir + "bInterfaceClass", 16).value_or(0));
            device.deviceSubclass = static_cast<std::uint8_t>(
                fs.integerAttribute(dir + "bInterfaceSubClass", 16).value_or(0));
            return;
        }
    }
}

inventory::UsbDevice describe(LinuxContext& context, const HwIdsWanted& wanted, Found device) {
    const RootFs& fs = context.fs();
    interfaceClass(fs, device);
    const std::string dir = kDevices + device.sysfsName + "/";
    inventory::UsbDevice usb;
    usb.vendorid = hex4(device.vendor);
    usb.productid = hex4(device.product);
    usb.class_ = std::to_string(device.deviceClass);
    usb.subclass = std::to_string(device.deviceSubclass);
    usb.manufacturer = fs.attribute(dir + "manufacturer");
    if (!usb.manufacturer) {
        usb.manufacturer = context.usbIds(wanted).vendor(device.vendor);
    }
    usb.name = fs.attribute(dir + "product");
    if (!usb.name) {
        usb.name = context.usbIds(wanted).device(device.vendor, device.product);
    }
    usb.caption = usb.name;
    const auto serial = fs.attribute(dir + "serial");
    if (serial && !inventory::isPlaceholderSerial(*serial)) {
        usb.serial = serial;
    }
    return usb;
}

}  // namespace

void collectUsbDevices(LinuxContext& context, inventory::Content& content, Report& report) {
    const RootFs& fs = context.fs();
    std::optional<std::vector<Found>> found;
    if (fs.isLiveSystem()) {
        found = enumerateWithLibusb(report);
    }
    if (!found) {
        if (!fs.exists(kDevices)) {
            report.add(kName, kDevices, ProblemKind::Missing, "no USB bus on this machine");
            return;
        }
        found = enumerateWithSysfs(fs);
    }
    // usb.ids is read (keeping only these devices' lines) when a device lacks its own strings.
    HwIdsWanted wanted;
    for (const Found& device : *found) {
        wanted.devices.emplace_back(device.vendor, device.product);
    }
    for (Found& device : *found) {
        content.usbdevices.push_back(describe(context, wanted, std::move(device)));
    }
}

}  // namespace parque::agent::platform
