// Browser sessions: a random token in the cookie, its SHA-256 in web_sessions, an idle timeout
// that slides with use (last_seen written at most once a minute) and an absolute lifetime.
#include "web/Users.h"

#include "parque/collector/tickets/TicketStore.h"
#include "parque/util/Sha256.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>

#include <algorithm>

using namespace Poco::Data::Keywords;

namespace parque::collector::web {
namespace {

constexpr std::size_t tokenBytes = 32;
constexpr std::size_t maxTokenLength = 128;  // ours have 43 characters

struct SessionRow {
    WebSession session;
    std::int64_t lastSeen = 0;
    std::int64_t absoluteEnd = 0;
    bool userDisabled = false;
};

std::optional<SessionRow> sessionRow(Database& database, const std::string& tokenHash) {
    Poco::Data::Session s = database.session();
    Poco::Data::Statement select(s);
    select << database.sql(
        "SELECT u.id, u.username, u.role, u.language, u.disabled_at, w.csrf_token,"
        " w.last_seen, w.expires_at FROM web_sessions w JOIN users u"
        " ON u.id = w.user_id WHERE w.token_hash = ?"),
        bind(tokenHash), now;
    Poco::Data::RecordSet rows(select);
    if (rows.rowCount() == 0) {
        return std::nullopt;
    }
    SessionRow r;
    User& user = r.session.user;
    user.id = rows.value(0, 0).convert<std::int64_t>();
    user.username = rows.value(1, 0).convert<std::string>();
    user.role = parseRole(rows.value(2, 0).convert<std::string>()).value_or(Role::ReadOnly);
    user.language = rows.value(3, 0).convert<std::string>();
    r.userDisabled = !rows.value(4, 0).isEmpty();
    r.session.csrfToken = rows.value(5, 0).convert<std::string>();
    r.lastSeen = tickets::parseUtc(rows.value(6, 0).convert<std::string>());
    r.absoluteEnd = tickets::parseUtc(rows.value(7, 0).convert<std::string>());
    return r;
}

void deleteSession(Database& database, const std::string& tokenHash) {
    database.write([&](Poco::Data::Session& s) {
        s << database.sql("DELETE FROM web_sessions WHERE token_hash = ?"), bind(tokenHash), now;
    });
}

}  // namespace

WebSession UserStore::openSession(const User& user, std::int64_t now) {
    WebSession opened;
    opened.token = randomToken(tokenBytes);
    opened.csrfToken = randomToken(tokenBytes);
    opened.user = user;
    opened.expiresAt = now + sessionIdleSeconds;
    const std::string at = utcTime(now);
    const std::string absoluteEnd = utcTime(now + sessionMaxSeconds);
    const std::string tokenHash = util::sha256Hex(opened.token);
    const Poco::Int64 userId = user.id;
    database_.write([&](Poco::Data::Session& s) {
        // Sessions past their absolute end are of no use to anyone: tidy them on the way.
        s << database_.sql("DELETE FROM web_sessions WHERE expires_at <= ?"), bind(at),
            Poco::Data::Keywords::now;
        s << database_.sql(
            "INSERT INTO web_sessions (token_hash, user_id, csrf_token,"
            " created_at, last_seen, expires_at) VALUES (?, ?, ?, ?, ?, ?)"),
            bind(tokenHash), bind(userId), bind(opened.csrfToken), bind(at), bind(at),
            bind(absoluteEnd), Poco::Data::Keywords::now;
    });
    return opened;
}

std::optional<WebSession> UserStore::session(const std::string& token, std::int64_t now) {
    if (token.empty() || token.size() > maxTokenLength) {
        return std::nullopt;
    }
    const std::string tokenHash = util::sha256Hex(token);
    std::optional<SessionRow> row = sessionRow(database_, tokenHash);
    if (!row) {
        return std::nullopt;
    }
    if (row->userDisabled || now >= row->lastSeen + sessionIdleSeconds || now >= row->absoluteEnd) {
        deleteSession(database_, tokenHash);
        return std::nullopt;
    }
    if (now - row->lastSeen >= sessionTouchSeconds) {
        const std::string at = utcTime(now);
        database_.write([&](Poco::Data::Session& s) {
            s << database_.sql("UPDATE web_sessions SET last_seen = ? WHERE token_hash = ?"),
                bind(at), bind(tokenHash), Poco::Data::Keywords::now;
        });
        row->lastSeen = now;
    }
    WebSession found = std::move(row->session);
    found.token = token;
    found.expiresAt = std::min(row->lastSeen + sessionIdleSeconds, row->absoluteEnd);
    return found;
}

void UserStore::closeSession(const std::string& token) {
    if (token.empty() || token.size() > maxTokenLength) {
        return;
    }
    deleteSession(database_, util::sha256Hex(token));
}

}  // namespace parque::collector::web
