#include "parque/agent/runtime/Transport.h"

#include "parque/pki/Pki.h"
#include "parque/protocol/BodyCodec.h"

#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/X509Certificate.h>
#include <Poco/StreamCopier.h>

#include <mutex>
#include <sstream>

namespace parque::agent {
namespace {

std::string pemOf(const Poco::Net::X509Certificate& certificate) {
    std::ostringstream out;
    certificate.save(out);
    return out.str();
}

std::string readLimited(std::istream& in, std::size_t limit) {
    std::string out;
    char buffer[8192];
    while (in && out.size() <= limit) {
        in.read(buffer, sizeof buffer);
        out.append(buffer, static_cast<std::size_t>(in.gcount()));
    }
    if (out.size() > limit) {
        throw TransportError(TransportError::Kind::Unreachable, 0,
                             "the answer exceeds " + std::to_string(limit) + " bytes");
    }
    return out;
}

std::string errorMessage(const std::string& body) {
    const auto at = body.find("\"message\":\"");
    if (at == std::string::npos) {
        return body.substr(0, 200);
    }
    const auto end = body.find('"', at + 11);
    return body.substr(at + 11, end == std::string::npos ? std::string::npos : end - at - 11);
}

// A session that can connect before sending anything, so a pinned certificate is checked before
// any header (a bearer token) leaves the machine.
class PinnableSession : public Poco::Net::HTTPSClientSession {
public:
    using HTTPSClientSession::HTTPSClientSession;
    void open() { reconnect(); }
};

void initializeSsl() {
    static std::once_flag once;
    std::call_once(once, [] {
        // Static Poco on Windows has no DLL start-up to do these (both are cheap elsewhere).
        Poco::Net::initializeNetwork();
        Poco::Net::initializeSSL();
        // Without a handler Poco would look for an Application's configuration: refuse instead.
        Poco::SharedPtr<Poco::Net::InvalidCertificateHandler> reject =
            new Poco::Net::RejectCertificateHandler(false);
        TlsIdentity none;
        Poco::Net::SSLManager::instance().initializeClient(nullptr, reject,
                                                           Transport::clientContext(none));
    });
}

}  // namespace

Poco::Net::Context::Ptr Transport::clientContext(const TlsIdentity& identity) {
    Poco::Net::Context::Params params;
    params.privateKeyFile = identity.privateKeyFile;
    params.certificateFile = identity.certificateFile;
    params.caLocation = identity.authorityFile;
    params.loadDefaultCAs = identity.authorityFile.empty();
    params.verificationMode = identity.pinnedFingerprint.empty()
                                  ? Poco::Net::Context::VERIFY_STRICT
                                  : Poco::Net::Context::VERIFY_NONE;  // checked against the pin
    params.cipherList = "HIGH:!aNULL:!MD5:!RC4:!3DES";
    Poco::Net::Context::Ptr context =
        new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
    context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    return context;
}

Transport::Transport(const std::string& url, const TlsIdentity& identity, int timeoutSeconds)
    : uri_(url),
      identity_(identity),
      context_(clientContext(identity)),
      timeoutSeconds_(timeoutSeconds) {
    initializeSsl();
    if (uri_.getScheme() != "https") {
        throw std::invalid_argument("the server URL must start with https://, not '" + url + "'");
    }
}

void Transport::checkPin(Poco::Net::HTTPSClientSession& session) const {
    if (!pki::fingerprintsEqual(pki::fingerprintSha256(pemOf(session.serverCertificate())),
                                identity_.pinnedFingerprint)) {
        throw TransportError(TransportError::Kind::Refused, 0,
                             "the server certificate of " + uri_.getHost() +
                                 " does not match the pinned fingerprint");
    }
}

std::string Transport::post(const Exchange& exchange) {
    try {
        const bool pinned = !identity_.pinnedFingerprint.empty();
        if (!session_ || pinned) {
            auto fresh =
                std::make_shared<PinnableSession>(uri_.getHost(), uri_.getPort(), context_);
            fresh->setTimeout(Poco::Timespan(timeoutSeconds_, 0));
            fresh->setKeepAlive(!pinned);
            if (pinned) {
                fresh->open();
                checkPin(*fresh);
            }
            session_ = fresh;
        }
        Poco::Net::HTTPSClientSession& session = *session_;
        const auto encoding =
            exchange.compress ? protocol::BodyEncoding::Zlib : protocol::BodyEncoding::Plain;
        const std::string body = protocol::encodeBody(exchange.body, encoding);
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, uri_.getPathEtc(),
                                       Poco::Net::HTTPMessage::HTTP_1_1);
        request.setContentType(exchange.compress ? "application/x-compress-zlib"
                                                 : "application/json");
        request.setContentLength64(static_cast<Poco::Int64>(body.size()));
        for (const auto& [name, value] : exchange.headers) {
            request.set(name, value);
        }
        std::ostream& out = session.sendRequest(request);
        out.write(body.data(), static_cast<std::streamsize>(body.size()));
        Poco::Net::HTTPResponse response;
        std::istream& in = session.receiveResponse(response);
        const std::string raw = readLimited(in, 16u << 20u);
        std::string text = protocol::decodeBody(
            raw, protocol::encodingOf(response.getContentType(),
                                      response.get("Content-Encoding", ""), raw.substr(0, 4)));
        const int status = static_cast<int>(response.getStatus());
        if (status >= 200 && status < 300) {
            return text;
        }
        const std::string message = "HTTP " + std::to_string(status) + " from " + uri_.getHost() +
                                    ": " + errorMessage(text);
        if (status == 401 || status == 403) {
            throw TransportError(TransportError::Kind::Refused, status, message);
        }
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
            throw TransportError(TransportError::Kind::Rejected, status, message);
        }
        throw TransportError(TransportError::Kind::Unreachable, status, message);
    } catch (const TransportError&) {
        session_.reset();
        throw;
    } catch (const protocol::BodyError& e) {
        session_.reset();
        throw TransportError(TransportError::Kind::Unreachable, 0,
                             std::string("unreadable answer: ") + e.what());
    } catch (const Poco::Exception& e) {
        session_.reset();
        throw TransportError(
            TransportError::Kind::Unreachable, 0,
            uri_.getHost() + ":" + std::to_string(uri_.getPort()) + ": " + e.displayText());
    }
}

std::pair<std::string, std::string> Transport::fetchUnverified(const std::string& url) {
    initializeSsl();
    const Poco::URI uri(url);
    TlsIdentity none;
    none.pinnedFingerprint = "checked by the caller";
    try {
        Poco::Net::HTTPSClientSession session(uri.getHost(), uri.getPort(), clientContext(none));
        session.setTimeout(Poco::Timespan(30, 0));
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, uri.getPathEtc(),
                                       Poco::Net::HTTPMessage::HTTP_1_1);
        session.sendRequest(request);
        Poco::Net::HTTPResponse response;
        std::istream& in = session.receiveResponse(response);
        std::string body = readLimited(in, 64u << 10u);
        if (response.getStatus() != Poco::Net::HTTPResponse::HTTP_OK) {
            throw TransportError(TransportError::Kind::Rejected,
                                 static_cast<int>(response.getStatus()),
                                 "GET " + url + " answered HTTP " +
                                     std::to_string(static_cast<int>(response.getStatus())));
        }
        return {body, pemOf(session.serverCertificate())};
    } catch (const Poco::Exception& e) {
        throw TransportError(TransportError::Kind::Unreachable, 0, url + ": " + e.displayText());
    }
}

}  // namespace parque::agent
