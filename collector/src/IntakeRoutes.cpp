// The GLPI JSON protocol intake: "contact" and "inventory" messages from enrolled agents (mutual
// TLS) or, when enabled, from stock GLPI agents with the intake bearer token.
#include "HttpServer.h"
#include "LegacyIntake.h"
#include "parque/collector/Service.h"
#include "parque/inventory/JsonCodec.h"
#include "parque/protocol/BodyCodec.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <openssl/crypto.h>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>

namespace parque::collector {
namespace {

bool sameSecret(const std::string& a, const std::string& b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string bearerToken(const Request& request) {
    const std::string header = request.http.get("Authorization", "");
    const std::string prefix = "Bearer ";
    return header.compare(0, prefix.size(), prefix) == 0 ? header.substr(prefix.size()) : "";
}

// The answer's "expiration": a number of hours, or a string with its unit (s, m, h, d).
void setExpiration(Poco::JSON::Object& answer, const std::string& expiration) {
    if (!expiration.empty() && expiration.back() == 'h') {
        answer.set("expiration", std::stoi(expiration.substr(0, expiration.size() - 1)));
    } else {
        answer.set("expiration", expiration);
    }
}

Poco::JSON::Object::Ptr parseMessage(const std::string& text) {
    Poco::Dynamic::Var root;
    try {
        Poco::JSON::Parser parser;
        parser.setDepth(32);
        root = parser.parse(text);
    } catch (const Poco::Exception& e) {
        throw HttpError(400, "bad_request", "malformed JSON: " + e.message());
    }
    if (root.type() != typeid(Poco::JSON::Object::Ptr)) {
        throw HttpError(400, "bad_request", "the message must be a JSON object");
    }
    return root.extract<Poco::JSON::Object::Ptr>();
}

// What an answer says besides its status and expiration.
struct Outcome {
    bool contact = false;
    bool full = false;           // contact: a full inventory is wanted
    bool duplicate = false;      // inventory: a replayed submission
    bool fullRequested = false;  // inventory: the collector wants a full one next

    std::string key(protocol::BodyEncoding encoding) const {
        std::string out(1, static_cast<char>('0' + static_cast<int>(encoding)));
        for (const bool flag : {contact, full, duplicate, fullRequested}) {
            out += flag ? '1' : '0';
        }
        return out;
    }
};

std::string answerText(const Outcome& outcome, const std::string& expiration) {
    Poco::JSON::Object answer;
    answer.set("status", "ok");
    setExpiration(answer, expiration);
    if (outcome.contact) {
        Poco::JSON::Object task;
        task.set("server", "parque");
        task.set("full", outcome.full);
        Poco::JSON::Object tasks;
        tasks.set("inventory", task);
        answer.set("tasks", tasks);
    } else {
        answer.set("duplicate", outcome.duplicate);
        answer.set("full_inventory_requested", outcome.fullRequested);
    }
    std::ostringstream reply;
    answer.stringify(reply);
    return reply.str();
}

// Answers differ only by a few flags: each distinct one is written and compressed once per
// encoding (zlib gives the same bytes for the same input), not for every request.
class ReplyCache {
public:
    template <class Make>
    std::string get(const std::string& key, const Make& make) {
        {
            const std::lock_guard<std::mutex> lock(mutex_);
            const auto found = replies_.find(key);
            if (found != replies_.end()) {
                return found->second;
            }
        }
        std::string reply = make();
        const std::lock_guard<std::mutex> lock(mutex_);
        if (replies_.size() < kMaxReplies) {
            replies_.emplace(key, reply);
        }
        return reply;
    }

private:
    static constexpr std::size_t kMaxReplies = 64;
    std::mutex mutex_;
    std::map<std::string, std::string> replies_;
};

// An inventory message read straight from its text, without Poco's JSON tree (most of what an
// inventory cost), when the direct decoder takes it and it is one; otherwise nothing, and the
// message goes the tree's way, which answers exactly as before (errors included).
std::optional<inventory::Inventory> directInventory(const std::string& text) {
    if (text.find("\"content\"") == std::string::npos) {  // a contact
        return std::nullopt;
    }
    try {
        inventory::Inventory inventory = inventory::decodeInventory(text);
        if (inventory.action == "inventory") {
            return inventory;
        }
    } catch (const inventory::DecodeError&) {
    }
    return std::nullopt;
}

class Intake {
public:
    explicit Intake(Services& services) : s_(services), replies_(std::make_shared<ReplyCache>()) {}

    Response operator()(Request& request) {
        const auto started = std::chrono::steady_clock::now();
        // Legacy XML agents post to "/" too (the GLPI root path): without a certificate, the
        // body decides, and legacyIntake applies its own access rules.
        const bool maybeLegacy = !request.peer && s_.config.legacy.enabled;
        std::optional<std::string> deviceId;
        if (!maybeLegacy) {
            deviceId = authenticate(request);
        }
        const std::string raw = readBody(request, s_.config.maxBodyBytes);
        const std::string contentType = request.http.getContentType();
        const auto [encoding, decoded] = decodeRequestBody(s_.config, request, raw);
        if (maybeLegacy) {
            if (looksLikeXml(decoded)) {
                return legacyIntake(s_, request, raw);
            }
            deviceId = authenticate(request);
        }
        Outcome outcome;
        std::string action = "inventory";
        if (const auto direct = directInventory(decoded)) {
            outcome = inventory(request, deviceId, *direct);
        } else {
            const auto message = parseMessage(decoded);
            action = message->optValue<std::string>("action", "");
            if (action == "contact") {
                outcome = contact(deviceId);
            } else if (action == "inventory") {
                outcome = inventory(request, deviceId, inventory::decodeInventoryTree(message));
            } else {
                throw HttpError(
                    400, "bad_request",
                    "$.action must be \"contact\" or \"inventory\", not \"" + action + "\"");
            }
        }
        Response response;
        // C++17 lambdas cannot capture a structured binding: a plain copy can be.
        const protocol::BodyEncoding replyEncoding = encoding;
        response.body = replies_->get(outcome.key(replyEncoding), [&] {
            return protocol::encodeBody(answerText(outcome, s_.config.expiration), replyEncoding);
        });
        response.contentType =
            protocol::replyContentType(encoding, contentType, "application/json");
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
        s_.metrics.observeIntake(action, took.count());
        return response;
    }

private:
    // The enrolled device, or nothing for an accepted anonymous (GLPI agent) request.
    std::optional<std::string> authenticate(const Request& request) {
        if (request.peer) {
            try {
                return s_.registry.authenticateDevice(*request.peer);
            } catch (const AccessError&) {
                s_.metrics.countRejected("auth");
                throw;
            }
        }
        if (s_.config.anonymousIntake &&
            sameSecret(bearerToken(request), s_.config.anonymousIntakeToken)) {
            return std::nullopt;
        }
        s_.metrics.countRejected("auth");
        throw HttpError(401, "unauthorized",
                        s_.config.anonymousIntake
                            ? "send a device certificate or the intake bearer token"
                            : "a device certificate is required: enrol the agent first");
    }

    Outcome contact(const std::optional<std::string>& deviceId) {
        Outcome outcome;
        outcome.contact = true;
        outcome.full = deviceId && s_.inventories.fullRequested(*deviceId);
        if (deviceId) {
            s_.inventories.recordContact(*deviceId);
        }
        return outcome;
    }

    Outcome inventory(const Request& request, const std::optional<std::string>& deviceId,
                      const inventory::Inventory& inv) {
        const std::string device =
            deviceId ? *deviceId
                     : s_.inventories.resolveAnonymous(inv, request.http.get("GLPI-Agent-ID", ""),
                                                       s_.config.anonymousSite);
        const ApplyResult result =
            s_.inventories.apply(device, inv, request.http.get("Idempotency-Key", ""));
        afterInventory(s_, device, result);
        Outcome outcome;
        outcome.duplicate = result.duplicate;
        outcome.fullRequested = result.fullRequested;
        return outcome;
    }

    Services& s_;
    std::shared_ptr<ReplyCache> replies_;  // shared by the copies the router keeps
};

}  // namespace

void addIntakeRoutes(Router& router, Services& services) {
    for (const char* path : {"/", "/inventory", "/front/inventory.php"}) {
        router.add("POST", path, Intake(services));
    }
}

}  // namespace parque::collector
