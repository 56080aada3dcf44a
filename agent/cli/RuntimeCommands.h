// The commands that talk to the collector: enroll, once, status and run (the service).
#pragma once

#include <string>
#include <vector>

namespace parque::agent::cli {

// `arguments` starts with the command. Returns the exit status (2 for an unknown command).
int runRuntimeCommand(const std::vector<std::string>& arguments);

}  // namespace parque::agent::cli
