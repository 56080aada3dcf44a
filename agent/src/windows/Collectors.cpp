// The Windows collectors, in the order they run (cpus refines what SMBIOS said about processors,
// as on Linux). No PowerShell, no WMI command, no shell: Win32 APIs and the registry only.
#include "parque/agent/Collector.h"
#include "parque/agent/windows/WindowsCollectors.h"

namespace parque::agent {
namespace {

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
        {"monitors", {"monitors"}, &platform::collectMonitors},
        {"softwares", {"softwares"}, &platform::collectSoftwares},
    };
    return list;
}

}  // namespace

// PlatformOptions::root is a Linux notion (a fixture tree); Windows reads the live machine.
std::vector<Collector> platformCollectors(const PlatformOptions& /*options*/) {
    std::vector<Collector> collectors;
    for (const Entry& entry : entries()) {
        const platform::CollectFunction function = entry.function;
        collectors.push_back(
            {entry.name, entry.sections, [function](inventory::Content& content, Report& report) {
                 function(content, report);
             }});
    }
    return collectors;
}

}  // namespace parque::agent
