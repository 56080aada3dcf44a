// The access-control list of the agent's private folder (%ProgramData%\Parque): full control for
// SYSTEM and Administrators, inherited by everything created inside, and nothing else.
#pragma once

#include "parque/agent/windows/Win32.h"

#include <memory>

namespace parque::agent::platform {

struct LocalFreer {
    void operator()(void* memory) const { LocalFree(memory); }
};
using LocalAcl = std::unique_ptr<ACL, LocalFreer>;

// Builds the list (SetEntriesInAclW). Throws std::runtime_error naming the Windows error.
LocalAcl privateFolderAcl();

}  // namespace parque::agent::platform
