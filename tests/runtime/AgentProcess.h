// Runs the real parque-agent program as a child process (posix_spawn, no shell), capturing its
// standard output and standard error separately, optionally killing it with SIGKILL mid-run.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace parque::testing {

struct AgentRun {
    int exitCode = -1;  // the exit status, or -1 when a signal ended the program
    int signal = 0;     // the signal that ended it, 0 when it exited
    std::string out;
    std::string err;
    std::chrono::milliseconds took{0};

    std::string both() const { return out + err; }  // for messages
};

// When to end the program with SIGKILL: `delay` after `afterText` first shows up on its standard
// error ("" = `delay` after the start).
struct KillPlan {
    std::string afterText;
    std::chrono::milliseconds delay{0};
};

// Runs PARQUE_AGENT_BINARY with `arguments`, killing it as `kill` says unless it ends before. A
// program still running after 60 s is killed and the call throws std::runtime_error.
AgentRun runAgent(const std::vector<std::string>& arguments,
                  const std::optional<KillPlan>& kill = std::nullopt);

}  // namespace parque::testing
