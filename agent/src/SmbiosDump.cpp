#include "parque/agent/SmbiosDump.h"

#include "parque/agent/parsers/ParseError.h"
#include "parque/agent/parsers/SmbiosParser.h"
#include "parque/util/AtomicFile.h"

#include <algorithm>
#include <exception>

namespace parque::agent {
namespace {

constexpr std::size_t kTableOffset = 0x20;

void setLittle(std::string& bytes, std::size_t offset, std::size_t width, std::uint64_t value) {
    for (std::size_t i = 0; i < width; ++i) {
        bytes[offset + i] = static_cast<char>((value >> (8 * i)) & 0xFFu);
    }
}

// Sets the byte at `at` so that `length` bytes from `from` sum to zero.
void fixChecksum(std::string& bytes, std::size_t at, std::size_t from, std::size_t length) {
    bytes[at] = 0;
    unsigned sum = 0;
    for (std::size_t i = from; i < from + length; ++i) {
        sum += static_cast<unsigned char>(bytes[i]);
    }
    bytes[at] = static_cast<char>((0x100u - (sum & 0xFFu)) & 0xFFu);
}

}  // namespace

std::string smbiosDumpBin(std::string_view entryPoint, std::string_view table) {
    std::string ep(entryPoint);
    if (ep.compare(0, 5, "_SM3_") == 0 && ep.size() >= 0x18) {
        const std::size_t length = static_cast<unsigned char>(ep[0x06]);
        if (length < 0x18 || length > kTableOffset || length > ep.size()) {
            throw ParseError("SMBIOS entry point: _SM3_ length " + std::to_string(length));
        }
        ep.resize(length);
        setLittle(ep, 0x10, 8, kTableOffset);
        fixChecksum(ep, 0x05, 0, length);
    } else if (ep.compare(0, 4, "_SM_") == 0 && ep.size() >= 0x1F) {
        const std::size_t length = static_cast<unsigned char>(ep[0x05]);
        if (length < 0x1E || length > kTableOffset || length > ep.size()) {
            throw ParseError("SMBIOS entry point: _SM_ length " + std::to_string(length));
        }
        ep.resize(std::max<std::size_t>(length, 0x1F));
        setLittle(ep, 0x18, 4, kTableOffset);
        fixChecksum(ep, 0x15, 0x10, 0x0F);
        fixChecksum(ep, 0x04, 0, length);
    } else {
        throw ParseError("SMBIOS entry point: no _SM3_ or _SM_ anchor to rewrite");
    }
    ep.resize(kTableOffset, '\0');
    return ep + std::string(table);
}

int runDumpSmbiosCommand(const std::vector<std::string>& arguments, std::ostream& out,
                         std::ostream& log) {
    if (arguments.size() != 1 || arguments[0].empty()) {
        log << "usage: parque-agent dump-smbios FILE\n";
        return 2;
    }
    try {
        const SmbiosBytes live = readLiveSmbios();
        const std::string image = smbiosDumpBin(live.entryPoint, live.table);
        const smbios::Tables check = smbios::parseDump(image);
        util::writeFileAtomic(std::filesystem::u8path(arguments[0]), image, 0644);
        out << "wrote " << image.size() << " bytes (SMBIOS " << check.version << ", "
            << check.structuresDecoded << " structures) to " << arguments[0] << "\n";
        return 0;
    } catch (const std::exception& e) {
        log << "parque-agent: dump-smbios: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace parque::agent
