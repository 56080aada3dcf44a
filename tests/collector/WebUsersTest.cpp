// Web sign-in foundation on a real SQLite file: scrypt hashes, user validation, sign-in with
// lock-out and back-off, sessions with idle and absolute expiry, and `parque-collector user`.
#include "web/Users.h"

#include "../support/RunProgram.h"
#include "parque/util/Sha256.h"

#include <Poco/Data/Session.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <stdexcept>

using namespace Poco::Data::Keywords;
using parque::collector::Database;
using parque::collector::DatabaseConfig;
using parque::collector::web::Role;
using parque::collector::web::SignInResult;
using parque::collector::web::User;
using parque::collector::web::UserStore;
using parque::collector::web::WebSession;
namespace web = parque::collector::web;
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t t0 = 1795000000;  // 2026-11-18
const std::string goodPassword = "correct horse battery";

struct TempDir {
    fs::path path;
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "parque-webusers-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) {
            throw std::runtime_error("mkdtemp failed");
        }
        path = pattern;
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
};

DatabaseConfig sqliteAt(const fs::path& file) {
    DatabaseConfig config;
    config.connection = file.string();
    return config;
}

struct UsersDb {
    TempDir dir;
    Database database{sqliteAt(dir.path / "collector.db")};
    UserStore users{database};

    long long count(const std::string& sql, const std::string& value) {
        Poco::Data::Session s = database.session();
        Poco::Int64 n = 0;
        std::string text = sql;
        std::string bound = value;
        s << text, use(bound), into(n), now;
        return static_cast<long long>(n);
    }
};

std::string messageOf(const std::function<void()>& action) {
    try {
        action();
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "<no std::invalid_argument>";
}

SignInResult::Outcome outcome(UserStore& users, const std::string& name,
                              const std::string& password, std::int64_t at) {
    return users.signIn(name, password, at).outcome;
}

}  // namespace

TEST_CASE("Web: passwords are hashed with a fresh salt and verified", "[web]") {
    const std::string hash = web::hashPassword(goodPassword);
    CHECK(hash.rfind("scrypt$15$8$1$", 0) == 0);
    CHECK(hash.find(goodPassword) == std::string::npos);
    CHECK(web::verifyPassword(goodPassword, hash));
    CHECK_FALSE(web::verifyPassword("correct horse batterz", hash));
    CHECK_FALSE(web::verifyPassword("", hash));

    const std::string again = web::hashPassword(goodPassword);
    CHECK(again != hash);
    CHECK(again.substr(0, 37) != hash.substr(0, 37));  // the salts differ
    CHECK(web::verifyPassword(goodPassword, again));

    std::string tampered = hash;
    tampered[tampered.size() - 2] = tampered[tampered.size() - 2] == 'A' ? 'B' : 'A';
    CHECK_FALSE(web::verifyPassword(goodPassword, tampered));
}

TEST_CASE("Web: malformed stored hashes never verify", "[web]") {
    const std::string hash = web::hashPassword(goodPassword);
    const std::string tail = hash.substr(std::string("scrypt$15$8$1$").size());
    for (const std::string& bad :
         {std::string(), std::string("scrypt"), "bcrypt$15$8$1$" + tail, "scrypt$15$8$" + tail,
          "scrypt$15$8$1$" + tail + "$x", "scrypt$x5$8$1$" + tail, "scrypt$30$8$1$" + tail,
          "scrypt$15$0$1$" + tail, "scrypt$15$8$-1$" + tail, "scrypt$15$8$1$!!!!$" + tail,
          "scrypt$15$8$1$" + tail.substr(0, tail.size() - 10), "scrypt$22$32$16$" + tail,
          std::string("scrypt$15$8$1$$"), hash + "="}) {
        INFO(bad);
        CHECK_FALSE(web::verifyPassword(goodPassword, bad));
    }
}

TEST_CASE("Web: tokens, comparison, roles and back-off steps", "[web]") {
    const std::string a = web::randomToken(32);
    CHECK(a.size() == 43);
    CHECK(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
          std::string::npos);
    CHECK(web::randomToken(32) != a);
    CHECK(web::randomToken(15).size() == 20);

    CHECK(web::constantTimeEquals("abc", "abc"));
    CHECK_FALSE(web::constantTimeEquals("abc", "abd"));
    CHECK_FALSE(web::constantTimeEquals("abc", "abcd"));
    CHECK(web::constantTimeEquals("", ""));

    for (const Role role : {Role::Admin, Role::Technician, Role::Manager, Role::ReadOnly}) {
        CHECK(web::parseRole(web::roleName(role)) == role);
    }
    CHECK(web::roleName(Role::ReadOnly) == "read-only");
    CHECK_FALSE(web::parseRole("Admin"));
    CHECK_FALSE(web::parseRole(""));

    CHECK(web::lockSeconds(4) == 0);
    CHECK(web::lockSeconds(5) == 30);
    CHECK(web::lockSeconds(6) == 60);
    CHECK(web::lockSeconds(9) == 480);
    CHECK(web::lockSeconds(10) == 900);
    CHECK(web::lockSeconds(1000000) == 900);
}

TEST_CASE("Web: adding users checks names, passwords and languages", "[web]") {
    UsersDb db;
    const User ana = db.users.add("ana.perez@norte", goodPassword, Role::Technician);
    CHECK(ana.id > 0);
    CHECK(ana.language == "es-AR");
    db.users.add("beto", goodPassword, Role::Manager, "en");

    CHECK(messageOf([&] { db.users.add("", goodPassword, Role::Admin); }) ==
          "a username has 1 to 64 characters among A-Z a-z 0-9 . _ @ -");
    CHECK(messageOf([&] {
              db.users.add(std::string(65, 'a'), goodPassword, Role::Admin);
          }).find("1 to 64") != std::string::npos);
    CHECK(messageOf([&] {
              db.users.add("ana perez", goodPassword, Role::Admin);
          }).find("1 to 64") != std::string::npos);
    CHECK(messageOf([&] { db.users.add("<script>", goodPassword, Role::Admin); }).find("1 to 64") !=
          std::string::npos);
    CHECK(messageOf([&] { db.users.add("carla", "elevenchars", Role::Admin); }) ==
          "a password needs at least 12 characters");
    CHECK(messageOf([&] { db.users.add("carla", std::string(1025, 'x'), Role::Admin); }) ==
          "a password has at most 1024 characters");
    CHECK(messageOf([&] { db.users.add("carla", goodPassword, Role::Admin, "fr"); }) ==
          "the language must be en or es-AR, not 'fr'");
    CHECK(messageOf([&] { db.users.add("BETO", goodPassword, Role::Admin); }) ==
          "there is already a user named 'BETO'");
    CHECK(db.users.add(std::string(64, 'z'), "twelve chars", Role::ReadOnly).id > 0);

    const std::vector<User> all = db.users.list();
    REQUIRE(all.size() == 3);
    CHECK(all[0].username == "ana.perez@norte");
    CHECK(all[1].username == "beto");
    CHECK(all[1].role == Role::Manager);
    CHECK(all[1].language == "en");
    CHECK(all[2].role == Role::ReadOnly);

    const auto found = db.users.find("Ana.Perez@Norte");
    REQUIRE(found);
    CHECK(found->id == ana.id);
    CHECK_FALSE(db.users.find("nobody"));
    CHECK_FALSE(db.users.find(""));

    db.users.setLanguage(ana.id, "en");
    CHECK(db.users.find("ana.perez@norte")->language == "en");
    CHECK(messageOf([&] { db.users.setLanguage(ana.id, "de"); }).find("en or es-AR") !=
          std::string::npos);
    CHECK(messageOf([&] { db.users.setLanguage(9999, "en"); }) == "there is no user with id 9999");
    CHECK(messageOf([&] { db.users.setPassword("nobody", goodPassword); }) ==
          "there is no user named 'nobody'");
    CHECK(db.count("SELECT COUNT(*) FROM users WHERE password_hash LIKE ?",
                   "%" + goodPassword + "%") == 0);
}

TEST_CASE("Web: sign-in succeeds with the right password only", "[web]") {
    UsersDb db;
    const User ana = db.users.add("ana", goodPassword, Role::Admin, "en");
    const SignInResult ok = db.users.signIn("ana", goodPassword, t0);
    REQUIRE(ok.outcome == SignInResult::Outcome::SignedIn);
    REQUIRE(ok.user);
    CHECK(ok.user->id == ana.id);
    CHECK(ok.user->role == Role::Admin);
    CHECK(ok.user->language == "en");
    CHECK(db.users.signIn("ANA", goodPassword, t0).outcome == SignInResult::Outcome::SignedIn);

    const SignInResult wrong = db.users.signIn("ana", "correct horse batterY", t0);
    CHECK(wrong.outcome == SignInResult::Outcome::Refused);
    CHECK_FALSE(wrong.user);
    CHECK(outcome(db.users, "ana", "", t0) == SignInResult::Outcome::Refused);
}

TEST_CASE("Web: unknown users are refused after the same KDF work", "[web]") {
    UsersDb db;
    db.users.add("ana", goodPassword, Role::Admin);
    const auto start = std::chrono::steady_clock::now();
    const SignInResult r = db.users.signIn("nadie", goodPassword, t0);
    const auto spent = std::chrono::steady_clock::now() - start;
    CHECK(r.outcome == SignInResult::Outcome::Refused);
    CHECK_FALSE(r.user);
    CHECK(spent >= std::chrono::milliseconds(10));  // scrypt with 32 MiB ran; a lookup is < 1 ms
    CHECK(outcome(db.users, "", "", t0) == SignInResult::Outcome::Refused);
    CHECK(outcome(db.users, std::string(5000, 'x'), goodPassword, t0) ==
          SignInResult::Outcome::Refused);
    // No lock-out state is kept for names that do not exist: still Refused after many attempts.
    for (int i = 0; i < 6; ++i) {
        db.users.signIn("nadie", "wrong password!", t0);
    }
    CHECK(outcome(db.users, "nadie", goodPassword, t0) == SignInResult::Outcome::Refused);

    Poco::Data::Session s = db.database.session();
    s << "UPDATE users SET disabled_at = '2026-01-01T00:00:00Z' WHERE username = 'ana'", now;
    CHECK(outcome(db.users, "ana", goodPassword, t0) == SignInResult::Outcome::Refused);
}

TEST_CASE("Web: five failures lock the user for 30 s, even with the right password", "[web]") {
    UsersDb db;
    db.users.add("ana", goodPassword, Role::Technician);
    for (int i = 0; i < 5; ++i) {
        CHECK(outcome(db.users, "ana", "wrong password " + std::to_string(i), t0 + i) ==
              SignInResult::Outcome::Refused);
    }
    const SignInResult sixth = db.users.signIn("ana", "wrong password 6", t0 + 4);
    CHECK(sixth.outcome == SignInResult::Outcome::Locked);
    CHECK(sixth.retryAfter == 30);

    const SignInResult locked = db.users.signIn("ana", goodPassword, t0 + 14);
    CHECK(locked.outcome == SignInResult::Outcome::Locked);
    CHECK(locked.retryAfter == 20);
    CHECK_FALSE(locked.user);
    CHECK(db.users.signIn("ana", goodPassword, t0 + 33).retryAfter == 1);

    const SignInResult after = db.users.signIn("ana", goodPassword, t0 + 34);
    CHECK(after.outcome == SignInResult::Outcome::SignedIn);
    // The success reset the count: four more failures are merely refused.
    for (int i = 0; i < 4; ++i) {
        CHECK(outcome(db.users, "ana", "wrong again", t0 + 40) == SignInResult::Outcome::Refused);
    }
    CHECK(db.count("SELECT failed_signins FROM users WHERE username = ?", "ana") == 4);
}

TEST_CASE("Web: the lock doubles with each further failure up to 15 minutes", "[web]") {
    UsersDb db;
    db.users.add("ana", goodPassword, Role::Technician);
    for (int i = 0; i < 4; ++i) {
        db.users.signIn("ana", "wrong password", t0);
    }
    std::int64_t at = t0;
    std::int64_t expected = 30;
    for (int failure = 5; failure <= 11; ++failure) {
        INFO("failure " << failure);
        REQUIRE(outcome(db.users, "ana", "wrong password", at) == SignInResult::Outcome::Refused);
        const SignInResult r = db.users.signIn("ana", goodPassword, at);
        REQUIRE(r.outcome == SignInResult::Outcome::Locked);
        CHECK(r.retryAfter == expected);
        // Just before the lock ends the password is not even looked at.
        CHECK(db.users.signIn("ana", goodPassword, at + r.retryAfter - 1).retryAfter == 1);
        at += r.retryAfter;
        expected = std::min<std::int64_t>(expected * 2, 900);
    }
    CHECK(db.count("SELECT failed_signins FROM users WHERE username = ?", "ana") == 11);

    // An administrator's password reset unlocks at once.
    db.users.setPassword("ana", "a brand new password");
    CHECK(outcome(db.users, "ana", "a brand new password", at) == SignInResult::Outcome::SignedIn);
    CHECK(outcome(db.users, "ana", goodPassword, at) == SignInResult::Outcome::Refused);
}

TEST_CASE("Web: sessions are found by their token with the same CSRF token", "[web]") {
    UsersDb db;
    const User ana = db.users.add("ana", goodPassword, Role::Manager, "en");
    const WebSession opened = db.users.openSession(ana, t0);
    CHECK(opened.token.size() == 43);
    CHECK(opened.csrfToken.size() == 43);
    CHECK(opened.csrfToken != opened.token);
    CHECK(opened.expiresAt == t0 + 8 * 3600);

    const auto found = db.users.session(opened.token, t0 + 10);
    REQUIRE(found);
    CHECK(found->token == opened.token);
    CHECK(found->csrfToken == opened.csrfToken);
    CHECK(found->user.id == ana.id);
    CHECK(found->user.username == "ana");
    CHECK(found->user.role == Role::Manager);
    CHECK(found->user.language == "en");

    const WebSession other = db.users.openSession(ana, t0);
    CHECK(other.token != opened.token);
    CHECK(other.csrfToken != opened.csrfToken);

    CHECK_FALSE(db.users.session("", t0));
    CHECK_FALSE(db.users.session(opened.token + "x", t0));
    CHECK_FALSE(db.users.session(std::string(100000, 'a'), t0));

    // Only the SHA-256 of the token is stored.
    CHECK(db.count("SELECT COUNT(*) FROM web_sessions WHERE token_hash = ?", opened.token) == 0);
    CHECK(db.count("SELECT COUNT(*) FROM web_sessions WHERE token_hash = ?",
                   parque::util::sha256Hex(opened.token)) == 1);
    CHECK(db.count("SELECT COUNT(*) FROM web_sessions WHERE token_hash || csrf_token || created_at"
                   " LIKE ?",
                   "%" + opened.token + "%") == 0);

    db.users.closeSession(opened.token);
    CHECK_FALSE(db.users.session(opened.token, t0 + 20));
    CHECK(db.users.session(other.token, t0 + 20));
    db.users.closeSession("never issued");
}

TEST_CASE("Web: sessions end after 8 idle hours and 24 hours in all", "[web]") {
    UsersDb db;
    const User ana = db.users.add("ana", goodPassword, Role::Technician);

    SECTION("idle") {
        const WebSession s = db.users.openSession(ana, t0);
        const auto used = db.users.session(s.token, t0 + 8 * 3600 - 1);
        REQUIRE(used);
        CHECK(used->expiresAt == t0 + 16 * 3600 - 1);  // that use moved the idle deadline
        const auto later = db.users.session(s.token, t0 + 16 * 3600 - 2);
        REQUIRE(later);
        CHECK(later->expiresAt == t0 + 24 * 3600 - 2);               // 2 s before the absolute end
        CHECK_FALSE(db.users.session(s.token, t0 + 24 * 3600 - 2));  // 8 h after the last use

        const WebSession idle = db.users.openSession(ana, t0);
        CHECK_FALSE(db.users.session(idle.token, t0 + 8 * 3600));
        CHECK_FALSE(db.users.session(idle.token, t0 + 1));  // expired sessions are removed
    }
    SECTION("absolute") {
        const WebSession s = db.users.openSession(ana, t0);
        for (std::int64_t hours = 7; hours < 24; hours += 7) {
            INFO(hours);
            REQUIRE(db.users.session(s.token, t0 + hours * 3600));
        }
        const auto last = db.users.session(s.token, t0 + 24 * 3600 - 1);
        REQUIRE(last);
        CHECK(last->expiresAt == t0 + 24 * 3600);
        CHECK_FALSE(db.users.session(s.token, t0 + 24 * 3600));
        CHECK(db.count("SELECT COUNT(*) FROM web_sessions WHERE token_hash = ?",
                       parque::util::sha256Hex(s.token)) == 0);
    }
    SECTION("password change") {
        const WebSession s = db.users.openSession(ana, t0);
        db.users.setPassword("ana", "another good password");
        CHECK_FALSE(db.users.session(s.token, t0 + 1));
    }
}

TEST_CASE("Web: parque-collector user add makes a user who can sign in", "[web]") {
    TempDir dir;
    const std::string dataDir = dir.path.string();
    using parque::testing::runProgram;
    const auto added = runProgram(
        {PARQUE_COLLECTOR_BINARY, "user", "add", "ana", "--role", "admin", "--data-dir", dataDir});
    REQUIRE(added.exitCode == 0);
    const std::string prefix = "user ana (admin) created; password: ";
    REQUIRE(added.out.rfind(prefix, 0) == 0);
    const std::string password =
        added.out.substr(prefix.size(), added.out.size() - prefix.size() - 1);
    CHECK(password.size() == 20);
    CHECK(added.out.back() == '\n');

    const fs::path passwordFile = dir.path / "beto.txt";
    std::ofstream(passwordFile) << "beto's long password\r\nsecond line\n";
    const auto fromFile = runProgram({PARQUE_COLLECTOR_BINARY, "user", "add", "beto", "--role",
                                      "read-only", "--language", "en", "--password-file",
                                      passwordFile.string(), "--data-dir", dataDir});
    CHECK(fromFile.exitCode == 0);
    CHECK(fromFile.out == "user beto (read-only) created\n");

    CHECK(runProgram({PARQUE_COLLECTOR_BINARY, "user", "add", "carla", "--role", "boss",
                      "--data-dir", dataDir})
              .exitCode == 2);
    CHECK(runProgram({PARQUE_COLLECTOR_BINARY, "user", "add", "ana", "--role", "manager",
                      "--data-dir", dataDir})
              .exitCode == 2);
    CHECK(runProgram({PARQUE_COLLECTOR_BINARY, "user", "add", "dora", "--role", "manager",
                      "--password-file", (dir.path / "missing").string(), "--data-dir", dataDir})
              .exitCode == 2);

    const auto listed =
        runProgram({PARQUE_COLLECTOR_BINARY, "user", "list", "--data-dir", dataDir});
    CHECK(listed.exitCode == 0);
    CHECK(listed.out == "ana\tadmin\tes-AR\nbeto\tread-only\ten\n");

    const auto reset =
        runProgram({PARQUE_COLLECTOR_BINARY, "user", "password", "beto", "--data-dir", dataDir});
    CHECK(reset.exitCode == 0);
    const std::string resetPrefix = "password of beto changed; password: ";
    REQUIRE(reset.out.rfind(resetPrefix, 0) == 0);
    const std::string newPassword = reset.out.substr(resetPrefix.size(), 20);

    Database database(sqliteAt(dir.path / "collector.db"));
    UserStore users(database);
    const SignInResult ana = users.signIn("ana", password, t0);
    REQUIRE(ana.outcome == SignInResult::Outcome::SignedIn);
    CHECK(ana.user->role == Role::Admin);
    CHECK(ana.user->language == "es-AR");
    CHECK(outcome(users, "beto", "beto's long password", t0) == SignInResult::Outcome::Refused);
    CHECK(outcome(users, "beto", newPassword, t0) == SignInResult::Outcome::SignedIn);
}
