// parque-agent runs `inventory` itself; the commands that talk to the collector (enroll, once,
// run, status) need Poco::Net and OpenSSL. On Linux they live in parque-agent-runtime, installed in
// the same folder, and handing over replaces this process with it (execv: same pid, arguments and
// standard streams), so an inventory never loads those libraries (cli/linux/Handover.cpp). On
// Windows the program is linked statically and there is nothing to save: they run in-process
// (cli/windows/Handover.cpp).
#pragma once

#include <string>
#include <vector>

namespace parque::agent::cli {

inline constexpr const char* kRuntimeProgram = "parque-agent-runtime";

// Runs the runtime command `arguments` (the command first) and returns its exit status; 1 with
// the reason on the error stream when the runtime program cannot be started.
int handOverToRuntime(const std::vector<std::string>& arguments);

}  // namespace parque::agent::cli
