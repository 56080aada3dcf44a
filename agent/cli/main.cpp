// parque-agent: the command line. Each command lives in the agent core library.
#include "RunService.h"
#include "parque/agent/InventoryCommand.h"
#include "parque/agent/ServiceCommand.h"
#include "parque/agent/SmbiosDump.h"
#include "parque/agent/runtime/Runner.h"

#include <iostream>
#include <string>
#include <vector>

namespace {

const char* const kUsage =
    "usage: parque-agent inventory [--format json|table] [--output FILE|-] [--root DIR]\n"
    "                              [--category SECTION,...]\n"
    "       parque-agent enroll --server URL --token T [--ca-fingerprint SHA256]\n"
    "       parque-agent once   [--config FILE] [--server URL] [--state-dir DIR] ...\n"
    "       parque-agent run    [same options as once]   (the service)\n"
    "       parque-agent status [--config FILE] [--state-dir DIR]\n"
    "       parque-agent service install|uninstall|start|stop|status   (Windows)\n"
    "       parque-agent dump-smbios FILE   (the raw SMBIOS table, dmidecode --dump-bin format)\n"
    "       parque-agent --version\n"
    "Settings: /etc/parque/agent.conf; every agent.* key can be given as --key value.\n";

}  // namespace

int main(int argc, char** argv) {
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
    if (command == "enroll" || command == "enrol") {
        return parque::agent::runEnrollCommand(rest, std::cout, std::cerr);
    }
    if (command == "once") {
        return parque::agent::runOnceCommand(rest, std::cout, std::cerr);
    }
    if (command == "status") {
        return parque::agent::runStatusCommand(rest, std::cout, std::cerr);
    }
    if (command == "service") {
        return parque::agent::runServiceCommand(rest, std::cout, std::cerr);
    }
    if (command == "dump-smbios") {
        return parque::agent::runDumpSmbiosCommand(rest, std::cout, std::cerr);
    }
    if (command == "run") {
        return runService(rest);
    }
    std::cerr << "parque-agent: unknown command \"" << command << "\" (try --help)\n";
    return 2;
}
