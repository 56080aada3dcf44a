// `parque-agent run`: the service. A Poco ServerApplication, so the same code runs in the
// foreground for systemd, as a Unix daemon (--daemon) and as a Windows service.
#pragma once

#include <string>
#include <vector>

int runService(const std::vector<std::string>& arguments);
