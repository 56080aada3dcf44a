// bios, hardware.uuid/chassis_type, memories and a first view of cpus from the SMBIOS table that
// GetSystemFirmwareTable('RSMB') returns: the same table Linux reads from sysfs, decoded by the
// same parser and mapped by the same code (SmbiosContent).
#include "parque/agent/SmbiosContent.h"
#include "parque/agent/parsers/ParseError.h"
#include "parque/agent/windows/WindowsCollectors.h"

#include "parque/agent/windows/Win32.h"

#include <cstdint>

namespace parque::agent::platform {
namespace {

constexpr const char* kName = "smbios";
constexpr const char* kSource = "GetSystemFirmwareTable(RSMB)";
constexpr std::size_t kHeaderSize = 8;  // RawSMBIOSData up to its SMBIOSTableData member
constexpr DWORD kRsmb = 0x52534D42;     // 'RSMB' as the API wants the signature

std::uint32_t little32(std::string_view bytes, std::size_t offset) {
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        value |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[offset + i]))
                 << (8 * i);
    }
    return value;
}

// A SMBIOS 3.0 entry point (24 bytes) announcing `tableSize` bytes; the table address is 0.
std::string makeEntryPoint(unsigned char major, unsigned char minor, unsigned char revision,
                           std::uint32_t tableSize) {
    std::string ep(0x18, '\0');
    ep.replace(0, 5, "_SM3_");
    ep[0x06] = 0x18;
    ep[0x07] = static_cast<char>(major);
    ep[0x08] = static_cast<char>(minor);
    ep[0x09] = static_cast<char>(revision);
    ep[0x0A] = 0x01;  // entry point revision: SMBIOS 3.0
    for (std::size_t i = 0; i < 4; ++i) {
        ep[0x0C + i] = static_cast<char>((tableSize >> (8 * i)) & 0xFFu);
    }
    unsigned sum = 0;
    for (const char c : ep) {
        sum += static_cast<unsigned char>(c);
    }
    ep[0x05] = static_cast<char>((0x100u - (sum & 0xFFu)) & 0xFFu);
    return ep;
}

}  // namespace

RawSmbios splitRawSmbios(std::string_view rsmb) {
    if (rsmb.size() < kHeaderSize) {
        throw ParseError("RSMB data: " + std::to_string(rsmb.size()) +
                         " bytes, shorter than its 8-byte header");
    }
    const std::uint32_t length = little32(rsmb, 4);
    if (length > rsmb.size() - kHeaderSize) {
        throw ParseError("RSMB data: the header announces " + std::to_string(length) +
                         " bytes of table, " + std::to_string(rsmb.size() - kHeaderSize) +
                         " follow");
    }
    RawSmbios raw;
    raw.entryPoint =
        makeEntryPoint(static_cast<unsigned char>(rsmb[1]), static_cast<unsigned char>(rsmb[2]),
                       static_cast<unsigned char>(rsmb[3]), length);
    raw.table = std::string(rsmb.substr(kHeaderSize, length));
    return raw;
}

std::optional<std::string> readRawSmbios(Report& report, const char* collector) {
    const UINT size = GetSystemFirmwareTable(kRsmb, 0, nullptr, 0);
    if (size == 0) {
        report.add(collector, kSource, ProblemKind::Missing,
                   "no SMBIOS table (error " + std::to_string(GetLastError()) + ")");
        return std::nullopt;
    }
    std::string data(size, '\0');
    const UINT got = GetSystemFirmwareTable(kRsmb, 0, data.data(), size);
    if (got == 0 || got > size) {
        report.add(
            collector, kSource, ProblemKind::Failed,
            "the table changed size while read (error " + std::to_string(GetLastError()) + ")");
        return std::nullopt;
    }
    data.resize(got);
    return data;
}

void collectSmbios(inventory::Content& content, Report& report) {
    const auto data = readRawSmbios(report, kName);
    if (!data) {
        return;
    }
    try {
        const RawSmbios raw = splitRawSmbios(*data);
        const smbios::Tables tables = smbios::parse(raw.entryPoint, raw.table);
        for (const auto& problem : tables.problems) {
            report.add(kName, kSource, ProblemKind::Malformed, problem);
        }
        applySmbiosTables(tables, content);
    } catch (const ParseError& e) {
        report.add(kName, kSource, ProblemKind::Malformed, e.what());
    }
}

}  // namespace parque::agent::platform
