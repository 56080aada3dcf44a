#include "parque/collector/Registry.h"
#include "parque/util/Base64.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Nullable.h>
#include <Poco/UUIDGenerator.h>
#include <openssl/rand.h>

#include <ctime>

using namespace Poco::Data::Keywords;

namespace parque::collector {

std::string randomSecret(const char* prefix) {
    unsigned char bytes[32];
    if (RAND_bytes(bytes, sizeof bytes) != 1) {
        throw std::runtime_error("the random number generator failed");
    }
    return prefix +
           util::base64Encode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes),
                              util::Base64Alphabet::Url, false);
}

Registry::Registry(Database& database, pki::Authority authority, int certificateDays)
    : database_(database), authority_(std::move(authority)), certificateDays_(certificateDays) {}

NewToken Registry::createEnrolmentToken(const std::string& site, std::int64_t lifetimeSeconds,
                                        std::optional<int> maxUses) {
    if (site.empty()) {
        throw AccessError(AccessError::Code::BadRequest, "a token needs a site");
    }
    NewToken token;
    token.secret = randomSecret("pqe_");
    token.expiresAt = utcTime(static_cast<std::int64_t>(std::time(nullptr)) + lifetimeSeconds);
    std::string hash = sha256Hex(token.secret);
    std::string created = utcNow();
    std::string siteName = site;
    Poco::Nullable<int> uses;
    if (maxUses) {
        uses = *maxUses;
    }
    Database::WriteTransaction tx(database_);
    tx.session() << database_.sql(
        "INSERT INTO enrolment_tokens (token_hash, site, created_at,"
        " expires_at, max_uses) VALUES (?, ?, ?, ?, ?) RETURNING id"),
        use(hash), use(siteName), use(created), use(token.expiresAt), use(uses), into(token.id),
        now;
    tx.commit();
    return token;
}

std::vector<EnrolmentToken> Registry::enrolmentTokens() {
    Poco::Data::Session s = database_.session();
    Poco::Data::Statement select(s);
    select << "SELECT id, site, created_at, expires_at, max_uses, uses, revoked_at"
              " FROM enrolment_tokens ORDER BY id",
        now;
    Poco::Data::RecordSet rows(select);
    std::vector<EnrolmentToken> tokens;
    for (std::size_t row = 0; row < rows.rowCount(); ++row) {
        EnrolmentToken t;
        t.id = rows.value(0, row).convert<std::int64_t>();
        t.site = rows.value(1, row).convert<std::string>();
        t.createdAt = rows.value(2, row).convert<std::string>();
        t.expiresAt = rows.value(3, row).convert<std::string>();
        if (!rows.value(4, row).isEmpty()) {
            t.maxUses = rows.value(4, row).convert<int>();
        }
        t.uses = rows.value(5, row).convert<int>();
        if (!rows.value(6, row).isEmpty()) {
            t.revokedAt = rows.value(6, row).convert<std::string>();
        }
        tokens.push_back(std::move(t));
    }
    return tokens;
}

void Registry::revokeEnrolmentToken(std::int64_t id) {
    std::string at = utcNow();
    Database::WriteTransaction tx(database_);
    Poco::Data::Statement update(tx.session());
    update << database_.sql("UPDATE enrolment_tokens SET revoked_at = ? WHERE id = ?"), use(at),
        use(id);
    if (update.execute() == 0) {
        throw AccessError(AccessError::Code::NotFound, "no enrolment token " + std::to_string(id));
    }
    tx.commit();
}

Enrolled Registry::enrol(const std::string& tokenSecret, const std::string& csrPem,
                         const std::string& hostname) {
    std::string hash = sha256Hex(tokenSecret);
    std::string at = utcNow();
    Database::WriteTransaction tx(database_);
    Poco::Nullable<std::int64_t> id;
    Poco::Nullable<std::string> site;
    Poco::Nullable<std::string> expires;
    Poco::Nullable<int> maxUses;
    Poco::Nullable<std::string> revoked;
    int uses = 0;
    tx.session() << database_.sql(
        "SELECT id, site, expires_at, max_uses, uses, revoked_at"
        " FROM enrolment_tokens WHERE token_hash = ?"),
        use(hash), into(id), into(site), into(expires), into(maxUses), into(uses), into(revoked),
        now;
    if (id.isNull()) {
        throw AccessError(AccessError::Code::Unauthorized, "unknown enrolment token");
    }
    if (!revoked.isNull()) {
        throw AccessError(AccessError::Code::Forbidden, "the enrolment token was revoked");
    }
    if (expires.value() <= at) {
        throw AccessError(AccessError::Code::Forbidden,
                          "the enrolment token expired at " + expires.value());
    }
    if (!maxUses.isNull() && uses >= maxUses.value()) {
        throw AccessError(AccessError::Code::Forbidden, "the enrolment token is used up");
    }
    Enrolled result;
    result.deviceId = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
    pki::Issued issued;
    try {
        issued = pki::signDeviceCertificate(authority_, csrPem, result.deviceId, certificateDays_);
    } catch (const pki::PkiError& e) {
        throw AccessError(AccessError::Code::BadRequest, std::string("bad CSR: ") + e.what());
    }
    std::int64_t tokenId = id.value();
    std::string siteName = site.value();
    std::string name = hostname;
    tx.session() << database_.sql("UPDATE enrolment_tokens SET uses = uses + 1 WHERE id = ?"),
        use(tokenId), now;
    tx.session() << database_.sql(
        "INSERT INTO devices (id, name, site, identity,"
        " certificate_serial, created_at) VALUES (?, ?, ?,"
        " 'certificate', ?, ?)"),
        use(result.deviceId), use(name), use(siteName), use(issued.serialHex), use(at), now;
    tx.commit();
    result.certificatePem = issued.certificatePem;
    result.authorityPem = authority_.certificatePem;
    return result;
}

// Every agent request comes here: the lookup goes through a reader connection's kept statement
// (a few microseconds), and reads the row each time, so a revocation - from this process or from
// `parque-collector device revoke` - refuses the very next request.
std::string Registry::authenticateDevice(const PeerCertificate& peer) {
    const std::string& id = peer.commonName;
    std::optional<std::string> status;
    std::optional<std::string> serial;
    database_.read([&](Poco::Data::Session& session) {
        SqlStatement select = database_.prepare(
            session, "SELECT status, certificate_serial FROM devices WHERE id = ?");
        if (select.bind(1, id).step()) {
            status = select.optionalText(0);
            serial = select.optionalText(1);
        }
    });
    if (!status) {
        throw AccessError(AccessError::Code::Forbidden, "device " + id + " is not enrolled");
    }
    if (*status != "active") {
        throw AccessError(AccessError::Code::Forbidden, "device " + id + " was revoked");
    }
    if (!serial || *serial != peer.serialHex) {
        throw AccessError(AccessError::Code::Forbidden,
                          "this certificate of device " + id + " was replaced");
    }
    return id;
}

void Registry::revokeDevice(const std::string& deviceId) {
    std::string id = deviceId;
    Database::WriteTransaction tx(database_);
    Poco::Data::Statement update(tx.session());
    update << database_.sql("UPDATE devices SET status = 'revoked' WHERE id = ?"), use(id);
    if (update.execute() == 0) {
        throw AccessError(AccessError::Code::NotFound, "no device " + deviceId);
    }
    tx.commit();
}

bool isApiRole(const std::string& role) {
    return role == "admin" || role == "technician" || role == "manager" || role == "read-only";
}

NewToken Registry::createApiToken(const std::string& name, const std::string& role) {
    if (!isApiRole(role)) {
        throw AccessError(AccessError::Code::BadRequest,
                          "unknown role '" + role + "' (admin, technician, manager, read-only)");
    }
    NewToken token;
    token.secret = randomSecret("pqa_");
    std::string hash = sha256Hex(token.secret);
    std::string created = utcNow();
    std::string tokenName = name;
    std::string tokenRole = role;
    Database::WriteTransaction tx(database_);
    tx.session() << database_.sql(
        "INSERT INTO api_tokens (token_hash, name, created_at, role)"
        " VALUES (?, ?, ?, ?) RETURNING id"),
        use(hash), use(tokenName), use(created), use(tokenRole), into(token.id), now;
    tx.commit();
    return token;
}

std::optional<std::string> Registry::checkApiToken(const std::string& secret) {
    const auto identity = identifyApiToken(secret);
    if (!identity) {
        return std::nullopt;
    }
    return identity->role;
}

std::optional<ApiIdentity> Registry::identifyApiToken(const std::string& secret) {
    std::string hash = sha256Hex(secret);
    Poco::Nullable<std::string> name;
    Poco::Nullable<std::string> role;
    Poco::Data::Session s = database_.session();
    s << database_.sql(
        "SELECT name, role FROM api_tokens WHERE token_hash = ?"
        " AND revoked_at IS NULL"),
        use(hash), into(name), into(role), now;
    if (name.isNull() || role.isNull()) {
        return std::nullopt;
    }
    return ApiIdentity{name.value(), role.value()};
}

void Registry::revokeApiToken(std::int64_t id) {
    std::string at = utcNow();
    Database::WriteTransaction tx(database_);
    tx.session() << database_.sql("UPDATE api_tokens SET revoked_at = ? WHERE id = ?"), use(at),
        use(id), now;
    tx.commit();
}

}  // namespace parque::collector
