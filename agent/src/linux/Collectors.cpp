// The Linux collectors, in the order they run (later ones may complete what earlier ones found:
// cpus refines what SMBIOS said about processors).
#include "parque/agent/Collector.h"
#include "parque/agent/linux/LinuxContext.h"

#include <fstream>
#include <sstream>

namespace parque::agent {
namespace {

using platform::LinuxContext;

struct Entry {
    const char* name;
    std::vector<std::string> sections;
    platform::CollectFunction function;
};

const std::vector<Entry>& entries() {
    static const std::vector<Entry> list{
        {"smbios", {"bios", "hardware", "memories", "cpus"}, &platform::collectSmbios},
        {"cpus", {"cpus"}, &platform::collectCpus},
        {"hardware", {"hardware"}, &platform::collectHardware},
        {"operatingsystem", {"operatingsystem"}, &platform::collectOperatingSystem},
        {"storages", {"storages"}, &platform::collectStorages},
        {"drives", {"drives"}, &platform::collectDrives},
        {"networks", {"networks"}, &platform::collectNetworks},
        {"usbdevices", {"usbdevices"}, &platform::collectUsbDevices},
        {"controllers", {"controllers", "videos"}, &platform::collectControllers},
        {"monitors", {"monitors"}, &platform::collectMonitors},
        {"batteries", {"batteries"}, &platform::collectBatteries},
        {"softwares", {"softwares"}, &platform::collectSoftwares},
    };
    return list;
}

}  // namespace

std::vector<Collector> platformCollectors(const PlatformOptions& options) {
    auto context = std::make_shared<LinuxContext>(platform::RootFs(options.root));
    std::vector<Collector> collectors;
    for (const Entry& entry : entries()) {
        const platform::CollectFunction function = entry.function;
        collectors.push_back({entry.name, entry.sections,
                              [context, function](inventory::Content& content, Report& report) {
                                  function(*context, content, report);
                              }});
    }
    return collectors;
}

}  // namespace parque::agent

namespace parque::agent::platform {
namespace {

// Streamed through a 64 KiB buffer: the 1.3 MB pci.ids is never held in memory.
std::unique_ptr<HwIds> loadIds(const RootFs& fs, const char* primary, const char* secondary,
                               const HwIdsWanted& wanted) {
    for (const char* path : {primary, secondary}) {
        std::ifstream file(fs.path(path), std::ios::binary);
        if (file) {
            return std::make_unique<HwIds>(HwIds::fromStream(file, wanted));
        }
    }
    return std::make_unique<HwIds>(HwIds::fromText(std::string()));
}

}  // namespace

const HwIds& LinuxContext::pciIds(const HwIdsWanted& wanted) {
    if (!pci_) {
        pci_ = loadIds(fs_, "usr/share/misc/pci.ids", "usr/share/hwdata/pci.ids", wanted);
    }
    return *pci_;
}

const HwIds& LinuxContext::usbIds(const HwIdsWanted& wanted) {
    if (!usb_) {
        usb_ = loadIds(fs_, "usr/share/misc/usb.ids", "usr/share/hwdata/usb.ids", wanted);
    }
    return *usb_;
}

const PnpIds& LinuxContext::pnpIds() {
    if (!pnp_) {
        FileRead file = fs_.read("usr/share/hwdata/pnp.ids");
        std::istringstream in(file.data ? *file.data : std::string());
        pnp_ = std::make_unique<PnpIds>(PnpIds::parse(in));
    }
    return *pnp_;
}

}  // namespace parque::agent::platform
