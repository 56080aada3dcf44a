// `parque-agent service install|uninstall|start|stop|status`: the agent as a system service.
// Windows registers `"parque-agent.exe" run` with the service manager (LocalSystem, automatic
// start, restarted on failure); Linux leaves services to the packages' systemd unit and says so.
// One implementation per platform folder.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace parque::agent {

// Exit codes: 0 done, 1 the service manager refused (the message says why), 2 usage.
int runServiceCommand(const std::vector<std::string>& arguments, std::ostream& out,
                      std::ostream& log);

}  // namespace parque::agent
