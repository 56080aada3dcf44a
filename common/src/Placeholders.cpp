#include "parque/inventory/Placeholders.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace parque::inventory {
namespace {

std::string normalised(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (const char c : value) {
        if (std::isspace(static_cast<unsigned char>(c)) == 0) {
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    return out;
}

bool allOf(std::string_view value, std::string_view allowed) {
    return std::all_of(value.begin(), value.end(),
                       [&](char c) { return allowed.find(c) != std::string_view::npos; });
}

}  // namespace

bool isPlaceholderSerial(std::string_view value) {
    // Compared without case and spaces, so "To be filled by O.E.M." and "TO BE FILLED BY OEM"
    // match.
    static constexpr std::array<std::string_view, 24> known{"tobefilledbyo.e.m.",
                                                            "tobefilledbyoem",
                                                            "defaultstring",
                                                            "systemserialnumber",
                                                            "chassisserialnumber",
                                                            "baseboardserialnumber",
                                                            "notspecified",
                                                            "notapplicable",
                                                            "none",
                                                            "null",
                                                            "n/a",
                                                            "na",
                                                            "unknown",
                                                            "notavailable",
                                                            "invalid",
                                                            "oem",
                                                            "o.e.m.",
                                                            "serial",
                                                            "serialnumber",
                                                            "123456789",
                                                            "<badindex>",
                                                            "noassettag",
                                                            "-1",
                                                            "empty"};
    const std::string n = normalised(value);
    if (n.empty() || std::find(known.begin(), known.end(), n) != known.end()) {
        return true;
    }
    if (allOf(n, "0-.:") || allOf(n, "f-") || allOf(n, "x-")) {
        return true;  // all zeros, all 0xFF, all x
    }
    // Windows-style instance paths ("5&2D8A1B3&0&2") are a port position, not a device serial.
    return n.find('&') != std::string::npos;
}

bool isPlaceholderUuid(std::string_view value) {
    const std::string n = normalised(value);
    if (n.empty() || allOf(n, "0-") || allOf(n, "f-")) {
        return true;
    }
    // The UUID that many boards and QEMU ship with, unchanged from the reference firmware.
    return n == "03000200-0400-0500-0006-000700080009";
}

}  // namespace parque::inventory
