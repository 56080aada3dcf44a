// /proc/cpuinfo -> the processor's vendor and model, the hypervisor flag, and the CPU count.
//
// Lines are "key<TABs>: value"; a blank line separates processors. Vendor, model and flags are
// taken from their first occurrence, which is the first processor's block. Architectures print
// different keys: x86 has "vendor_id", "model name" and "flags"; arm64 has none of them
// ("CPU implementer", "Features"); old 32-bit ARM kernels name the model in "Processor" (capital
// P), which is used when there is no "model name". What is absent stays nullopt.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace parque::agent {

struct CpuInfo {
    std::optional<std::string> vendorId;   // "GenuineIntel", "AuthenticAMD"
    std::optional<std::string> modelName;  // "Intel(R) Xeon(R) Processor"
    bool hypervisor = false;               // "hypervisor" is one of the first "flags"
    int processors = 0;                    // number of "processor" lines (logical CPUs online)
};

CpuInfo parseCpuInfo(std::string_view text);

}  // namespace parque::agent
