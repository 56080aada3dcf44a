#include "parque/agent/runtime/AgentConfig.h"

#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>
#include <Poco/Util/MapConfiguration.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <stdexcept>

namespace parque::agent {
namespace {

int positive(const Poco::Util::AbstractConfiguration& p, const std::string& key, int fallback) {
    const int value = p.getInt("agent." + key, fallback);
    if (value < 0) {
        throw std::invalid_argument("agent." + key + " must not be negative");
    }
    return value;
}

}  // namespace

std::map<std::string, std::string> parseOptions(const std::vector<std::string>& arguments,
                                                std::vector<std::string>& words) {
    std::map<std::string, std::string> options;
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        const std::string& a = arguments[i];
        if (a.rfind("--", 0) != 0) {
            words.push_back(a);
            continue;
        }
        const auto eq = a.find('=');
        if (eq != std::string::npos) {
            options[a.substr(2, eq - 2)] = a.substr(eq + 1);
        } else if (i + 1 < arguments.size()) {
            options[a.substr(2)] = arguments[++i];
        } else {
            throw std::invalid_argument(a + " needs a value");
        }
    }
    return options;
}

AgentConfig loadAgentConfig(const std::filesystem::path& file, bool fileRequired,
                            const std::map<std::string, std::string>& overrides) {
    Poco::AutoPtr<Poco::Util::AbstractConfiguration> p;
    try {
        if (std::filesystem::exists(file)) {
            p = new Poco::Util::PropertyFileConfiguration(file.string());
        } else if (fileRequired) {
            throw std::invalid_argument("no configuration file " + file.string());
        } else {
            p = new Poco::Util::MapConfiguration;
        }
    } catch (const Poco::Exception& e) {
        throw std::invalid_argument("cannot read " + file.string() + ": " + e.displayText());
    }
    for (const auto& [key, value] : overrides) {
        std::string name = key;
        for (char& c : name) {
            c = c == '-' ? '_' : c;
        }
        p->setString("agent." + name, value);
    }
    AgentConfig c;
    try {
        c.server = p->getString("agent.server", "");
        c.stateDir = p->getString("agent.state_dir", c.stateDir.string());
        c.caFingerprint = p->getString("agent.ca_fingerprint", "");
        c.bearerToken = p->getString("agent.bearer_token", "");
        c.fullEvery = std::max(1, positive(*p, "full_every", c.fullEvery));
        c.initialDelaySeconds = positive(*p, "initial_delay", c.initialDelaySeconds);
        c.defaultIntervalSeconds =
            std::max(1, positive(*p, "default_interval", c.defaultIntervalSeconds));
        c.root = p->getString("agent.root", "/");
        c.spool.maxCount =
            static_cast<std::size_t>(p->getUInt64("agent.spool.max_count", c.spool.maxCount));
        c.spool.maxBytes =
            static_cast<std::size_t>(p->getUInt64("agent.spool.max_bytes", c.spool.maxBytes));
        c.backoff.initial = std::chrono::seconds(positive(*p, "backoff.initial", 30));
        c.backoff.cap = std::chrono::seconds(positive(*p, "backoff.cap", 3600));
    } catch (const Poco::SyntaxException& e) {
        throw std::invalid_argument("bad agent setting: " + e.displayText());
    }
    return c;
}

AgentFiles agentFiles(const AgentConfig& config) {
    return {config.stateDir / "agent.key", config.stateDir / "agent.pem",
            config.stateDir / "ca.pem", config.stateDir / "state.db"};
}

}  // namespace parque::agent
