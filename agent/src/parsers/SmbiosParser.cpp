// SMBIOS parser (see SmbiosParser.h). Reference: DMTF DSP0134 and the output of dmidecode 3.4.
// Every read goes through u8At() / leAt() (string_view::at) after an explicit length check.
#include "parque/agent/parsers/SmbiosParser.h"

#include "parque/agent/parsers/ParseError.h"

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <stdexcept>

namespace parque::agent::smbios {
namespace {

constexpr const char* badIndex = "<BAD INDEX>";

struct Name {
    std::uint16_t code;
    const char* name;
};

// clang-format off
// Processor families (DSP0134 7.5.2), names as dmidecode prints them; 0xBE is handled apart.
constexpr Name processorFamilies[] = {
    {0x01, "Other"}, {0x02, "Unknown"}, {0x03, "8086"}, {0x04, "80286"}, {0x05, "80386"},
    {0x06, "80486"}, {0x07, "8087"}, {0x08, "80287"}, {0x09, "80387"}, {0x0A, "80487"},
    {0x0B, "Pentium"}, {0x0C, "Pentium Pro"}, {0x0D, "Pentium II"}, {0x0E, "Pentium MMX"},
    {0x0F, "Celeron"}, {0x10, "Pentium II Xeon"}, {0x11, "Pentium III"}, {0x12, "M1"},
    {0x13, "M2"}, {0x14, "Celeron M"}, {0x15, "Pentium 4 HT"}, {0x18, "Duron"}, {0x19, "K5"},
    {0x1A, "K6"}, {0x1B, "K6-2"}, {0x1C, "K6-3"}, {0x1D, "Athlon"}, {0x1E, "AMD29000"},
    {0x1F, "K6-2+"}, {0x20, "Power PC"}, {0x21, "Power PC 601"}, {0x22, "Power PC 603"},
    {0x23, "Power PC 603+"}, {0x24, "Power PC 604"}, {0x25, "Power PC 620"},
    {0x26, "Power PC x704"}, {0x27, "Power PC 750"}, {0x28, "Core Duo"},
    {0x29, "Core Duo Mobile"}, {0x2A, "Core Solo Mobile"}, {0x2B, "Atom"}, {0x2C, "Core M"},
    {0x2D, "Core m3"}, {0x2E, "Core m5"}, {0x2F, "Core m7"}, {0x30, "Alpha"},
    {0x31, "Alpha 21064"}, {0x32, "Alpha 21066"}, {0x33, "Alpha 21164"},
    {0x34, "Alpha 21164PC"}, {0x35, "Alpha 21164a"}, {0x36, "Alpha 21264"},
    {0x37, "Alpha 21364"}, {0x38, "Turion II Ultra Dual-Core Mobile M"},
    {0x39, "Turion II Dual-Core Mobile M"}, {0x3A, "Athlon II Dual-Core M"},
    {0x3B, "Opteron 6100"}, {0x3C, "Opteron 4100"}, {0x3D, "Opteron 6200"},
    {0x3E, "Opteron 4200"}, {0x3F, "FX"}, {0x40, "MIPS"}, {0x41, "MIPS R4000"},
    {0x42, "MIPS R4200"}, {0x43, "MIPS R4400"}, {0x44, "MIPS R4600"}, {0x45, "MIPS R10000"},
    {0x46, "C-Series"}, {0x47, "E-Series"}, {0x48, "A-Series"}, {0x49, "G-Series"},
    {0x4A, "Z-Series"}, {0x4B, "R-Series"}, {0x4C, "Opteron 4300"}, {0x4D, "Opteron 6300"},
    {0x4E, "Opteron 3300"}, {0x4F, "FirePro"}, {0x50, "SPARC"}, {0x51, "SuperSPARC"},
    {0x52, "MicroSPARC II"}, {0x53, "MicroSPARC IIep"}, {0x54, "UltraSPARC"},
    {0x55, "UltraSPARC II"}, {0x56, "UltraSPARC IIi"}, {0x57, "UltraSPARC III"},
    {0x58, "UltraSPARC IIIi"}, {0x60, "68040"}, {0x61, "68xxx"}, {0x62, "68000"},
    {0x63, "68010"}, {0x64, "68020"}, {0x65, "68030"}, {0x66, "Athlon X4"},
    {0x67, "Opteron X1000"}, {0x68, "Opteron X2000"}, {0x69, "Opteron A-Series"},
    {0x6A, "Opteron X3000"}, {0x6B, "Zen"}, {0x70, "Hobbit"}, {0x78, "Crusoe TM5000"},
    {0x79, "Crusoe TM3000"}, {0x7A, "Efficeon TM8000"}, {0x80, "Weitek"}, {0x82, "Itanium"},
    {0x83, "Athlon 64"}, {0x84, "Opteron"}, {0x85, "Sempron"}, {0x86, "Turion 64"},
    {0x87, "Dual-Core Opteron"}, {0x88, "Athlon 64 X2"}, {0x89, "Turion 64 X2"},
    {0x8A, "Quad-Core Opteron"}, {0x8B, "Third-Generation Opteron"}, {0x8C, "Phenom FX"},
    {0x8D, "Phenom X4"}, {0x8E, "Phenom X2"}, {0x8F, "Athlon X2"}, {0x90, "PA-RISC"},
    {0x91, "PA-RISC 8500"}, {0x92, "PA-RISC 8000"}, {0x93, "PA-RISC 7300LC"},
    {0x94, "PA-RISC 7200"}, {0x95, "PA-RISC 7100LC"}, {0x96, "PA-RISC 7100"}, {0xA0, "V30"},
    {0xA1, "Quad-Core Xeon 3200"}, {0xA2, "Dual-Core Xeon 3000"},
    {0xA3, "Quad-Core Xeon 5300"}, {0xA4, "Dual-Core Xeon 5100"},
    {0xA5, "Dual-Core Xeon 5000"}, {0xA6, "Dual-Core Xeon LV"}, {0xA7, "Dual-Core Xeon ULV"},
    {0xA8, "Dual-Core Xeon 7100"}, {0xA9, "Quad-Core Xeon 5400"}, {0xAA, "Quad-Core Xeon"},
    {0xAB, "Dual-Core Xeon 5200"}, {0xAC, "Dual-Core Xeon 7200"},
    {0xAD, "Quad-Core Xeon 7300"}, {0xAE, "Quad-Core Xeon 7400"},
    {0xAF, "Multi-Core Xeon 7400"}, {0xB0, "Pentium III Xeon"},
    {0xB1, "Pentium III Speedstep"}, {0xB2, "Pentium 4"}, {0xB3, "Xeon"}, {0xB4, "AS400"},
    {0xB5, "Xeon MP"}, {0xB6, "Athlon XP"}, {0xB7, "Athlon MP"}, {0xB8, "Itanium 2"},
    {0xB9, "Pentium M"}, {0xBA, "Celeron D"}, {0xBB, "Pentium D"}, {0xBC, "Pentium EE"},
    {0xBD, "Core Solo"}, {0xBF, "Core 2 Duo"}, {0xC0, "Core 2 Solo"},
    {0xC1, "Core 2 Extreme"}, {0xC2, "Core 2 Quad"}, {0xC3, "Core 2 Extreme Mobile"},
    {0xC4, "Core 2 Duo Mobile"}, {0xC5, "Core 2 Solo Mobile"}, {0xC6, "Core i7"},
    {0xC7, "Dual-Core Celeron"}, {0xC8, "IBM390"}, {0xC9, "G4"}, {0xCA, "G5"},
    {0xCB, "ESA/390 G6"}, {0xCC, "z/Architecture"}, {0xCD, "Core i5"}, {0xCE, "Core i3"},
    {0xCF, "Core i9"}, {0xD2, "C7-M"}, {0xD3, "C7-D"}, {0xD4, "C7"}, {0xD5, "Eden"},
    {0xD6, "Multi-Core Xeon"}, {0xD7, "Dual-Core Xeon 3xxx"}, {0xD8, "Quad-Core Xeon 3xxx"},
    {0xD9, "Nano"}, {0xDA, "Dual-Core Xeon 5xxx"}, {0xDB, "Quad-Core Xeon 5xxx"},
    {0xDD, "Dual-Core Xeon 7xxx"}, {0xDE, "Quad-Core Xeon 7xxx"},
    {0xDF, "Multi-Core Xeon 7xxx"}, {0xE0, "Multi-Core Xeon 3400"}, {0xE4, "Opteron 3000"},
    {0xE5, "Sempron II"}, {0xE6, "Embedded Opteron Quad-Core"}, {0xE7, "Phenom Triple-Core"},
    {0xE8, "Turion Ultra Dual-Core Mobile"}, {0xE9, "Turion Dual-Core Mobile"},
    {0xEA, "Athlon Dual-Core"}, {0xEB, "Sempron SI"}, {0xEC, "Phenom II"},
    {0xED, "Athlon II"}, {0xEE, "Six-Core Opteron"}, {0xEF, "Sempron M"}, {0xFA, "i860"},
    {0xFB, "i960"}, {0x100, "ARMv7"}, {0x101, "ARMv8"}, {0x104, "SH-3"}, {0x105, "SH-4"},
    {0x118, "ARM"}, {0x119, "StrongARM"}, {0x12C, "6x86"}, {0x12D, "MediaGX"}, {0x12E, "MII"},
    {0x140, "WinChip"}, {0x15E, "DSP"}, {0x1F4, "Video Processor"}, {0x200, "RV32"},
    {0x201, "RV64"}, {0x202, "RV128"},
};

constexpr const char* chassisTypes[] = {  // code 0x01..0x24
    "Other", "Unknown", "Desktop", "Low Profile Desktop", "Pizza Box", "Mini Tower", "Tower",
    "Portable", "Laptop", "Notebook", "Hand Held", "Docking Station", "All In One",
    "Sub Notebook", "Space-saving", "Lunch Box", "Main Server Chassis", "Expansion Chassis",
    "Sub Chassis", "Bus Expansion Chassis", "Peripheral Chassis", "RAID Chassis",
    "Rack Mount Chassis", "Sealed-case PC", "Multi-system", "CompactPCI", "AdvancedTCA",
    "Blade", "Blade Enclosing", "Tablet", "Convertible", "Detachable", "IoT Gateway",
    "Embedded PC", "Mini PC", "Stick PC",
};

constexpr const char* memoryTypes[] = {  // code 0x01..0x23; nullptr = reserved
    "Other", "Unknown", "DRAM", "EDRAM", "VRAM", "SRAM", "RAM", "ROM", "Flash", "EEPROM",
    "FEPROM", "EPROM", "CDRAM", "3DRAM", "SDRAM", "SGRAM", "RDRAM", "DDR", "DDR2",
    "DDR2 FB-DIMM", nullptr, nullptr, nullptr, "DDR3", "FBD2", "DDR4", "LPDDR", "LPDDR2",
    "LPDDR3", "LPDDR4", "Logical non-volatile device", "HBM", "HBM2", "DDR5", "LPDDR5",
};

constexpr const char* formFactors[] = {  // code 0x01..0x10
    "Other", "Unknown", "SIMM", "SIP", "Chip", "DIP", "ZIP", "Proprietary Card", "DIMM", "TSOP",
    "Row Of Chips", "RIMM", "SODIMM", "SRIMM", "FB-DIMM", "Die",
};

constexpr const char* processorStatuses[] = {  // code 0..7; nullptr = out of spec
    "Unknown", "Enabled", "Disabled By User", "Disabled By BIOS", "Idle", nullptr, nullptr,
    "Other",
};
// clang-format on

template <std::size_t N>
OptString nameFromList(const char* const (&names)[N], unsigned code) {
    if (code < 1 || code > N || names[code - 1] == nullptr) {
        return std::nullopt;
    }
    return std::string(names[code - 1]);
}

std::uint8_t u8At(std::string_view bytes, std::size_t offset) {
    return static_cast<std::uint8_t>(bytes.at(offset));
}

std::uint64_t leAt(std::string_view bytes, std::size_t offset, std::size_t size) {
    std::uint64_t value = 0;
    for (std::size_t i = size; i > 0; --i) {
        value = (value << 8) | u8At(bytes, offset + i - 1);
    }
    return value;
}

std::string hexByte(unsigned value, bool upper) {
    char buffer[3];
    std::snprintf(buffer, sizeof buffer, upper ? "%02X" : "%02x", value & 0xFFu);
    return buffer;
}

// ---------------------------------------------------------------------------------------------
// Entry point

struct EntryPoint {
    std::string anchor;
    std::string version;
    unsigned ver = 0;      // major << 8 | minor, after dmidecode's fix-ups
    std::size_t size = 0;  // bytes of the entry point that were checked
    std::uint64_t tableAddress = 0;
    std::uint32_t tableLength = 0;  // exact length (2.x) or maximum size (3.x)
    unsigned structureCount = 0;    // 0 = not announced (3.x)
};

bool checksumOk(std::string_view bytes, std::size_t offset, std::size_t length) {
    unsigned sum = 0;
    for (std::size_t i = 0; i < length; ++i) {
        sum += u8At(bytes, offset + i);
    }
    return (sum & 0xFFu) == 0;
}

void require(bool condition, const std::string& message) {
    if (!condition) {
        throw ParseError("SMBIOS entry point: " + message);
    }
}

void requireSize(std::string_view ep, std::size_t needed, const char* what) {
    require(ep.size() >= needed, std::string(what) + " needs " + std::to_string(needed) +
                                     " bytes, got " + std::to_string(ep.size()));
}

EntryPoint readSmbios3(std::string_view ep) {
    requireSize(ep, 0x18, "_SM3_ entry point");
    EntryPoint result;
    result.anchor = "_SM3_";
    result.size = u8At(ep, 0x06);
    require(result.size >= 0x18 && result.size <= 0x20,
            "_SM3_ length byte " + std::to_string(result.size) + " is not within 24..32");
    requireSize(ep, result.size, "_SM3_ entry point (per its length byte)");
    require(checksumOk(ep, 0, result.size), "_SM3_ checksum mismatch");
    const unsigned major = u8At(ep, 0x07);
    const unsigned minor = u8At(ep, 0x08);
    result.ver = (major << 8) | minor;
    result.version =
        std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(u8At(ep, 0x09));
    result.tableLength = static_cast<std::uint32_t>(leAt(ep, 0x0C, 4));
    result.tableAddress = leAt(ep, 0x10, 8);
    return result;
}

void readLegacyDmi(std::string_view ep, std::size_t offset, EntryPoint& result) {
    require(ep.substr(offset, 5) == "_DMI_", "no _DMI_ anchor at offset " + std::to_string(offset));
    require(checksumOk(ep, offset, 0x0F), "_DMI_ checksum mismatch");
    result.tableLength = static_cast<std::uint32_t>(leAt(ep, offset + 0x06, 2));
    result.tableAddress = leAt(ep, offset + 0x08, 4);
    result.structureCount = static_cast<unsigned>(leAt(ep, offset + 0x0C, 2));
}

EntryPoint readSmbios2(std::string_view ep) {
    requireSize(ep, 0x1F, "_SM_ entry point");
    EntryPoint result;
    result.anchor = "_SM_";
    const std::size_t length = u8At(ep, 0x05);
    require(length >= 0x1E && length <= 0x20,
            "_SM_ length byte " + std::to_string(length) + " is not within 30..32");
    requireSize(ep, length, "_SM_ entry point (per its length byte)");
    require(checksumOk(ep, 0, length), "_SM_ checksum mismatch");
    readLegacyDmi(ep, 0x10, result);
    result.size = std::max<std::size_t>(length, 0x1F);
    result.ver = static_cast<unsigned>(u8At(ep, 0x06) << 8 | u8At(ep, 0x07));
    if (result.ver == 0x021F || result.ver == 0x0221) {  // dmidecode's fix-ups of bogus versions
        result.ver = 0x0203;
    } else if (result.ver == 0x0233) {
        result.ver = 0x0206;
    }
    result.version = std::to_string(result.ver >> 8) + "." + std::to_string(result.ver & 0xFFu);
    return result;
}

EntryPoint readEntryPoint(std::string_view ep) {
    if (ep.substr(0, 5) == "_SM3_") {
        return readSmbios3(ep);
    }
    if (ep.substr(0, 4) == "_SM_") {
        return readSmbios2(ep);
    }
    if (ep.substr(0, 5) == "_DMI_") {
        requireSize(ep, 0x0F, "_DMI_ entry point");
        EntryPoint result;
        result.anchor = "_DMI_";
        result.size = 0x0F;
        readLegacyDmi(ep, 0, result);
        const unsigned bcd = u8At(ep, 0x0E);
        result.ver = ((bcd & 0xF0u) << 4) | (bcd & 0x0Fu);
        result.version = std::to_string(bcd >> 4) + "." + std::to_string(bcd & 0x0Fu);
        return result;
    }
    throw ParseError("SMBIOS entry point: no _SM3_, _SM_ or _DMI_ anchor (" +
                     std::to_string(ep.size()) + " bytes)");
}

// ---------------------------------------------------------------------------------------------
// One structure: the formatted area plus its string set, every access bounds-checked.

class Record {
public:
    Record(std::string_view formatted, std::string_view strings, std::size_t offset,
           std::vector<std::string>& problems)
        : data(formatted), stringSet(strings), tableOffset(offset), problemList(problems) {}

    std::uint8_t type() const { return u8At(data, 0); }
    std::size_t length() const { return data.size(); }
    std::uint16_t handle() const { return static_cast<std::uint16_t>(leAt(data, 2, 2)); }
    std::uint8_t u8(std::size_t offset) const { return u8At(data, offset); }
    std::uint16_t u16(std::size_t offset) const {
        return static_cast<std::uint16_t>(leAt(data, offset, 2));
    }
    std::uint32_t u32(std::size_t offset) const {
        return static_cast<std::uint32_t>(leAt(data, offset, 4));
    }
    std::string_view bytes(std::size_t offset, std::size_t count) const {
        return data.substr(offset, count);
    }

    // The string whose number is at `offset`: nullopt for number 0, "<BAD INDEX>" past the set.
    OptString string(std::size_t offset) const {
        const unsigned number = u8(offset);
        if (number == 0) {
            return std::nullopt;
        }
        std::string_view rest = stringSet;
        for (unsigned i = 1; !rest.empty() && rest.front() != '\0'; ++i) {
            const std::size_t end = std::min(rest.find('\0'), rest.size());
            if (i == number) {
                return cleaned(rest.substr(0, end));
            }
            rest.remove_prefix(std::min(end + 1, rest.size()));
        }
        problem("string #" + std::to_string(number) + " (field at offset " +
                std::to_string(offset) + ") is past the structure's string set");
        return std::string(badIndex);
    }

    void problem(const std::string& text) const {
        char handleText[8];
        std::snprintf(handleText, sizeof handleText, "0x%04X", static_cast<unsigned>(handle()));
        problemList.push_back("structure type " + std::to_string(type()) + ", handle " +
                              handleText + " at table offset " + std::to_string(tableOffset) +
                              ": " + text);
    }

private:
    static std::string cleaned(std::string_view raw) {
        std::string text(raw);
        for (char& c : text) {
            const auto byte = static_cast<unsigned char>(c);
            if (byte < 0x20 || byte >= 0x7F) {
                c = '.';
            }
        }
        const std::size_t first = text.find_first_not_of(' ');
        if (first == std::string::npos) {
            return std::string();
        }
        return text.substr(first, text.find_last_not_of(' ') - first + 1);
    }

    std::string_view data;
    std::string_view stringSet;
    std::size_t tableOffset;
    std::vector<std::string>& problemList;
};

// ---------------------------------------------------------------------------------------------
// Decoders for types 0..4 and 17

std::string formatUuid(std::string_view b, unsigned ver) {
    // From SMBIOS 2.6 on, the first three fields are little-endian (dmidecode applies the swap
    // only from 2.6 on, as older firmware often used network byte order).
    static constexpr int swapped[16] = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
    std::string text;
    for (int i = 0; i < 16; ++i) {
        const int index = ver >= 0x0206 ? swapped[i] : i;
        text += hexByte(u8At(b, static_cast<std::size_t>(index)), false);
        if (i == 3 || i == 5 || i == 7 || i == 9) {
            text += '-';
        }
    }
    return text;
}

void decodeBios(const Record& r, Tables& out) {
    Bios bios;
    if (r.length() >= 0x12) {
        bios.vendor = r.string(0x04);
        bios.version = r.string(0x05);
        bios.releaseDate = r.string(0x08);
    }
    out.bios = bios;
}

void decodeSystem(const Record& r, unsigned ver, Tables& out) {
    System system;
    if (r.length() >= 0x08) {
        system.manufacturer = r.string(0x04);
        system.product = r.string(0x05);
        system.version = r.string(0x06);
        system.serial = r.string(0x07);
    }
    if (r.length() >= 0x19) {
        system.uuid = formatUuid(r.bytes(0x08, 16), ver);
    }
    if (r.length() >= 0x1B) {
        system.sku = r.string(0x19);
        system.family = r.string(0x1A);
    }
    out.system = system;
}

void decodeBoard(const Record& r, Tables& out) {
    Board board;
    if (r.length() >= 0x08) {
        board.manufacturer = r.string(0x04);
        board.product = r.string(0x05);
        board.version = r.string(0x06);
        board.serial = r.string(0x07);
    }
    if (r.length() >= 0x09) {
        board.assetTag = r.string(0x08);
    }
    out.board = board;
}

void decodeChassis(const Record& r, Tables& out) {
    Chassis chassis;
    if (r.length() >= 0x09) {
        const unsigned code = r.u8(0x05) & 0x7Fu;
        chassis.manufacturer = r.string(0x04);
        chassis.typeCode = code;
        chassis.type = nameFromList(chassisTypes, code);
        chassis.version = r.string(0x06);
        chassis.serial = r.string(0x07);
        chassis.assetTag = r.string(0x08);
    }
    out.chassis = chassis;
}

bool startsWithIgnoringCase(const std::string& text, std::string_view prefix) {
    if (text.size() < prefix.size()) {
        return false;
    }
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        const auto a = static_cast<unsigned char>(text[i]);
        const auto b = static_cast<unsigned char>(prefix[i]);
        if ((a | 0x20u) != (b | 0x20u)) {
            return false;
        }
    }
    return true;
}

bool manufacturerIs(const OptString& manufacturer, std::string_view name) {
    const std::string text = manufacturer.value_or("Not Specified");
    return text.find(name) != std::string::npos || startsWithIgnoringCase(text, name);
}

OptString processorFamily(const Record& r, const OptString& manufacturer, unsigned ver) {
    const unsigned byte = r.u8(0x06);
    if (ver == 0x0200 && byte == 0x30 && manufacturerIs(manufacturer, "Intel")) {
        return std::string("Pentium Pro");  // 0x30 was ambiguous in SMBIOS 2.0
    }
    const unsigned code = byte == 0xFE && r.length() >= 0x2A ? r.u16(0x28) : byte;
    if (code == 0xBE) {  // ambiguous in the specification; guessed from the manufacturer
        if (manufacturerIs(manufacturer, "Intel")) {
            return std::string("Core 2");
        }
        if (manufacturerIs(manufacturer, "AMD")) {
            return std::string("K7");
        }
        return std::string("Core 2 or K7");
    }
    for (const Name& entry : processorFamilies) {
        if (entry.code == code) {
            return std::string(entry.name);
        }
    }
    return std::nullopt;
}

OptInt nonZero(std::uint32_t value) { return value == 0 ? OptInt() : OptInt(value); }

// Core / thread count: the byte, or the extended word when the byte is 0xFF and the word exists.
OptInt processorCount(const Record& r, std::size_t byteOffset, std::size_t wordOffset) {
    const unsigned count = r.u8(byteOffset);
    if (count == 0) {
        return std::nullopt;
    }
    if (count == 0xFF && r.length() >= wordOffset + 2) {
        return r.u16(wordOffset);
    }
    return count;
}

void decodeProcessor(const Record& r, unsigned ver, Tables& out) {
    if (r.length() < 0x1A) {
        r.problem("processor structure too short to decode (" + std::to_string(r.length()) +
                  " bytes)");
        return;
    }
    Processor cpu;
    cpu.socket = r.string(0x04);
    cpu.isCentralProcessor = r.u8(0x05) == 0x03;
    cpu.manufacturer = r.string(0x07);
    cpu.family = processorFamily(r, cpu.manufacturer, ver);
    for (std::size_t i = 0; i < 8; ++i) {
        cpu.id += (i == 0 ? "" : " ") + hexByte(r.u8(0x08 + i), true);
    }
    cpu.version = r.string(0x10);
    cpu.maxSpeedMhz = nonZero(r.u16(0x14));
    cpu.currentSpeedMhz = nonZero(r.u16(0x16));
    const unsigned status = r.u8(0x18);
    cpu.populated = (status & 0x40u) != 0;
    if (!cpu.populated) {
        cpu.status = std::string("Unpopulated");
    } else if (const char* text = processorStatuses[status & 0x07u]) {
        cpu.status = "Populated, " + std::string(text);
    }
    if (r.length() >= 0x28) {
        cpu.coreCount = processorCount(r, 0x23, 0x2A);
        cpu.threadCount = processorCount(r, 0x25, 0x2E);
    }
    out.processors.push_back(cpu);
}

OptInt memorySize(const Record& r) {
    const unsigned code = r.u16(0x0C);
    if (code == 0x7FFF && r.length() >= 0x20) {
        return r.u32(0x1C) & 0x7FFFFFFFu;
    }
    if (code == 0xFFFF) {
        return std::nullopt;
    }
    const unsigned value = code & 0x7FFFu;
    if ((code & 0x8000u) != 0) {  // granularity KB: round up so a module never reads as empty
        return (value + 1023u) / 1024u;
    }
    return value;
}

// Memory speed: the word, or the extended double word (SMBIOS 3.3) when the word is 0xFFFF.
OptInt memorySpeed(const Record& r, std::size_t wordOffset, std::size_t extendedOffset) {
    const unsigned speed = r.u16(wordOffset);
    if (speed == 0xFFFF) {
        return r.length() >= 0x5C ? nonZero(r.u32(extendedOffset)) : std::nullopt;
    }
    return nonZero(speed);
}

void decodeMemoryDevice(const Record& r, Tables& out) {
    if (r.length() < 0x15) {
        r.problem("memory device structure too short to decode (" + std::to_string(r.length()) +
                  " bytes)");
        return;
    }
    MemoryDevice memory;
    memory.sizeMb = memorySize(r);
    memory.formFactor = nameFromList(formFactors, r.u8(0x0E));
    memory.locator = r.string(0x10);
    memory.bank = r.string(0x11);
    memory.type = nameFromList(memoryTypes, r.u8(0x12));
    // As dmidecode: when no module is installed the remaining fields are irrelevant.
    if (r.length() >= 0x17 && r.u16(0x0C) != 0) {
        memory.speedMts = memorySpeed(r, 0x15, 0x54);
        if (r.length() >= 0x1B) {
            memory.manufacturer = r.string(0x17);
            memory.serial = r.string(0x18);
            memory.partNumber = r.string(0x1A);
        }
        if (r.length() >= 0x22) {
            memory.configuredSpeedMts = memorySpeed(r, 0x20, 0x58);
        }
    }
    out.memoryDevices.push_back(memory);
}

// ---------------------------------------------------------------------------------------------
// Table walk

void decodeRecord(const Record& r, unsigned ver, Tables& out) {
    switch (r.type()) {
    case 0:
        if (!out.bios) {
            decodeBios(r, out);
        }
        break;
    case 1:
        if (!out.system) {
            decodeSystem(r, ver, out);
        }
        break;
    case 2:
        if (!out.board) {
            decodeBoard(r, out);
        }
        break;
    case 3:
        if (!out.chassis) {
            decodeChassis(r, out);
        }
        break;
    case 4:
        decodeProcessor(r, ver, out);
        break;
    case 17:
        decodeMemoryDevice(r, out);
        break;
    default:
        break;
    }
}

std::string at(std::size_t offset) { return "structure at table offset " + std::to_string(offset); }

// Decodes the structure at `offset`; returns the offset of the next one, or nullopt (with a
// problem recorded) when the structure does not fit in the table.
std::optional<std::size_t> walkStructure(std::string_view table, std::size_t offset, unsigned ver,
                                         Tables& out) {
    const std::size_t length = u8At(table, offset + 1);
    if (length < 4) {
        out.problems.push_back(at(offset) + " has an invalid length of " + std::to_string(length) +
                               " bytes (minimum 4); decoding stopped");
        return std::nullopt;
    }
    if (length > table.size() - offset) {
        out.problems.push_back(at(offset) + " (type " + std::to_string(u8At(table, offset)) +
                               ") announces " + std::to_string(length) + " formatted bytes, only " +
                               std::to_string(table.size() - offset) +
                               " remain in the table; decoding stopped");
        return std::nullopt;
    }
    std::size_t end = offset + length;  // look for the double NUL closing the string set
    while (end + 1 < table.size() && (table[end] != '\0' || table[end + 1] != '\0')) {
        ++end;
    }
    if (end + 1 >= table.size()) {
        out.problems.push_back(at(offset) + " (type " + std::to_string(u8At(table, offset)) +
                               ") has no double-NUL string-set terminator before the end of "
                               "the table; decoding stopped");
        return std::nullopt;
    }
    const Record record(table.substr(offset, length),
                        table.substr(offset + length, end - offset - length), offset, out.problems);
    ++out.structuresDecoded;
    decodeRecord(record, ver, out);
    return end + 2;
}

void walkTable(std::string_view table, const EntryPoint& ep, Tables& out) {
    if (table.size() < ep.tableLength) {
        out.problems.push_back("table is " + std::to_string(table.size()) +
                               " bytes, the entry point announces " +
                               std::to_string(ep.tableLength));
    }
    table = table.substr(0, std::min<std::size_t>(table.size(), ep.tableLength));
    std::size_t offset = 0;
    bool endOfTable = false;
    while (!endOfTable && (ep.structureCount == 0 ||
                           out.structuresDecoded < static_cast<int>(ep.structureCount))) {
        if (table.size() - offset < 4) {
            break;
        }
        endOfTable = u8At(table, offset) == 127;
        const std::optional<std::size_t> next = walkStructure(table, offset, ep.ver, out);
        if (!next) {
            return;
        }
        offset = *next;
    }
    const auto announced = static_cast<int>(ep.structureCount);
    if (announced != 0 && out.structuresDecoded < announced) {
        out.problems.push_back("entry point announces " + std::to_string(announced) +
                               " structures, the table holds " +
                               std::to_string(out.structuresDecoded) +
                               (endOfTable ? " up to its end-of-table structure (type 127)" : ""));
    } else if (announced == 0 && !endOfTable) {
        out.problems.emplace_back("table ends without an end-of-table structure (type 127)");
    }
}

}  // namespace

Tables parse(std::string_view entryPoint, std::string_view table) {
    const EntryPoint ep = readEntryPoint(entryPoint);
    Tables out;
    out.version = ep.version;
    out.entryPoint = ep.anchor;
    try {
        walkTable(table, ep, out);
    } catch (const std::out_of_range& error) {
        // Defence in depth: every read is bounds-checked before it is made and, again, by
        // string_view::at(); should that second check ever fire, keep the contract (data or
        // ParseError) instead of letting another exception type escape.
        throw ParseError(std::string("SMBIOS table: read out of bounds: ") + error.what());
    }
    return out;
}

Tables parseDump(std::string_view dumpBin) {
    const EntryPoint ep = readEntryPoint(dumpBin);
    const std::string_view table = ep.tableAddress < dumpBin.size()
                                       ? dumpBin.substr(static_cast<std::size_t>(ep.tableAddress))
                                       : std::string_view();
    return parse(dumpBin.substr(0, ep.size), table);
}

}  // namespace parque::agent::smbios
