#include "parque/agent/Hypervisor.h"

#include <array>
#include <utility>

namespace parque::agent {

std::optional<std::string> hypervisorFromFirmware(std::string_view firmware) {
    static constexpr std::array<std::pair<const char*, const char*>, 10> vendors{{
        {"QEMU", "QEMU"},
        {"KVM", "KVM"},
        {"VMware", "VMware"},
        {"innotek", "VirtualBox"},
        {"VirtualBox", "VirtualBox"},
        {"Xen", "Xen"},
        {"Parallels", "Parallels"},
        {"Virtual Machine", "Hyper-V"},
        {"Bochs", "Bochs"},
        {"Amazon EC2", "KVM"},
    }};
    for (const auto& [marker, kind] : vendors) {
        if (firmware.find(marker) != std::string_view::npos) {
            return std::string(kind);
        }
    }
    return std::nullopt;
}

}  // namespace parque::agent
