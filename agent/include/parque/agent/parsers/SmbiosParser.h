// Pure SMBIOS (DMI) parser: entry point + structure table bytes in, typed values out.
//
// Decodes the first BIOS (type 0), System (1), Base Board (2) and Chassis (3) structure and every
// Processor (4) and Memory Device (17) structure, following dmidecode 3.4's rules: fields that a
// structure of that length does not have are std::nullopt, string number 0 is std::nullopt, strings
// are filtered like dmidecode does (bytes < 0x20, 0x7F and >= 0x80 become '.') and then stripped of
// leading and trailing spaces. A string number past the structure's string set gives the value
// "<BAD INDEX>" (dmidecode's rendering) plus an entry in Tables::problems.
//
// An unreadable entry point throws parque::agent::ParseError. A damaged table (shorter than
// announced, a structure running past its end, no string-set terminator) does not throw: decoding
// stops there, what was decoded is kept and Tables::problems says what was wrong.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parque::agent::smbios {

using OptString = std::optional<std::string>;
using OptInt = std::optional<std::int64_t>;

struct Bios {
    OptString vendor;
    OptString version;
    OptString releaseDate;  // verbatim, e.g. "02/06/2016"
};

struct System {
    OptString manufacturer;
    OptString product;
    OptString version;
    OptString serial;
    OptString uuid;  // as dmidecode 3.4 prints it: lower-case hex, SMBIOS >= 2.6 byte order rule
    OptString sku;
    OptString family;
};

struct Board {
    OptString manufacturer;
    OptString product;
    OptString version;
    OptString serial;
    OptString assetTag;
};

struct Chassis {
    OptString type;   // dmidecode's name, e.g. "Rack Mount Chassis"; nullopt when out of spec
    OptInt typeCode;  // bits 6:0 of the type byte (bit 7 is the lock flag)
    OptString manufacturer;
    OptString version;
    OptString serial;
    OptString assetTag;
};

struct Processor {
    OptString socket;
    OptString manufacturer;
    OptString version;
    OptString family;  // dmidecode's family name; nullopt when the code is not known
    OptInt maxSpeedMhz;
    OptInt currentSpeedMhz;
    OptInt coreCount;
    OptInt threadCount;
    OptString status;  // "Populated, Enabled", "Unpopulated", ...
    bool populated = false;
    bool isCentralProcessor = false;  // processor type 0x03 ("Central Processor")
    std::string id;                   // the 8 raw ID bytes, e.g. "E3 06 04 00 FF FB EB BF"
};

struct MemoryDevice {
    OptString locator;
    OptString bank;
    OptInt sizeMb;         // 0 = empty slot, nullopt = unknown; KB-granular sizes are rounded up
    OptString type;        // e.g. "DDR4"
    OptString formFactor;  // e.g. "DIMM", "SODIMM"
    OptInt speedMts;
    OptInt configuredSpeedMts;
    OptString manufacturer;  // this and the following are nullopt for an empty slot
    OptString serial;
    OptString partNumber;
};

struct Tables {
    std::string version;        // "2.7", "3.3.0": as dmidecode's "SMBIOS x.y present" line
    std::string entryPoint;     // "_SM_", "_SM3_" (or "_DMI_" for a legacy DMI-only entry point)
    int structuresDecoded = 0;  // structures read in full, the end-of-table one included
    std::optional<Bios> bios;
    std::optional<System> system;
    std::optional<Board> board;
    std::optional<Chassis> chassis;
    std::vector<Processor> processors;        // every type 4, table order
    std::vector<MemoryDevice> memoryDevices;  // every type 17, table order
    std::vector<std::string> problems;  // what was wrong with the table; empty when all was fine
};

// entryPoint: the bytes of /sys/firmware/dmi/tables/smbios_entry_point (anchor, length and
// checksums are verified; ParseError if they are wrong). table: the bytes of
// /sys/firmware/dmi/tables/DMI, read from offset 0 (the address in the entry point is ignored).
Tables parse(std::string_view entryPoint, std::string_view table);

// A `dmidecode --dump-bin` file: the entry point at offset 0, the table at the offset that the
// entry point's table address gives.
Tables parseDump(std::string_view dumpBin);

}  // namespace parque::agent::smbios
