// `parque-agent dump-smbios FILE`: this machine's raw SMBIOS table in `dmidecode --dump-bin`
// format (entry point at offset 0, table at offset 32), so support staff can send the table of a
// terminal that reports something odd and it becomes a test fixture (smbios::parseDump reads it).
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace parque::agent {

struct SmbiosBytes {
    std::string entryPoint;
    std::string table;
};

// The live machine's entry point and table: Linux from sysfs, Windows from RSMB (with a made-up
// SMBIOS 3 entry point). One implementation per platform folder. Throws std::runtime_error.
SmbiosBytes readLiveSmbios();

// The dump-bin image: the entry point with its table address set to 32 and its checksums fixed,
// padded to 32 bytes, then the table. Throws ParseError for an entry point it cannot rewrite.
std::string smbiosDumpBin(std::string_view entryPoint, std::string_view table);

// Exit codes: 0 written, 1 no table or not writable, 2 usage.
int runDumpSmbiosCommand(const std::vector<std::string>& arguments, std::ostream& out,
                         std::ostream& log);

}  // namespace parque::agent
