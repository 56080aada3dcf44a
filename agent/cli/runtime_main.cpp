// parque-agent-runtime (Linux): the commands that talk to the collector. Users run them as
// `parque-agent <command>`, which hands over to this program (Handover.h).
#include "RuntimeCommands.h"

#include <string>
#include <vector>

int main(int argc, char** argv) {
    return parque::agent::cli::runRuntimeCommand(
        std::vector<std::string>(argv + (argc > 0 ? 1 : 0), argv + argc));
}
