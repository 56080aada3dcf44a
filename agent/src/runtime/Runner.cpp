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

// GLPI-Agent-ID always; the idempotency key of a submission; the bearer token in GLPI mode.
std::map<std::string, std::string> headersFor(Local& local, const std::string& key,
                                              const std::string& bearerToken) {
    std::map<std::string, std::string> headers = {
        {"GLPI-Agent-ID",
         local.stableValue("agent_id",
                           Poco::UUIDGenerator::defaultGenerator().createRandom().toString())}};
    if (!key.empty()) {
        headers["Idempotency-Key"] = key;
    }
    if (!bearerToken.empty()) {
        headers["Authorization"] = "Bearer " + bearerToken;
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

namespace {

struct Contact {
    std::chrono::seconds interval;
    bool askedFull = false;
};

// The contact message; throws TransportError.
Contact contact(Transport& t, Local& local, const std::string& deviceId,
                const std::map<std::string, std::string>& headers, std::chrono::seconds fallback) {
    const std::string body = R"({"action":"contact","deviceid":")" + deviceId +
                             R"(","name":"parque-agent","version":")" + kAgentVersion +
                             R"(","installed-tasks":["inventory"],"enabled-tasks":["inventory"]})";
    const auto answer = parseAnswer(t.post({body, headers}));
    Contact result{parseExpiration(answer->get("expiration"), fallback)};
    const auto tasks = answer->getObject("tasks");
    const auto task = tasks ? tasks->getObject("inventory") : nullptr;
    result.askedFull = task && task->optValue<bool>("full", false);
    local.state.setInt(stateKey::kLastContactUnix, nowUnix());
    return result;
}

// Decides full or partial and queues the submission durably, with the digests its
// acknowledgement will make the baseline.
void queueInventory(Local& local, inventory::Inventory full, int fullEvery, bool askedFull,
                    std::ostream& log) {
    full.action = "inventory";
    const auto digests = inventory::sectionDigests(full.content);
    const auto baseline = local.state.baseline();
    const int runs =
        static_cast<int>(local.state.getInt(stateKey::kRunsSinceFullInventory).value_or(0));
    const PartialDecision decision = decidePartial(digests, baseline, {fullEvery, runs, askedFull});
    const inventory::Inventory toSend =
        decision.full ? full : partialInventory(full, digests, baseline);
    const std::string key = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
    for (const std::string& warning : local.spool.enqueue(key, encode(toSend), !decision.full)) {
        log << "parque-agent: " << warning << "\n";
    }
    local.state.set("pending:" + key, serialize(digests));
    log << "parque-agent: queued " << (decision.full ? "full" : "partial") << " inventory ("
        << decision.reason << ")\n";
}

// The collector acknowledged `delivered`: the baseline and the counters move.
void acknowledged(Local& local, const Submission& delivered, const Poco::JSON::Object& answer) {
    if (const auto pending = local.state.get("pending:" + delivered.idempotencyKey)) {
        local.state.setBaseline(deserialize(*pending));
        local.state.erase("pending:" + delivered.idempotencyKey);
    }
    if (delivered.partial) {
        local.state.setInt(stateKey::kRunsSinceFullInventory,
                           local.state.getInt(stateKey::kRunsSinceFullInventory).value_or(0) + 1);
    } else {
        local.state.setInt(stateKey::kRunsSinceFullInventory, 0);
        local.state.setInt(stateKey::kLastFullInventoryUnix, nowUnix());
    }
    if (answer.optValue<bool>("full_inventory_requested", false)) {
        local.state.setBaseline({});
    }
    local.spool.acknowledge(delivered.id);
    local.state.setInt(stateKey::kLastContactUnix, nowUnix());
}

// Sends the queue oldest first until it is empty or a delivery fails.
void deliverQueue(Transport& t, Local& local, const std::string& bearer, RunOutcome& outcome,
                  std::ostream& log) {
    while (const auto next = local.spool.front()) {
        try {
            const auto answer =
                parseAnswer(t.post({next->body, headersFor(local, next->idempotencyKey, bearer)}));
            acknowledged(local, *next, *answer);
        } catch (const TransportError& e) {
            if (e.kind() == TransportError::Kind::Rejected) {
                log << "parque-agent: the collector rejected submission " << next->idempotencyKey
                    << " and it was dropped: " << e.what() << "\n";
                local.state.erase("pending:" + next->idempotencyKey);
                local.state.setBaseline({});
                local.spool.acknowledge(next->id);
                continue;
            }
            local.spool.recordFailure(next->id, e.what());
            outcome.problem = e.what();
            outcome.refused = e.kind() == TransportError::Kind::Refused;
            log << "parque-agent: delivery failed, " << local.spool.stats().count
                << " submission(s) wait in the spool: " << e.what() << "\n";
            return;
        }
    }
    outcome.delivered = true;
}

}  // namespace

RunOutcome Runner::once() {
    Transport t = transport();  // a bad URL or device key stops the run before it changes state
    Local local(config_);
    RunOutcome outcome;
    outcome.interval = std::chrono::seconds(config_.defaultIntervalSeconds);
    const std::string bearer = glpiMode() ? config_.bearerToken : "";
    Report report;
    inventory::Inventory full = collectInventory({"json", "-", config_.root, {}}, report);
    full.deviceid = local.stableValue("deviceid", full.deviceid);
    bool askedFull = false;
    try {
        const Contact answer =
            contact(t, local, full.deviceid, headersFor(local, "", bearer), outcome.interval);
        outcome.interval = answer.interval;
        askedFull = answer.askedFull;
    } catch (const TransportError& e) {
        log_ << "parque-agent: contact failed: " << e.what() << "\n";
        outcome.problem = e.what();
        outcome.refused = e.kind() == TransportError::Kind::Refused;
    }
    queueInventory(local, std::move(full), config_.fullEvery, askedFull, log_);
    if (!outcome.refused) {
        deliverQueue(t, local, bearer, outcome, log_);
    }
    if (outcome.delivered) {
        local.state.erase(stateKey::kLastError);
    } else {
        local.state.set(stateKey::kLastError, outcome.problem);
    }
    return outcome;
}

}  // namespace parque::agent
