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

class Intake {
public:
    explicit Intake(Services& services) : s_(services) {}

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
        const auto message = parseMessage(decoded);
        const std::string action = message->optValue<std::string>("action", "");
        Poco::JSON::Object answer;
        if (action == "contact") {
            contact(deviceId, answer);
        } else if (action == "inventory") {
            inventory(request, deviceId, message, answer);
        } else {
            throw HttpError(
                400, "bad_request",
                "$.action must be \"contact\" or \"inventory\", not \"" + action + "\"");
        }
        std::ostringstream reply;
        answer.stringify(reply);
        Response response;
        response.body = protocol::encodeBody(reply.str(), encoding);
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

    void contact(const std::optional<std::string>& deviceId, Poco::JSON::Object& answer) {
        answer.set("status", "ok");
        setExpiration(answer, s_.config.expiration);
        Poco::JSON::Object task;
        task.set("server", "parque");
        task.set("full", deviceId && s_.inventories.fullRequested(*deviceId));
        Poco::JSON::Object tasks;
        tasks.set("inventory", task);
        answer.set("tasks", tasks);
        if (deviceId) {
            s_.inventories.recordContact(*deviceId);
        }
    }

    void inventory(const Request& request, const std::optional<std::string>& deviceId,
                   const Poco::JSON::Object::Ptr& message, Poco::JSON::Object& answer) {
        const inventory::Inventory inv = inventory::decodeInventoryTree(message);
        const std::string device =
            deviceId ? *deviceId
                     : s_.inventories.resolveAnonymous(inv, request.http.get("GLPI-Agent-ID", ""),
                                                       s_.config.anonymousSite);
        const ApplyResult result =
            s_.inventories.apply(device, inv, request.http.get("Idempotency-Key", ""));
        afterInventory(s_, device, result);
        answer.set("status", "ok");
        setExpiration(answer, s_.config.expiration);
        answer.set("duplicate", result.duplicate);
        answer.set("full_inventory_requested", result.fullRequested);
    }

    Services& s_;
};

}  // namespace

void addIntakeRoutes(Router& router, Services& services) {
    for (const char* path : {"/", "/inventory", "/front/inventory.php"}) {
        router.add("POST", path, Intake(services));
    }
}

}  // namespace parque::collector
