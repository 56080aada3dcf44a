// parque-agent-runtime: the commands that talk to the collector. Users run them as
// `parque-agent <command>`, which hands over to this program (Handover.h).
#include "RunService.h"
#include "Usage.h"
#include "parque/agent/runtime/Runner.h"

#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    const std::vector<std::string> arguments(argv + (argc > 0 ? 1 : 0), argv + argc);
    const std::string command = arguments.empty() ? std::string() : arguments[0];
    const std::vector<std::string> rest(arguments.begin() + (arguments.empty() ? 0 : 1),
                                        arguments.end());
    if (command == "enroll" || command == "enrol") {
        return parque::agent::runEnrollCommand(rest, std::cout, std::cerr);
    }
    if (command == "once") {
        return parque::agent::runOnceCommand(rest, std::cout, std::cerr);
    }
    if (command == "status") {
        return parque::agent::runStatusCommand(rest, std::cout, std::cerr);
    }
    if (command == "run") {
        return runService(rest);
    }
    std::cerr << "parque-agent-runtime: unknown command \"" << command << "\"\n"
              << parque::agent::cli::kUsage;
    return 2;
}
