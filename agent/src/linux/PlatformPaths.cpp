#include "parque/agent/runtime/PlatformPaths.h"

namespace parque::agent {

std::filesystem::path defaultConfigFile() { return "/etc/parque/agent.conf"; }

std::filesystem::path defaultStateDir() { return "/var/lib/parque/agent"; }

void makePrivateFolder(const std::filesystem::path& folder) {
    std::filesystem::create_directories(folder);
    std::filesystem::permissions(folder, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace);
}

}  // namespace parque::agent
