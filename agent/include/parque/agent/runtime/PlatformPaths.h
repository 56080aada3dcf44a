// Where the agent keeps its settings and state on this platform, and how its private folder is
// protected. One implementation per platform folder (src/linux, src/windows).
#pragma once

#include <filesystem>

namespace parque::agent {

// Linux: /etc/parque/agent.conf. Windows: %ProgramData%\Parque\agent.conf.
std::filesystem::path defaultConfigFile();

// Linux: /var/lib/parque/agent. Windows: %ProgramData%\Parque.
std::filesystem::path defaultStateDir();

// Creates `folder` (and its parents) and makes it private: Linux mode 0700 for its owner;
// Windows an ACL that allows only SYSTEM and Administrators, not inherited from the parent.
// Throws std::filesystem::filesystem_error or std::runtime_error.
void makePrivateFolder(const std::filesystem::path& folder);

}  // namespace parque::agent
