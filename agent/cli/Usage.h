// The usage text both agent programs print.
#pragma once

namespace parque::agent::cli {

inline constexpr const char* kUsage =
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

}  // namespace parque::agent::cli
