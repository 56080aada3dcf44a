// parque-agent: the command line. `inventory`, `dump-smbios` and `service` run here, with only the
// libraries an inventory needs; the runtime commands are handed over (Handover.h).
#include "Handover.h"
#include "Usage.h"
#include "parque/agent/InventoryCommand.h"
#include "parque/agent/ServiceCommand.h"
#include "parque/agent/SmbiosDump.h"

#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    using parque::agent::cli::kUsage;
    const std::vector<std::string> arguments(argv + (argc > 0 ? 1 : 0), argv + argc);
    if (arguments.empty() || arguments[0] == "--help" || arguments[0] == "help") {
        std::cout << kUsage;
        return arguments.empty() ? 2 : 0;
    }
    const std::string& command = arguments[0];
    const std::vector<std::string> rest(arguments.begin() + 1, arguments.end());
    if (command == "--version") {
        std::cout << "parque-agent " << parque::agent::kAgentVersion << "\n";
        return 0;
    }
    if (command == "inventory") {
        return parque::agent::runInventoryCommand(rest, std::cout, std::cerr);
    }
    if (command == "dump-smbios") {
        return parque::agent::runDumpSmbiosCommand(rest, std::cout, std::cerr);
    }
    if (command == "service") {
        return parque::agent::runServiceCommand(rest, std::cout, std::cerr);
    }
    if (command == "enroll" || command == "enrol" || command == "once" || command == "status" ||
        command == "run") {
        return parque::agent::cli::handOverToRuntime(arguments);
    }
    std::cerr << "parque-agent: unknown command \"" << command << "\" (try --help)\n";
    return 2;
}
