#include "parque/inventory/Rules.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace parque::inventory {
namespace {

bool digitsAt(std::string_view s, std::size_t from, std::size_t count) {
    if (s.size() < from + count) {
        return false;
    }
    return std::all_of(s.begin() + static_cast<std::ptrdiff_t>(from),
                       s.begin() + static_cast<std::ptrdiff_t>(from + count),
                       [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

template <std::size_t N>
bool oneOf(std::string_view s, const std::array<std::string_view, N>& values) {
    return std::find(values.begin(), values.end(), s) != values.end();
}

// HH:MM:SS at `from`.
bool isTime(std::string_view s, std::size_t from) {
    return digitsAt(s, from, 2) && s.size() > from + 7 && s[from + 2] == ':' &&
           digitsAt(s, from + 3, 2) && s[from + 5] == ':' && digitsAt(s, from + 6, 2);
}

}  // namespace

bool isDate(std::string_view s) {
    return s.size() == 10 && digitsAt(s, 0, 4) && s[4] == '-' && digitsAt(s, 5, 2) && s[7] == '-' &&
           digitsAt(s, 8, 2);
}

bool isDateTime(std::string_view s) {
    if (s.size() < 19 || !isDate(s.substr(0, 10)) ||
        (s[10] != ' ' && s[10] != 'T' && s[10] != '|') || !isTime(s, 11)) {
        return false;
    }
    const std::string_view zone = s.substr(19);
    if (zone.empty() || zone == "Z") {
        return true;
    }
    // The schema's pattern spells the zone as [+|-]HH:MM:SS.
    return zone.size() == 9 && (zone[0] == '+' || zone[0] == '-' || zone[0] == '|') &&
           isTime(zone, 1);
}

bool isDateOrDateTime(std::string_view s) { return isDate(s) || isDateTime(s); }

bool isTimeZoneOffset(std::string_view s) {
    return s.size() == 5 && (s[0] == '+' || s[0] == '-') && digitsAt(s, 1, 4);
}

bool isSecureBoot(std::string_view s) {
    static constexpr std::array<std::string_view, 3> values{"enabled", "disabled", "unsupported"};
    return oneOf(s, values);
}

bool isCpuArch(std::string_view s) {
    static constexpr std::array<std::string_view, 11> exact{
        "mips",   "mips64",  "alpha",     "sparc",   "sparc64", "m68k",
        "x86_64", "powerpc", "powerpc64", "aarch64", "i386"};
    if (oneOf(s, exact)) {
        return true;
    }
    if (s.size() == 4 && s[0] == 'i' && std::isdigit(static_cast<unsigned char>(s[1])) != 0 &&
        s.substr(2) == "86") {
        return true;
    }
    return s.substr(0, 3) == "arm";
}

bool isNetworkStatus(std::string_view s) {
    static constexpr std::array<std::string_view, 7> values{
        "up", "down", "dormant", "notpresent", "lowerlayerdown", "unknown", "testing"};
    return oneOf(s, values);
}

bool isNetworkType(std::string_view s) {
    static constexpr std::array<std::string_view, 10> values{
        "ethernet", "wifi",     "infiniband", "aggregate",    "alias",
        "dialup",   "loopback", "bridge",     "fibrechannel", "bluetooth"};
    return oneOf(s, values);
}

bool isVirtualMachineStatus(std::string_view s) {
    static constexpr std::array<std::string_view, 8> values{
        "running", "blocked", "idle", "paused", "shutdown", "crashed", "dying", "off"};
    return oneOf(s, values);
}

bool isItemType(std::string_view s) {
    static constexpr std::array<std::string_view, 5> values{"Unmanaged", "Computer", "Phone",
                                                            "NetworkEquipment", "Printer"};
    return oneOf(s, values);
}

bool isIpv4(std::string_view s) {
    int parts = 0;
    std::size_t i = 0;
    while (parts < 4) {
        std::size_t digits = 0;
        int value = 0;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) != 0 && digits < 4) {
            value = value * 10 + (s[i] - '0');
            ++digits;
            ++i;
        }
        if (digits == 0 || digits > 3 || value > 255 || (digits > 1 && s[i - digits] == '0')) {
            return false;
        }
        ++parts;
        if (parts < 4) {
            if (i >= s.size() || s[i] != '.') {
                return false;
            }
            ++i;
        }
    }
    return i == s.size();
}

bool isIpv6(std::string_view s) {
    // Groups of 1-4 hex digits separated by ':', at most one "::", optionally ending in an IPv4.
    if (s.size() < 2 || s.size() > 45) {
        return false;
    }
    int groups = 0;
    bool compressed = false;
    std::size_t i = 0;
    if (s.substr(0, 2) == "::") {
        compressed = true;
        i = 2;
    } else if (s[0] == ':') {
        return false;
    }
    while (i < s.size()) {
        std::size_t start = i;
        while (i < s.size() && std::isxdigit(static_cast<unsigned char>(s[i])) != 0) {
            ++i;
        }
        if (i < s.size() && s[i] == '.') {
            return isIpv4(s.substr(start)) && groups + 2 <= (compressed ? 7 : 8) &&
                   (compressed || groups == 6);
        }
        if (i == start || i - start > 4) {
            return false;
        }
        ++groups;
        if (i == s.size()) {
            break;
        }
        if (s[i] != ':') {
            return false;
        }
        ++i;
        if (i < s.size() && s[i] == ':') {
            if (compressed) {
                return false;
            }
            compressed = true;
            ++i;
        } else if (i == s.size()) {
            return false;
        }
    }
    return compressed ? groups <= 7 : groups == 8;
}

bool isIpAddress(std::string_view s) { return isIpv4(s) || isIpv6(s); }

}  // namespace parque::inventory
