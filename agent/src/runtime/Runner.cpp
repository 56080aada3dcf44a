#include "parque/agent/runtime/Runner.h"

#include "SqliteDb.h"
#include "parque/agent/InventoryCommand.h"
#include "parque/agent/runtime/AgentState.h"
#include "parque/agent/runtime/Partial.h"
#include "parque/agent/runtime/Spool.h"
#include "parque/inventory/Delta.h"
#include "parque/inventory/JsonCodec.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/UUIDGenerator.h>

#include <ctime>
#include <filesystem>
#include <ostream>
#include <sstream>
#include <stdexcept>

namespace parque::agent {
namespace {

std::int64_t nowUnix() { return static_cast<std::int64_t>(std::time(nullptr)); }

std::string serialize(const std::map<std::string, std::string>& digests) {
    std::string out;
    for (const auto& [section, digest] : digests) {
        out += section + "=" + digest + "\n";
    }
    return out;
}

std::map<std::string, std::string> deserialize(const std::string& text) {
    std::map<std::string, std::string> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        const auto eq = line.find('=');
        if (eq != std::string::npos) {
            out[line.substr(0, eq)] = line.substr(eq + 1);
        }
    }
    return out;
}

// "expiration": hours as a number, or a number with a unit s|m|h|d.
std::chrono::seconds parseExpiration(const Poco::Dynamic::Var& value,
                                     std::chrono::seconds fallback) {
    if (value.isEmpty()) {
        return fallback;
    }
    if (value.isNumeric()) {
        return std::chrono::seconds(std::max<long long>(1, value.convert<long long>() * 3600));
    }
    const std::string text = value.toString();
    std::size_t used = 0;
    long long n = 0;
    try {
        n = std::stoll(text, &used);
    } catch (const std::exception&) {
        return fallback;
    }
    const char unit = used < text.size() ? text[used] : 'h';
    const long long scale = unit == 's' ? 1 : unit == 'm' ? 60 : unit == 'd' ? 86400 : 3600;
    return std::chrono::seconds(std::max<long long>(1, n * scale));
}

Poco::JSON::Object::Ptr parseAnswer(const std::string& text) {
    try {
        Poco::JSON::Parser parser;
        return parser.parse(text).extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception& e) {
        throw TransportError(TransportError::Kind::Unreachable, 0,
                             "the server's answer is not a JSON object: " + e.displayText());
    }
}

// The state that lives in <state>/state.db.
struct Local {
    explicit Local(const AgentConfig& config)
        : db(agentFiles(config).database), spool(db, config.spool), state(db) {}
    SqliteDb db;
    Spool spool;
    AgentState state;

    std::string stableValue(const std::string& key, const std::string& fresh) {
        if (auto value = state.get(key)) {
            return *value;
        }
        state.set(key, fresh);
        return fresh;
    }
};

std::map<std::string, std::string> headersFor(Local& local, const std::string& key) {
    std::map<std::string, std::string> headers = {
        {"GLPI-Agent-ID",
         local.stableValue("agent_id",
                           Poco::UUIDGenerator::defaultGenerator().createRandom().toString())}};
    if (!key.empty()) {
        headers["Idempotency-Key"] = key;
    }
    return headers;
}

}  // namespace

Runner::Runner(AgentConfig config, std::ostream& log) : config_(std::move(config)), log_(log) {
    if (config_.server.empty()) {
        throw std::invalid_argument(
            "no collector: set agent.server in the configuration or pass --server URL");
    }
}

bool Runner::enrolled() const {
    const AgentFiles files = agentFiles(config_);
    return std::filesystem::exists(files.certificate) && std::filesystem::exists(files.key);
}

Transport Runner::transport() const {
    const AgentFiles files = agentFiles(config_);
    TlsIdentity identity;
    if (enrolled()) {
        identity = {files.certificate.string(), files.key.string(), files.authority.string(), ""};
        try {
            return Transport(config_.server, identity);
        } catch (const Poco::Exception& e) {
            throw std::runtime_error("cannot use the device key " + files.key.string() +
                                     ", certificate " + files.certificate.string() + " or CA " +
                                     files.authority.string() + " (" + e.displayText() +
                                     "): restore them, or remove " + config_.stateDir.string() +
                                     " and enrol again (parque-agent enroll)");
        }
    } else {
        identity.pinnedFingerprint = config_.caFingerprint;
    }
    return Transport(config_.server, identity);
}

RunOutcome Runner::once() {
    Transport t = transport();  // a bad URL or device key stops the run before it changes state
    Local local(config_);
    RunOutcome outcome;
    outcome.interval = std::chrono::seconds(config_.defaultIntervalSeconds);
    auto headers = headersFor(local, "");
    if (glpiMode() && !config_.bearerToken.empty()) {
        headers["Authorization"] = "Bearer " + config_.bearerToken;
    }
    Report report;
    inventory::Inventory full = collectInventory({"json", "-", config_.root, {}}, report);
    const std::string deviceId = local.stableValue("deviceid", full.deviceid);
    bool askedFull = false;
    try {
        const std::string body =
            R"({"action":"contact","deviceid":")" + deviceId +
            R"(","name":"parque-agent","version":")" + kAgentVersion +
            R"(","installed-tasks":["inventory"],"enabled-tasks":["inventory"]})";
        const auto answer = parseAnswer(t.post({body, headers}));
        outcome.interval = parseExpiration(answer->get("expiration"), outcome.interval);
        const auto tasks = answer->getObject("tasks");
        const auto task = tasks ? tasks->getObject("inventory") : nullptr;
        askedFull = task && task->optValue<bool>("full", false);
        local.state.setInt(stateKey::kLastContactUnix, nowUnix());
    } catch (const TransportError& e) {
        log_ << "parque-agent: contact failed: " << e.what() << "\n";
        outcome.problem = e.what();
        outcome.refused = e.kind() == TransportError::Kind::Refused;
    }

    full.deviceid = deviceId;
    full.action = "inventory";
    const auto digests = inventory::sectionDigests(full.content);
    const auto baseline = local.state.baseline();
    const PartialDecision decision = decidePartial(
        digests, baseline,
        {config_.fullEvery,
         static_cast<int>(local.state.getInt(stateKey::kRunsSinceFullInventory).value_or(0)),
         askedFull});
    const inventory::Inventory toSend =
        decision.full ? full : partialInventory(full, digests, baseline);
    const std::string key = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
    local.state.set("pending:" + key, serialize(digests));
    for (const std::string& warning : local.spool.enqueue(key, encode(toSend), !decision.full)) {
        log_ << "parque-agent: " << warning << "\n";
    }
    log_ << "parque-agent: queued " << (decision.full ? "full" : "partial") << " inventory ("
         << decision.reason << ")\n";
    if (outcome.refused) {
        local.state.set(stateKey::kLastError, outcome.problem);
        return outcome;
    }

    while (const auto next = local.spool.front()) {
        try {
            const auto answer =
                parseAnswer(t.post({next->body, headersFor(local, next->idempotencyKey)}));
            if (const auto pending = local.state.get("pending:" + next->idempotencyKey)) {
                local.state.setBaseline(deserialize(*pending));
                local.state.erase("pending:" + next->idempotencyKey);
            }
            if (next->partial) {
                local.state.setInt(
                    stateKey::kRunsSinceFullInventory,
                    local.state.getInt(stateKey::kRunsSinceFullInventory).value_or(0) + 1);
            } else {
                local.state.setInt(stateKey::kRunsSinceFullInventory, 0);
                local.state.setInt(stateKey::kLastFullInventoryUnix, nowUnix());
            }
            if (answer->optValue<bool>("full_inventory_requested", false)) {
                local.state.setBaseline({});
            }
            local.spool.acknowledge(next->id);
            local.state.setInt(stateKey::kLastContactUnix, nowUnix());
        } catch (const TransportError& e) {
            if (e.kind() == TransportError::Kind::Rejected) {
                log_ << "parque-agent: the collector rejected submission " << next->idempotencyKey
                     << " and it was dropped: " << e.what() << "\n";
                local.state.erase("pending:" + next->idempotencyKey);
                local.state.setBaseline({});
                local.spool.acknowledge(next->id);
                continue;
            }
            local.spool.recordFailure(next->id, e.what());
            outcome.problem = e.what();
            outcome.refused = e.kind() == TransportError::Kind::Refused;
            log_ << "parque-agent: delivery failed, " << local.spool.stats().count
                 << " submission(s) wait in the spool: " << e.what() << "\n";
            local.state.set(stateKey::kLastError, outcome.problem);
            return outcome;
        }
    }
    outcome.delivered = true;
    local.state.erase(stateKey::kLastError);
    return outcome;
}

}  // namespace parque::agent
