// People who sign in to the web interface: their roles, passwords (scrypt, salted), lock-out with
// back-off after repeated failures, and the browser sessions (only the SHA-256 of a session token
// is stored). Times are Unix seconds given by the caller and stored as UTC text.
#pragma once

#include "parque/collector/Database.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace parque::collector::web {

enum class Role { Admin, Technician, Manager, ReadOnly };

std::optional<Role> parseRole(
    const std::string& text);  // "admin" "technician" "manager" "read-only"
std::string roleName(Role role);

struct User {
    std::int64_t id = 0;
    std::string username;
    Role role = Role::ReadOnly;
    std::string language;  // "en" | "es-AR"
};

struct SignInResult {
    enum class Outcome { SignedIn, Refused, Locked };
    Outcome outcome = Outcome::Refused;
    std::optional<User> user;     // when SignedIn
    std::int64_t retryAfter = 0;  // seconds, when Locked
};

struct WebSession {
    std::string token;      // the raw cookie value (only its SHA-256 is stored)
    std::string csrfToken;  // to embed in every form of this session
    User user;
    std::int64_t expiresAt = 0;  // the earlier of the idle and the absolute expiry
};

// Lock-out and session lifetimes.
constexpr int freeFailures = 5;                                 // failures before the first lock
constexpr std::int64_t firstLockSeconds = 30;                   // doubles with each further failure
constexpr std::int64_t maxLockSeconds = std::int64_t{15} * 60;  // cap of the back-off
constexpr std::int64_t sessionIdleSeconds = std::int64_t{8} * 3600;  // slides with use
constexpr std::int64_t sessionMaxSeconds =
    std::int64_t{24} * 3600;                      // from the sign-in, never extended
constexpr std::int64_t sessionTouchSeconds = 60;  // last_seen written at most this often
constexpr std::size_t minPasswordLength = 12;
constexpr std::size_t maxPasswordLength = 1024;

// "scrypt$15$8$1$<salt base64>$<hash base64>" (N = 2^15, r = 8, p = 1, 16-byte fresh salt,
// 32-byte hash; base64 without padding).
std::string hashPassword(const std::string& password);
// False for a wrong password and for stored text that is not such a hash.
bool verifyPassword(const std::string& password, const std::string& stored);
bool constantTimeEquals(const std::string& a, const std::string& b);
std::string randomToken(std::size_t bytes);  // RAND_bytes, base64url without padding
// The lock after `failures` consecutive failures: 0 below freeFailures, then 30 s, 60 s, ...
// capped at maxLockSeconds.
std::int64_t lockSeconds(std::int64_t failures);

class UserStore {
public:
    explicit UserStore(Database& database);

    // std::invalid_argument with a precise message: username not 1..64 of [A-Za-z0-9._@-],
    // password shorter than 12 (or longer than 1024), duplicate username (case-insensitive),
    // language not en/es-AR.
    User add(const std::string& username, const std::string& password, Role role,
             const std::string& language = "es-AR");
    std::vector<User> list();                               // by username
    std::optional<User> find(const std::string& username);  // case-insensitive
    // std::invalid_argument for an unknown language or user.
    void setLanguage(std::int64_t userId, const std::string& language);
    // Also clears the lock-out and closes the user's sessions. std::invalid_argument for a short
    // password or an unknown user.
    void setPassword(const std::string& username, const std::string& password);

    // A wrong password is Refused and counted; the 5th consecutive one locks the user, so the
    // attempts that follow get Locked (with retryAfter) without the password being checked. An
    // unknown (or disabled) user gets Refused after the same KDF work as a known one.
    SignInResult signIn(const std::string& username, const std::string& password, std::int64_t now);
    WebSession openSession(const User& user, std::int64_t now);  // token returned once
    // Idle timeout 8 h (slides), absolute 24 h; an expired or unknown token → nothing.
    std::optional<WebSession> session(const std::string& token, std::int64_t now);
    void closeSession(const std::string& token);

private:
    Database& database_;
};

}  // namespace parque::collector::web
