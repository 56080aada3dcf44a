// The live machine's SMBIOS table from GetSystemFirmwareTable('RSMB'), with a SMBIOS 3 entry point
// made for it (Windows does not expose the firmware's own).
#include "parque/agent/SmbiosDump.h"
#include "parque/agent/windows/WindowsCollectors.h"

#include <stdexcept>

namespace parque::agent {

SmbiosBytes readLiveSmbios() {
    Report report;
    const auto data = platform::readRawSmbios(report, "dump-smbios");
    if (!data) {
        throw std::runtime_error(report.problems().empty() ? "no SMBIOS table"
                                                           : report.problems().front().detail);
    }
    platform::RawSmbios raw = platform::splitRawSmbios(*data);
    return {std::move(raw.entryPoint), std::move(raw.table)};
}

}  // namespace parque::agent
