// Windows: one statically linked program, so the runtime commands run in this process.
#include "../Handover.h"
#include "../RuntimeCommands.h"

namespace parque::agent::cli {

int handOverToRuntime(const std::vector<std::string>& arguments) {
    return runRuntimeCommand(arguments);
}

}  // namespace parque::agent::cli
