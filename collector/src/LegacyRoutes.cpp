#include "HttpServer.h"
#include "LegacyIntake.h"
#include "parque/collector/LegacyXml.h"
#include "parque/protocol/BodyCodec.h"

#include <Poco/Net/HTTPBasicCredentials.h>
#include <Poco/Net/IPAddress.h>
#include <Poco/Net/NetException.h>
#include <openssl/crypto.h>

#include <chrono>

namespace parque::collector {
namespace {

constexpr const char* legacyRealm = "Parque";

bool sameSecret(const std::string& a, const std::string& b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

// "10.0.0.0/8" contains `address`; a block without "/n" is one address.
bool contains(const std::string& block, const Poco::Net::IPAddress& address) {
    const auto slash = block.find('/');
    const Poco::Net::IPAddress network(block.substr(0, slash));
    if (network.family() != address.family()) {
        return false;
    }
    const unsigned bits = network.family() == Poco::Net::IPAddress::IPv4 ? 32 : 128;
    const unsigned prefix = slash == std::string::npos
                                ? bits
                                : static_cast<unsigned>(std::stoul(block.substr(slash + 1)));
    const Poco::Net::IPAddress mask(std::min(prefix, bits), network.family());
    return (network & mask) == (address & mask);
}

void checkNetwork(const LegacyConfig& config, Request& request) {
    if (config.networks.empty()) {
        return;
    }
    const auto address = request.http.clientAddress().host();
    bool allowed = false;
    for (const std::string& block : config.networks) {
        allowed = allowed || contains(block, address);
    }
    if (!allowed) {
        throw HttpError(403, "forbidden",
                        "legacy intake does not accept reports from " + address.toString());
    }
}

bool credentialsValid(const LegacyConfig& config, Request& request) {
    if (config.username.empty()) {
        return true;
    }
    try {
        const Poco::Net::HTTPBasicCredentials credentials(request.http);
        return sameSecret(credentials.getUsername(), config.username) &&
               sameSecret(credentials.getPassword(), config.password);
    } catch (const Poco::Net::NotAuthenticatedException&) {
        return false;
    }
}

// Both agents (LWP) send Basic credentials only in answer to a challenge, and only for the
// realm they know: FusionInventory takes it from this header, OCS needs `--realm=Parque`.
Response challenge() {
    Response response;
    response.status = 401;
    response.body = jsonError("unauthorized", "legacy intake needs its HTTP Basic credentials");
    response.headers.emplace_back("WWW-Authenticate",
                                  std::string("Basic realm=\"") + legacyRealm + "\"");
    return response;
}

}  // namespace

bool looksLikeXml(const std::string& text) {
    std::size_t i = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
    while (i < text.size() &&
           (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n')) {
        ++i;
    }
    return i < text.size() && text[i] == '<';
}

Response legacyIntake(Services& services, Request& request, const std::string& raw) {
    const LegacyConfig& config = services.config.legacy;
    if (!config.enabled) {
        throw HttpError(415, "unsupported_media_type",
                        "legacy XML intake is off (collector.legacy.enabled)");
    }
    checkNetwork(config, request);
    if (!credentialsValid(config, request)) {
        return challenge();
    }
    const auto started = std::chrono::steady_clock::now();
    const std::string contentType = request.http.getContentType();
    const auto [encoding, decoded] = decodeRequestBody(services.config, request, raw);
    LegacyXmlLimits xmlLimits;
    xmlLimits.maxBytes = services.config.maxBodyBytes;
    LegacyMessage message;
    try {
        message = parseLegacyMessage(decoded, xmlLimits);
    } catch (const LegacyXmlError& e) {
        services.metrics.countRejected("xml");
        throw HttpError(400, "bad_request", e.what());
    }
    std::string reply;
    if (message.query == "PROLOG") {
        reply = prologReply(config.prologFrequencyHours);
    } else if (message.query == "INVENTORY" && message.inventory) {
        const std::string device = services.inventories.resolveAnonymous(
            *message.inventory, message.deviceid, config.site);
        afterInventory(services, device,
                       services.inventories.apply(device, *message.inventory, ""));
        reply = inventoryReply();
    } else {
        throw HttpError(400, "bad_request", "unsupported legacy QUERY \"" + message.query + "\"");
    }
    Response response;
    response.body = protocol::encodeBody(reply, encoding);
    response.contentType = protocol::replyContentType(encoding, contentType, "application/xml");
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
    services.metrics.observeIntake("legacy", took.count());
    return response;
}

void addLegacyRoutes(Router& router, Services& services) {
    if (!services.config.legacy.enabled) {
        return;
    }
    for (const std::string& path : services.config.legacy.paths) {
        router.add("POST", path, [&services](Request& request) {
            const std::string raw = readBody(request, services.config.maxBodyBytes);
            return legacyIntake(services, request, raw);
        });
    }
}

}  // namespace parque::collector
