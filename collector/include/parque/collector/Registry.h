// Who may talk to the collector: enrolment tokens, API tokens and enrolled devices.
// Secrets are random 256-bit values shown once; only their SHA-256 is stored.
#pragma once

#include "parque/collector/Database.h"
#include "parque/pki/Pki.h"
#include "parque/util/Sha256.h"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace parque::collector {

// A refused enrolment or token operation; `reason` is safe to show to the caller.
class AccessError : public std::runtime_error {
public:
    enum class Code { Unauthorized, Forbidden, NotFound, BadRequest };
    AccessError(Code code, const std::string& reason) : std::runtime_error(reason), code_(code) {}
    Code code() const { return code_; }

private:
    Code code_;
};

struct EnrolmentToken {
    std::int64_t id = 0;
    std::string site;
    std::string createdAt;
    std::string expiresAt;
    std::optional<int> maxUses;
    int uses = 0;
    std::optional<std::string> revokedAt;
};

struct NewToken {
    std::int64_t id = 0;
    std::string secret;  // shown once
    std::string expiresAt;
};

struct Enrolled {
    std::string deviceId;
    std::string certificatePem;
    std::string authorityPem;
};

// How an agent request identified itself: the certificate's subject and serial.
struct PeerCertificate {
    std::string commonName;
    std::string serialHex;
};

struct ApiIdentity {
    std::string name;
    std::string role;
};

bool isApiRole(const std::string& role);

class Registry {
public:
    Registry(Database& database, pki::Authority authority, int certificateDays = 825);

    NewToken createEnrolmentToken(const std::string& site, std::int64_t lifetimeSeconds,
                                  std::optional<int> maxUses);
    std::vector<EnrolmentToken> enrolmentTokens();
    void revokeEnrolmentToken(std::int64_t id);

    // Checks and uses the token (one use), signs the CSR for a new device. Throws AccessError.
    Enrolled enrol(const std::string& tokenSecret, const std::string& csrPem,
                   const std::string& hostname);

    // The device a certificate belongs to, if it is enrolled, active and that certificate is
    // still its current one. Throws AccessError(Forbidden) for revoked devices or old certificates.
    std::string authenticateDevice(const PeerCertificate& peer);
    void revokeDevice(const std::string& deviceId);  // throws AccessError(NotFound)

    // role: admin, technician, manager or read-only (AccessError(BadRequest) otherwise).
    NewToken createApiToken(const std::string& name, const std::string& role = "admin");
    // The token's role when it is valid and not revoked.
    std::optional<std::string> checkApiToken(const std::string& secret);
    // The token's name and role (who acts, for activity logs), when valid and not revoked.
    std::optional<ApiIdentity> identifyApiToken(const std::string& secret);
    void revokeApiToken(std::int64_t id);

private:
    Database& database_;
    pki::Authority authority_;
    int certificateDays_;
};

using util::sha256Hex;
std::string randomSecret(const char* prefix);  // prefix + 43 base64url characters

}  // namespace parque::collector
