// One HTTPS exchange with a collector or a GLPI server: JSON in, JSON out, zlib on the wire.
// Mutual TLS with the device certificate when enrolled; otherwise (GLPI mode) the server is
// verified by the system CAs or by a pinned certificate fingerprint.
#pragma once

#include <Poco/Net/Context.h>
#include <Poco/URI.h>

#include <Poco/Net/HTTPSClientSession.h>

#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace parque::agent {

// Why an exchange failed, which decides what the agent does next.
class TransportError : public std::runtime_error {
public:
    enum class Kind {
        Unreachable,  // network, TLS or 5xx: retry later with backoff
        Refused,      // 401/403: not enrolled, revoked; keep spooling, retry rarely
        Rejected      // other 4xx: this submission will never be accepted
    };
    TransportError(Kind kind, int status, const std::string& message)
        : std::runtime_error(message), kind_(kind), status_(status) {}
    Kind kind() const { return kind_; }
    int status() const { return status_; }

private:
    Kind kind_;
    int status_;
};

struct TlsIdentity {
    std::string certificateFile;  // empty: no client certificate (GLPI mode)
    std::string privateKeyFile;
    std::string authorityFile;      // empty: the system's CAs
    std::string pinnedFingerprint;  // SHA-256 of the server certificate (GLPI mode), optional
};

struct Exchange {
    std::string body;  // JSON text to send
    std::map<std::string, std::string> headers;
    bool compress = true;  // zlib (the GLPI protocol); plain JSON for the enrolment call
};

class Transport {
public:
    Transport(const std::string& url, const TlsIdentity& identity, int timeoutSeconds = 60);

    // POSTs the JSON zlib-compressed and returns the decoded JSON answer of a 2xx.
    std::string post(const Exchange& exchange);
    // GET of a small public resource (the CA certificate) returned with the server certificate's
    // PEM, over an unverified connection: the caller checks both against a pin.
    static std::pair<std::string, std::string> fetchUnverified(const std::string& url);
    static Poco::Net::Context::Ptr clientContext(const TlsIdentity& identity);

private:
    void checkPin(Poco::Net::HTTPSClientSession& session) const;
    Poco::URI uri_;
    TlsIdentity identity_;
    Poco::Net::Context::Ptr context_;
    int timeoutSeconds_;
    // Kept alive between the contact and the inventory of one run (one TLS handshake). Not kept
    // with a pinned fingerprint: a silent reconnect would skip the pin check.
    std::shared_ptr<Poco::Net::HTTPSClientSession> session_;
};

}  // namespace parque::agent
