// Which hypervisor a machine runs on, from its firmware's vendor and product strings (SMBIOS),
// the same on every platform.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace parque::agent {

// "QEMU", "KVM", "VMware", "VirtualBox", "Xen", "Parallels", "Hyper-V", "Bochs"; nullopt when
// the strings name no known hypervisor. `firmware`: the system manufacturer, product and BIOS
// vendor, in any order and separated by anything.
std::optional<std::string> hypervisorFromFirmware(std::string_view firmware);

}  // namespace parque::agent
