// Runs one pass of the service (contact, inventory, delivery) in a child process, so the service
// idles with only its own small footprint between runs and a crash in a pass (a hostile blob
// meeting a parser bug) costs that pass, not the service. One implementation per platform folder.
#pragma once

#include "parque/agent/runtime/Runner.h"

#include <functional>

namespace parque::agent {

RunOutcome runIsolated(const std::function<RunOutcome()>& pass);

}  // namespace parque::agent
