#include "parque/agent/parsers/Meminfo.h"

#include <charconv>

namespace parque::agent {

namespace {

constexpr std::string_view blanks = " \t\r";

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(blanks);
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(blanks);
    return text.substr(first, last - first + 1);
}

// "24683656 kB" -> 24683656; nullopt for a missing or other unit, a sign, junk or overflow.
std::optional<std::int64_t> parseKib(std::string_view value) {
    value = trim(value);
    const auto space = value.find_first_of(blanks);
    if (space == std::string_view::npos || trim(value.substr(space)) != "kB") {
        return std::nullopt;
    }
    const std::string_view digits = value.substr(0, space);
    if (digits.empty() || digits.front() < '0' || digits.front() > '9') {
        return std::nullopt;
    }
    std::int64_t number = 0;
    const char* end = digits.data() + digits.size();
    const auto result = std::from_chars(digits.data(), end, number);
    if (result.ec != std::errc() || result.ptr != end) {
        return std::nullopt;
    }
    return number;
}

}  // namespace

Meminfo parseMeminfo(std::string_view text) {
    Meminfo info;
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto end = text.find('\n', pos);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        const std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) {
            continue;
        }
        const std::string_view key = line.substr(0, colon);
        const std::string_view value = line.substr(colon + 1);
        if (key == "MemTotal" && !info.memTotalKib) {
            info.memTotalKib = parseKib(value);
        } else if (key == "SwapTotal" && !info.swapTotalKib) {
            info.swapTotalKib = parseKib(value);
        }
    }
    return info;
}

}  // namespace parque::agent
