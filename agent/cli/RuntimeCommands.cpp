#include "RuntimeCommands.h"

#include "RunService.h"
#include "Usage.h"
#include "parque/agent/runtime/Runner.h"

#include <iostream>

namespace parque::agent::cli {

int runRuntimeCommand(const std::vector<std::string>& arguments) {
    const std::string command = arguments.empty() ? std::string() : arguments[0];
    const std::vector<std::string> rest(arguments.begin() + (arguments.empty() ? 0 : 1),
                                        arguments.end());
    if (command == "enroll" || command == "enrol") {
        return runEnrollCommand(rest, std::cout, std::cerr);
    }
    if (command == "once") {
        return runOnceCommand(rest, std::cout, std::cerr);
    }
    if (command == "status") {
        return runStatusCommand(rest, std::cout, std::cerr);
    }
    if (command == "run") {
        return runService(rest);
    }
    std::cerr << "parque-agent: unknown command \"" << command << "\"\n" << kUsage;
    return 2;
}

}  // namespace parque::agent::cli
