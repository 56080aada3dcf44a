// Creating a file only its owner may read, before a library (SQLite) opens it. One implementation
// per platform folder: Linux gives the file mode 0600, Windows leaves it to the ACL of the state
// folder (SYSTEM and Administrators only).
#pragma once

#include <filesystem>

namespace parque::agent {

// Creates `path` when missing (never following a symbolic link on Linux) and makes it private to
// its owner. Throws std::runtime_error("<path>: <what>: <reason>").
void createPrivateFile(const std::filesystem::path& path);

}  // namespace parque::agent
