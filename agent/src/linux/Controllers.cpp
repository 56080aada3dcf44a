// controllers (every PCI function, named from pci.ids) and videos (the display controllers among
// them, with the resolution of their first connected output).
#include "parque/agent/linux/LinuxContext.h"

#include <cstdio>

namespace parque::agent::platform {
namespace {

constexpr const char* kName = "controllers";
const std::string kPci = "sys/bus/pci/devices/";

std::string hex(std::int64_t value, int digits) {
    char text[16];
    std::snprintf(text, sizeof text, "%0*llx", digits, static_cast<unsigned long long>(value));
    return text;
}

inventory::Controller describe(LinuxContext& context, const HwIdsWanted& wanted,
                               const std::string& slot) {
    const RootFs& fs = context.fs();
    const std::string dir = kPci + slot + "/";
    const auto vendor = fs.integerAttribute(dir + "vendor", 16).value_or(0);
    const auto device = fs.integerAttribute(dir + "device", 16).value_or(0);
    const auto pciClass = fs.integerAttribute(dir + "class", 16).value_or(0);
    const auto subVendor = fs.integerAttribute(dir + "subsystem_vendor", 16);
    const auto subDevice = fs.integerAttribute(dir + "subsystem_device", 16);
    const auto revision = fs.integerAttribute(dir + "revision", 16);
    const HwIds& ids = context.pciIds(wanted);
    const auto classCode = static_cast<std::uint8_t>((pciClass >> 16) & 0xFF);
    const auto subclassCode = static_cast<std::uint8_t>((pciClass >> 8) & 0xFF);

    inventory::Controller c;
    c.vendorid = hex(vendor, 4);
    c.productid = hex(device, 4);
    c.pciclass = hex(pciClass >> 8, 4);
    // "0000:00:02.0" -> "00:02.0" in the usual domain 0, as lspci prints it.
    c.pcislot = slot.rfind("0000:", 0) == 0 ? slot.substr(5) : slot;
    if (subVendor && subDevice) {
        c.pcisubsystemid = hex(*subVendor, 4) + ":" + hex(*subDevice, 4);
    }
    if (revision) {
        c.rev = hex(*revision, 2);
    }
    c.manufacturer = ids.vendor(static_cast<std::uint16_t>(vendor));
    c.name = ids.device(static_cast<std::uint16_t>(vendor), static_cast<std::uint16_t>(device));
    c.caption = c.name;
    c.type = ids.className(classCode, subclassCode);
    if (!c.type) {
        c.type = ids.className(classCode);
    }
    c.driver = fs.linkName(dir + "driver");
    return c;
}

// The preferred mode ("1920x1080") of the first connected output of a display controller.
std::optional<std::string> resolution(const RootFs& fs, const std::string& slot) {
    const std::string drm = kPci + slot + "/drm/";
    for (const auto& card : fs.list(drm)) {
        for (const auto& output : fs.list(drm + card)) {
            const std::string dir = drm + card + "/" + output + "/";
            if (fs.attribute(dir + "status") == std::optional<std::string>("connected")) {
                if (auto mode = fs.attribute(dir + "modes")) {
                    return mode;
                }
            }
        }
    }
    return std::nullopt;
}

}  // namespace

void collectControllers(LinuxContext& context, inventory::Content& content, Report& report) {
    const RootFs& fs = context.fs();
    const auto slots = fs.list(kPci);
    if (slots.empty()) {
        report.add(kName, kPci, ProblemKind::Missing, "no PCI bus visible");
        return;
    }
    // The names of these devices only: pci.ids is read once, keeping just their lines.
    HwIdsWanted wanted;
    wanted.classes = true;
    for (const auto& slot : slots) {
        const auto vendor = fs.integerAttribute(kPci + slot + "/vendor", 16).value_or(0);
        const auto device = fs.integerAttribute(kPci + slot + "/device", 16).value_or(0);
        wanted.devices.emplace_back(static_cast<std::uint16_t>(vendor),
                                    static_cast<std::uint16_t>(device));
    }
    for (const auto& slot : slots) {
        inventory::Controller controller = describe(context, wanted, slot);
        if (controller.pciclass && controller.pciclass->rfind("03", 0) == 0) {
            inventory::Video video;
            video.name = controller.name;
            video.chipset = controller.manufacturer;
            video.pcislot = controller.pcislot;
            video.resolution = resolution(fs, slot);
            content.videos.push_back(std::move(video));
        }
        content.controllers.push_back(std::move(controller));
    }
}

}  // namespace parque::agent::platform
