// parque-agent runs `inventory` itself; the commands that talk to the collector (enroll, once,
// run, status) are in parque-agent-runtime, installed in the same folder. Handing over replaces
// this process with that program (execv: same pid, same arguments, same standard streams), so
// an inventory never loads Poco::Net, OpenSSL or their dependencies.
#pragma once

#include <string>
#include <vector>

namespace parque::agent::cli {

inline constexpr const char* kRuntimeProgram = "parque-agent-runtime";

// Runs parque-agent-runtime with `arguments` (the command first). Returns only on failure, with
// the reason.
std::string handOverToRuntime(const std::vector<std::string>& arguments);

}  // namespace parque::agent::cli
