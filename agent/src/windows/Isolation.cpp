// Windows has no fork(): the pass runs in the service's own process, and what it throws becomes
// the pass's problem instead of ending the service.
#include "parque/agent/Isolation.h"

#include <exception>
#include <string>

namespace parque::agent {

RunOutcome runIsolated(const std::function<RunOutcome()>& pass) {
    try {
        return pass();
    } catch (const std::exception& e) {
        RunOutcome outcome;
        outcome.problem = std::string("run failed: ") + e.what();
        return outcome;
    }
}

}  // namespace parque::agent
