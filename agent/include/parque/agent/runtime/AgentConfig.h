// The agent's settings: /etc/parque/agent.conf (properties format, every key documented in
// docs/agent.conf.example) overridden by command-line options.
#pragma once

#include "parque/agent/runtime/Backoff.h"
#include "parque/agent/runtime/PlatformPaths.h"
#include "parque/agent/runtime/Spool.h"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace parque::agent {

struct AgentConfig {
    std::string server;  // https://host:port/ of the collector
    std::filesystem::path stateDir = defaultStateDir();
    std::string caFingerprint;  // enrolment: the collector CA's SHA-256; GLPI mode: the server's
    std::string bearerToken;    // GLPI mode: optional Authorization: Bearer
    int fullEvery = 14;
    int initialDelaySeconds = 300;      // a random part of it before the first run after boot
    int defaultIntervalSeconds = 3600;  // when the server gives no expiration
    std::filesystem::path root = "/";
    SpoolLimits spool;
    BackoffPolicy backoff;
};

// Reads `file` when it exists (an explicitly named file must exist), then applies `overrides`
// (keys without the "agent." prefix: server, state_dir, ca_fingerprint, ...). Throws
// std::invalid_argument naming the bad key.
AgentConfig loadAgentConfig(const std::filesystem::path& file, bool fileRequired,
                            const std::map<std::string, std::string>& overrides);

// "--server URL --token T" style options into a map (without the dashes); positional words go
// to `words`. Throws std::invalid_argument when an option lacks its value.
std::map<std::string, std::string> parseOptions(const std::vector<std::string>& arguments,
                                                std::vector<std::string>& words);

// The files of an enrolled agent.
struct AgentFiles {
    std::filesystem::path key, certificate, authority, database;
};
AgentFiles agentFiles(const AgentConfig& config);

}  // namespace parque::agent
