// The live machine's SMBIOS entry point and table as the kernel exposes them (root only).
#include "parque/agent/SmbiosDump.h"
#include "parque/util/AtomicFile.h"

namespace parque::agent {

SmbiosBytes readLiveSmbios() {
    return {util::readFile("/sys/firmware/dmi/tables/smbios_entry_point"),
            util::readFile("/sys/firmware/dmi/tables/DMI")};
}

}  // namespace parque::agent
