// parque-agent: the command line. Each command lives in the agent core library.
#include "parque/agent/InventoryCommand.h"

#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    const std::vector<std::string> arguments(argv + (argc > 0 ? 1 : 0), argv + argc);
    if (arguments.empty() || arguments[0] == "--help" || arguments[0] == "help") {
        std::cout << "usage: parque-agent inventory [--format json|table] [--output FILE|-]\n"
                     "                              [--root DIR] [--category SECTION,...]\n"
                     "       parque-agent --version\n";
        return arguments.empty() ? 2 : 0;
    }
    if (arguments[0] == "--version") {
        std::cout << "parque-agent " << parque::agent::kAgentVersion << "\n";
        return 0;
    }
    if (arguments[0] == "inventory") {
        return parque::agent::runInventoryCommand({arguments.begin() + 1, arguments.end()},
                                                  std::cout, std::cerr);
    }
    std::cerr << "parque-agent: unknown command \"" << arguments[0] << "\" (try --help)\n";
    return 2;
}
