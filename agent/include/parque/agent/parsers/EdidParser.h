// Pure parser for a monitor's EDID (VESA E-EDID 1.3 / 1.4 base block plus extension blocks), as
// the kernel exposes it in /sys/class/drm/*/edid. Bytes in, typed values out; no I/O.
//
// Semantics follow edid-decode (the reference tool):
//  * manufacturer: the 3-letter PNP id, each 5-bit letter decoded as '@' + value (so a garbage
//    id shows up as e.g. "@AB" rather than being dropped).
//  * "Made in" byte pair: week 0xFF = model year (modelYear, no year/week); week 0 = year only;
//    year = 1990 + byte.
//  * sizeCm only when both the width and the height byte are non-zero (otherwise the EDID holds
//    an aspect ratio or a variable size).
//  * Display descriptors (pixel clock 0) are read in block 0 and in the detailed-timing area of
//    CTA-861 extension blocks, in block order. Strings end at 0x0A (or a NUL / 0xFF byte), are
//    right-trimmed of spaces; bytes outside printable ASCII become '?'.
//
// Fatal (ParseError): fewer than 128 bytes, bad header, bad block 0 checksum, or fewer bytes than
// the declared number of extension blocks needs. A bad extension-block checksum or trailing bytes
// after the declared blocks are not fatal (edid-decode decodes such EDIDs too) and are reported
// in `warnings`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parque/agent/parsers/ParseError.h"

namespace parque::agent::edid {

struct Edid {
    std::string manufacturer;                   // 3-letter PNP id, e.g. "DEL"
    std::uint16_t productCode = 0;              // bytes 10-11, little endian
    std::uint32_t serialNumber = 0;             // bytes 12-15, little endian; 0 = none
    std::optional<std::string> serialString;    // first 0xFF descriptor; empty/blank -> nullopt
    std::optional<std::string> monitorName;     // first 0xFC descriptor; empty/blank -> nullopt
    std::vector<std::string> monitorNames;      // every 0xFC descriptor, in order (as decoded)
    std::optional<int> year;                    // year of manufacture
    std::optional<int> week;                    // week of manufacture (1..254)
    std::optional<int> modelYear;               // set instead of year when the week byte is 0xFF
    std::optional<std::pair<int, int>> sizeCm;  // maximum image size {h, v} in cm
    std::string version;                        // "1.3", "1.4"
    std::size_t sizeBytes = 0;                  // 128 * (1 + declared extension blocks)
    std::vector<std::string> warnings;          // non-fatal oddities (bad extension checksum, ...)
};

// Parses a whole EDID (base block followed by its extension blocks). Throws ParseError when the
// input cannot be used at all (see above).
Edid parse(std::string_view bytes);

}  // namespace parque::agent::edid
