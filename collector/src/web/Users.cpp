// The users table: adding, listing and changing users, and signing in with lock-out and back-off.
// The KDF always runs outside the write transaction (it takes tens of milliseconds).
#include "web/Users.h"

#include "parque/collector/tickets/TicketStore.h"
#include "parque/util/Sha256.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

#include <stdexcept>

using namespace Poco::Data::Keywords;

namespace parque::collector::web {
namespace {

// Same cost as a real hash; no password matches it (its "hash" is not an scrypt output). Checked
// for unknown and disabled users so that they take as long as known ones.
const std::string dummyHash =
    "scrypt$15$8$1$cGFycXVlLWR1bW15LXNsdA$cGFycXVlOiBubyBzdWNoIHVzZXIsIG5ldmVyIGhpdC4";

struct UserRow {
    User user;
    std::string passwordHash;
    std::int64_t failures = 0;
    std::optional<std::int64_t> lockedUntil;
    bool disabled = false;
};

void checkUsername(const std::string& username) {
    if (username.empty() || username.size() > 64 ||
        username.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                   "0123456789._@-") != std::string::npos) {
        throw std::invalid_argument("a username has 1 to 64 characters among A-Z a-z 0-9 . _ @ -");
    }
}

void checkPassword(const std::string& password) {
    if (password.size() < minPasswordLength) {
        throw std::invalid_argument("a password needs at least " +
                                    std::to_string(minPasswordLength) + " characters");
    }
    if (password.size() > maxPasswordLength) {
        throw std::invalid_argument("a password has at most " + std::to_string(maxPasswordLength) +
                                    " characters");
    }
}

void checkLanguage(const std::string& language) {
    if (language != "en" && language != "es-AR") {
        throw std::invalid_argument("the language must be en or es-AR, not '" + language + "'");
    }
}

std::vector<UserRow> selectUsers(Poco::Data::Session& s, Database& database,
                                 const std::string& where, const std::string& value) {
    Poco::Data::Statement select(s);
    select << database.sql(
        "SELECT id, username, role, language, password_hash, failed_signins,"
        " locked_until, disabled_at FROM users " +
        where + " ORDER BY lower(username)");
    if (!value.empty()) {
        select, bind(value);
    }
    select.execute();
    Poco::Data::RecordSet rows(select);
    std::vector<UserRow> users;
    for (std::size_t row = 0; row < rows.rowCount(); ++row) {
        UserRow u;
        u.user.id = rows.value(0, row).convert<std::int64_t>();
        u.user.username = rows.value(1, row).convert<std::string>();
        u.user.role = parseRole(rows.value(2, row).convert<std::string>()).value_or(Role::ReadOnly);
        u.user.language = rows.value(3, row).convert<std::string>();
        u.passwordHash = rows.value(4, row).convert<std::string>();
        u.failures = rows.value(5, row).convert<std::int64_t>();
        if (!rows.value(6, row).isEmpty()) {
            u.lockedUntil = tickets::parseUtc(rows.value(6, row).convert<std::string>());
        }
        u.disabled = !rows.value(7, row).isEmpty();
        users.push_back(std::move(u));
    }
    return users;
}

std::optional<UserRow> userNamed(Poco::Data::Session& s, Database& database,
                                 const std::string& username) {
    if (username.empty()) {
        return std::nullopt;
    }
    std::vector<UserRow> rows =
        selectUsers(s, database, "WHERE lower(username) = lower(?)", username);
    if (rows.empty()) {
        return std::nullopt;
    }
    return std::move(rows.front());
}

}  // namespace

UserStore::UserStore(Database& database) : database_(database) {}

User UserStore::add(const std::string& username, const std::string& password, Role role,
                    const std::string& language) {
    checkUsername(username);
    checkPassword(password);
    checkLanguage(language);
    User user;
    user.username = username;
    user.role = role;
    user.language = language;
    const std::string hash = hashPassword(password);
    const std::string created = utcNow();
    database_.write([&](Poco::Data::Session& s) {
        if (userNamed(s, database_, username)) {
            throw std::invalid_argument("there is already a user named '" + username + "'");
        }
        Poco::Int64 id = 0;
        s << database_.sql(
            "INSERT INTO users (username, password_hash, role, language,"
            " created_at) VALUES (?, ?, ?, ?, ?) RETURNING id"),
            bind(username), bind(hash), bind(roleName(role)), bind(language), bind(created),
            into(id), now;
        user.id = id;
    });
    return user;
}

std::vector<User> UserStore::list() {
    Poco::Data::Session s = database_.session();
    std::vector<User> users;
    for (UserRow& row : selectUsers(s, database_, "", "")) {
        users.push_back(std::move(row.user));
    }
    return users;
}

std::optional<User> UserStore::find(const std::string& username) {
    Poco::Data::Session s = database_.session();
    std::optional<UserRow> row = userNamed(s, database_, username);
    if (!row) {
        return std::nullopt;
    }
    return std::move(row->user);
}

void UserStore::setLanguage(std::int64_t userId, const std::string& language) {
    checkLanguage(language);
    database_.write([&](Poco::Data::Session& s) {
        Poco::Data::Statement update(s);
        update << database_.sql("UPDATE users SET language = ? WHERE id = ?"), bind(language),
            bind(userId);
        if (update.execute() == 0) {
            throw std::invalid_argument("there is no user with id " + std::to_string(userId));
        }
    });
}

void UserStore::setPassword(const std::string& username, const std::string& password) {
    checkPassword(password);
    const std::string hash = hashPassword(password);
    database_.write([&](Poco::Data::Session& s) {
        const std::optional<UserRow> row = userNamed(s, database_, username);
        if (!row) {
            throw std::invalid_argument("there is no user named '" + username + "'");
        }
        const Poco::Int64 id = row->user.id;
        s << database_.sql(
            "UPDATE users SET password_hash = ?, failed_signins = 0,"
            " locked_until = NULL WHERE id = ?"),
            bind(hash), bind(id), now;
        s << database_.sql("DELETE FROM web_sessions WHERE user_id = ?"), bind(id), now;
    });
}

SignInResult UserStore::signIn(const std::string& username, const std::string& password,
                               std::int64_t now) {
    SignInResult result;
    std::optional<UserRow> row;
    {
        Poco::Data::Session s = database_.session();
        row = userNamed(s, database_, username);
    }
    if (!row || row->disabled) {
        verifyPassword(password, dummyHash);
        return result;
    }
    if (row->lockedUntil && *row->lockedUntil > now) {
        result.outcome = SignInResult::Outcome::Locked;
        result.retryAfter = *row->lockedUntil - now;
        return result;
    }
    const Poco::Int64 id = row->user.id;
    if (verifyPassword(password, row->passwordHash)) {
        if (row->failures != 0 || row->lockedUntil) {
            database_.write([&](Poco::Data::Session& s) {
                s << database_.sql(
                    "UPDATE users SET failed_signins = 0, locked_until = NULL"
                    " WHERE id = ?"),
                    bind(id), Poco::Data::Keywords::now;
            });
        }
        result.outcome = SignInResult::Outcome::SignedIn;
        result.user = row->user;
        return result;
    }
    database_.write([&](Poco::Data::Session& s) {
        Poco::Int64 failures = 0;  // read again: other attempts may have counted meanwhile
        s << database_.sql("SELECT failed_signins FROM users WHERE id = ?"), bind(id),
            into(failures), Poco::Data::Keywords::now;
        ++failures;
        const std::int64_t lock = lockSeconds(failures);
        Poco::Nullable<std::string> until;
        if (lock > 0) {
            until = utcTime(now + lock);
        }
        s << database_.sql("UPDATE users SET failed_signins = ?, locked_until = ? WHERE id = ?"),
            bind(failures), bind(until), bind(id), Poco::Data::Keywords::now;
    });
    return result;  // Refused; a lock this failure started answers the next attempts
}

}  // namespace parque::collector::web
