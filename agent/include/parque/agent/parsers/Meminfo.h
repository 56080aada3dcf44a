// /proc/meminfo -> the installed memory and swap sizes.
//
// Lines look like "MemTotal:       24683656 kB": a key, a colon, a decimal number and, for sizes,
// the unit "kB" (which the kernel means as KiB). A value is taken only when it is a plain
// non-negative decimal that fits in 64 bits and carries the unit "kB"; anything else leaves the
// field nullopt. The first readable occurrence of a key wins; other keys are ignored.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace parque::agent {

struct Meminfo {
    std::optional<std::int64_t> memTotalKib;   // MemTotal
    std::optional<std::int64_t> swapTotalKib;  // SwapTotal (0 when the machine has no swap)
};

Meminfo parseMeminfo(std::string_view text);

}  // namespace parque::agent
