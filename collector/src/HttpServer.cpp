#include "HttpServer.h"

#include "parque/inventory/JsonCodec.h"
#include "parque/protocol/BodyCodec.h"

#include <Poco/Logger.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/Session.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <openssl/bn.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <cctype>
#include <memory>
#include <sstream>

namespace parque::collector {
namespace {

constexpr const char* kCiphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305";

Poco::Net::Context::Ptr serverContext(const ServerTls& tls) {
    Poco::Net::Context::Params params;
    params.privateKeyFile = tls.privateKeyFile;
    params.certificateFile = tls.certificateFile;
    params.caLocation = tls.authorityFile;
    params.verificationMode = Poco::Net::Context::VERIFY_RELAXED;  // asked for, not required
    params.verificationDepth = 2;
    params.loadDefaultCAs = false;
    params.cipherList = kCiphers;
    params.ecdhCurve = "prime256v1";
    Poco::Net::Context::Ptr context =
        new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, params);
    context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    context->preferServerCiphers();
    context->enableSessionCache(true, "parque-collector");
    // No TLS 1.3 session tickets: an agent run is one connection and never resumes, and each
    // ticket cost a copy of the session (its client certificate decoded again) and its
    // encryption, on every handshake.
    SSL_CTX_set_num_tickets(context->sslContext(), 0);
    return context;
}

struct BignumFree {
    void operator()(BIGNUM* n) const { BN_free(n); }
};
struct OpensslFree {
    void operator()(char* text) const { OPENSSL_free(text); }
};

// The verified client certificate's subject and serial, read from the TLS session's peer (the
// certificate SSL_get_peer_certificate gives) without Poco's X509Certificate, which formats
// every name of the certificate first. The serial in lower-case hex as pki writes it (device
// serials have their top bit set, so no padding); the common name as X509_NAME_get_text_by_NID
// gives it.
std::optional<PeerCertificate> peerOf(Poco::Net::HTTPServerRequest& http) {
    auto* impl = dynamic_cast<Poco::Net::HTTPServerRequestImpl*>(&http);
    if (impl == nullptr) {
        return std::nullopt;
    }
    Poco::Net::SecureStreamSocket socket(impl->socket());
    const Poco::Net::Session::Ptr session = socket.currentSession();
    X509* certificate = session ? SSL_SESSION_get0_peer(session->sslSession()) : nullptr;
    if (certificate == nullptr) {
        return std::nullopt;
    }
    PeerCertificate peer;
    if (X509_NAME* subject = X509_get_subject_name(certificate)) {
        char name[256];
        if (X509_NAME_get_text_by_NID(subject, NID_commonName, name, sizeof name) >= 0) {
            peer.commonName = name;
        }
    }
    const std::unique_ptr<BIGNUM, BignumFree> number(
        ASN1_INTEGER_to_BN(X509_get0_serialNumber(certificate), nullptr));
    const std::unique_ptr<char, OpensslFree> hex(number ? BN_bn2hex(number.get()) : nullptr);
    if (hex) {
        peer.serialHex = hex.get();
    }
    for (char& c : peer.serialHex) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return peer;
}

Response errorResponse(int status, const std::string& code, const std::string& message) {
    Response response;
    response.status = status;
    response.body = jsonError(code, message);
    return response;
}

Response accessError(const AccessError& e) {
    switch (e.code()) {
    case AccessError::Code::Unauthorized:
        return errorResponse(401, "unauthorized", e.what());
    case AccessError::Code::Forbidden:
        return errorResponse(403, "forbidden", e.what());
    case AccessError::Code::NotFound:
        return errorResponse(404, "not_found", e.what());
    case AccessError::Code::BadRequest:
        return errorResponse(400, "bad_request", e.what());
    }
    return errorResponse(403, "forbidden", e.what());
}

Response bodyError(const protocol::BodyError& e) {
    if (e.status() == 413) {
        return errorResponse(413, "payload_too_large", e.what());
    }
    if (e.status() == 415) {
        return errorResponse(415, "unsupported_media_type", e.what());
    }
    return errorResponse(400, "bad_request", e.what());
}

class Dispatcher : public Poco::Net::HTTPRequestHandler {
public:
    Dispatcher(const Router& router, Services& services) : router_(router), services_(services) {}

    void handleRequest(Poco::Net::HTTPServerRequest& http,
                       Poco::Net::HTTPServerResponse& reply) override {
        std::string route = "unmatched";
        const Response response = dispatch(http, route);
        services_.metrics.countRequest(route, response.status);
        reply.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(response.status));
        reply.setContentType(response.contentType);
        reply.set("Cache-Control", "no-store");
        reply.set("X-Content-Type-Options", "nosniff");
        for (const auto& [name, value] : response.headers) {
            if (name == "Set-Cookie") {
                reply.add(name, value);  // one header per cookie
            } else {
                reply.set(name, value);
            }
        }
        reply.setContentLength64(static_cast<Poco::Int64>(response.body.size()));
        reply.send().write(response.body.data(),
                           static_cast<std::streamsize>(response.body.size()));
    }

private:
    Response dispatch(Poco::Net::HTTPServerRequest& http, std::string& route) {
        try {
            const Poco::URI uri(http.getURI());
            Request request{http, uri.getPath(), parseQuery(uri.getRawQuery()), {}, peerOf(http)};
            return router_.dispatch(request, route);
        } catch (const HttpError& e) {
            return errorResponse(e.status(), e.code(), e.what());
        } catch (const AccessError& e) {
            return accessError(e);
        } catch (const protocol::BodyError& e) {
            services_.metrics.countRejected("body");
            return bodyError(e);
        } catch (const inventory::DecodeError& e) {
            services_.metrics.countRejected("schema");
            return errorResponse(400, "bad_request", e.what());
        } catch (const Poco::SyntaxException& e) {
            return errorResponse(400, "bad_request", "malformed request: " + e.message());
        } catch (const Poco::Exception& e) {
            Poco::Logger::get("parque.collector").error("request failed: " + e.displayText());
            return errorResponse(500, "internal_error", "internal error; see the collector log");
        } catch (const std::exception& e) {
            Poco::Logger::get("parque.collector").error(std::string("request failed: ") + e.what());
            return errorResponse(500, "internal_error", "internal error; see the collector log");
        }
    }

    const Router& router_;
    Services& services_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    Factory(const Router& router, Services& services) : router_(router), services_(services) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(
        const Poco::Net::HTTPServerRequest& /*request*/) override {
        return new Dispatcher(router_, services_);
    }

private:
    const Router& router_;
    Services& services_;
};

}  // namespace

std::string readBody(Request& request, std::size_t limit) {
    const auto length = request.http.getContentLength64();
    if (length != Poco::Net::HTTPMessage::UNKNOWN_CONTENT_LENGTH &&
        static_cast<std::uint64_t>(length) > limit) {
        throw protocol::BodyError(413, "request body of " + std::to_string(length) +
                                           " bytes exceeds the limit of " + std::to_string(limit));
    }
    std::string body;
    std::istream& in = request.http.stream();
    char buffer[16384];
    while (in) {
        in.read(buffer, sizeof buffer);
        body.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (body.size() > limit) {
            throw protocol::BodyError(
                413, "request body exceeds the limit of " + std::to_string(limit) + " bytes");
        }
    }
    return body;
}

void afterInventory(Services& services, const std::string& deviceId, const ApplyResult& result) {
    if (result.replaced.empty() || !services.onPeripheralsReplaced) {
        return;
    }
    try {
        services.onPeripheralsReplaced(deviceId, result.replaced);
    } catch (const Poco::Exception& e) {
        Poco::Logger::get("parque.collector")
            .error("no ticket for the replaced peripherals of " + deviceId + ": " +
                   e.displayText());
    } catch (const std::exception& e) {
        Poco::Logger::get("parque.collector")
            .error("no ticket for the replaced peripherals of " + deviceId + ": " + e.what());
    }
}

RequestBody decodeRequestBody(const CollectorConfig& config, const Request& request,
                              const std::string& raw) {
    const auto encoding = protocol::encodingOf(
        request.http.getContentType(), request.http.get("Content-Encoding", ""), raw.substr(0, 4));
    protocol::BodyLimits limits;
    limits.maxDecoded = config.maxBodyBytes;
    limits.maxRatio = config.maxCompressionRatio;
    return {encoding, protocol::decodeBody(raw, encoding, limits)};
}

std::unique_ptr<Poco::Net::HTTPServer> makeHttpServer(const CollectorConfig& config,
                                                      const ServerTls& tls, const Router& router,
                                                      Services& services) {
    const Poco::Net::SocketAddress address(config.listenAddress, config.port);
    Poco::Net::SecureServerSocket socket(address, 256, serverContext(tls));
    auto params = Poco::makeAuto<Poco::Net::HTTPServerParams>();
    params->setMaxThreads(config.threads);
    params->setMaxQueued(1024);
    params->setKeepAlive(true);
    params->setMaxKeepAliveRequests(10000);
    params->setKeepAliveTimeout(Poco::Timespan(15, 0));
    params->setTimeout(Poco::Timespan(30, 0));
    return std::make_unique<Poco::Net::HTTPServer>(new Factory(router, services), socket, params);
}

}  // namespace parque::collector
