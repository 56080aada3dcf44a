#include "parque/agent/ServiceCommand.h"

namespace parque::agent {

int runServiceCommand(const std::vector<std::string>& /*arguments*/, std::ostream& /*out*/,
                      std::ostream& log) {
    log << "parque-agent: on Linux the service is the packages' systemd unit "
           "(systemctl enable --now parque-agent)\n";
    return 2;
}

}  // namespace parque::agent
