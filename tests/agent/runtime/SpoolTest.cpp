// The offline spool against real SQLite files in a temporary folder.
#include "parque/agent/runtime/Spool.h"

#include "../../../agent/src/runtime/SqliteDb.h"

#include <sys/stat.h>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

using parque::agent::Spool;
using parque::agent::SpoolLimits;
using parque::agent::SqliteDb;
using parque::agent::Statement;

namespace {

struct SpoolTempDir {
    std::filesystem::path path;
    SpoolTempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "parque-spool-XXXXXX");
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        path = pattern;
    }
    ~SpoolTempDir() { std::filesystem::remove_all(path); }
    SpoolTempDir(const SpoolTempDir&) = delete;
    SpoolTempDir& operator=(const SpoolTempDir&) = delete;
    std::filesystem::path db() const { return path / "state" / "agent.db"; }
};

std::vector<std::string> drainKeys(Spool& spool) {
    std::vector<std::string> keys;
    while (auto submission = spool.front()) {
        keys.push_back(submission->idempotencyKey);
        spool.acknowledge(submission->id);
    }
    return keys;
}

}  // namespace

TEST_CASE("Spool: database file is created private, in WAL mode", "[spool]") {
    SpoolTempDir tmp;
    SqliteDb db(tmp.db());
    Spool spool(db, SpoolLimits{});
    struct stat info {};
    REQUIRE(::stat(tmp.db().c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    Statement mode = db.prepare("PRAGMA journal_mode");
    REQUIRE(mode.step());
    CHECK(mode.columnString(0) == "wal");
    CHECK(db.userVersion() == 1);
}

TEST_CASE("Spool: errors name the database path", "[spool]") {
    SpoolTempDir tmp;
    std::filesystem::create_directories(tmp.path / "dir.db");
    try {
        SqliteDb db(tmp.path / "dir.db");
        FAIL("opening a folder as a database should throw");
    } catch (const std::runtime_error& error) {
        CHECK_THAT(error.what(), Catch::Contains("dir.db"));
    }
    SqliteDb db(tmp.db());
    CHECK_THROWS_WITH(db.exec("SELECT * FROM nowhere"),
                      Catch::Contains("agent.db") && Catch::Contains("no such table"));
}

TEST_CASE("Spool: order and content survive closing and reopening", "[spool]") {
    SpoolTempDir tmp;
    const std::string binary("{\"x\":1}\0tail\xff", 13);
    {
        SqliteDb db(tmp.db());
        Spool spool(db, SpoolLimits{});
        CHECK(spool.front() == std::nullopt);
        CHECK(spool.enqueue("k1", "{\"a\":1}", false).empty());
        CHECK(spool.enqueue("k2", binary, true).empty());
        CHECK(spool.enqueue("k3", "", false).empty());
    }
    SqliteDb db(tmp.db());
    Spool spool(db, SpoolLimits{});
    auto first = spool.front();
    REQUIRE(first);
    CHECK(first->idempotencyKey == "k1");
    CHECK(first->body == "{\"a\":1}");
    CHECK_FALSE(first->partial);
    CHECK(first->attempts == 0);
    CHECK(first->lastError.empty());
    CHECK(std::abs(first->createdUnix - static_cast<std::int64_t>(std::time(nullptr))) < 60);
    spool.acknowledge(first->id);
    auto second = spool.front();
    REQUIRE(second);
    CHECK(second->idempotencyKey == "k2");
    CHECK(second->body == binary);
    CHECK(second->partial);
    CHECK(second->id > first->id);
    spool.acknowledge(second->id);
    CHECK(drainKeys(spool) == std::vector<std::string>{"k3"});
    CHECK(spool.front() == std::nullopt);
}

TEST_CASE("Spool: ids keep increasing after the queue empties", "[spool]") {
    SpoolTempDir tmp;
    SqliteDb db(tmp.db());
    Spool spool(db, SpoolLimits{});
    spool.enqueue("a", "1", false);
    const auto firstId = spool.front()->id;
    spool.acknowledge(firstId);
    spool.enqueue("b", "2", false);
    CHECK(spool.front()->id > firstId);
}

TEST_CASE("Spool: count limit drops the oldest with a warning", "[spool]") {
    SpoolTempDir tmp;
    SqliteDb db(tmp.db());
    Spool spool(db, SpoolLimits{3, 1u << 20u});
    for (const char* key : {"k1", "k2", "k3"}) {
        REQUIRE(spool.enqueue(key, "body", false).empty());
    }
    const auto warnings = spool.enqueue("k4", "body", false);
    REQUIRE(warnings.size() == 1);
    CHECK_THAT(warnings[0], Catch::StartsWith("dropped submission k1 from 20") &&
                                Catch::EndsWith("Z (queue full: 3 submissions)"));
    const auto stats = spool.stats();
    CHECK(stats.count == 3);
    CHECK(stats.bytes == 12);
    CHECK(stats.droppedTotal == 1);
    CHECK(stats.lastDrop == warnings[0]);
    CHECK(drainKeys(spool) == std::vector<std::string>{"k2", "k3", "k4"});
}

TEST_CASE("Spool: byte limit drops as many of the oldest as needed", "[spool]") {
    SpoolTempDir tmp;
    SqliteDb db(tmp.db());
    Spool spool(db, SpoolLimits{100, 100});
    spool.enqueue("a", std::string(40, 'a'), false);
    spool.enqueue("b", std::string(40, 'b'), false);
    spool.enqueue("c", std::string(10, 'c'), false);
    CHECK(spool.stats().bytes == 90);
    const auto warnings = spool.enqueue("d", std::string(60, 'd'), false);
    REQUIRE(warnings.size() == 2);
    CHECK_THAT(warnings[0],
               Catch::Contains("submission a ") && Catch::Contains("(queue full: 100 bytes)"));
    CHECK_THAT(warnings[1], Catch::Contains("submission b "));
    const auto stats = spool.stats();
    CHECK(stats.count == 2);
    CHECK(stats.bytes == 70);
    CHECK(stats.droppedTotal == 2);
    CHECK(stats.lastDrop == warnings[1]);
    CHECK(drainKeys(spool) == std::vector<std::string>{"c", "d"});
}

TEST_CASE("Spool: drop statistics persist across reopening", "[spool]") {
    SpoolTempDir tmp;
    {
        SqliteDb db(tmp.db());
        Spool spool(db, SpoolLimits{1, 1000});
        spool.enqueue("old", "x", false);
        spool.enqueue("new", "y", false);
    }
    SqliteDb db(tmp.db());
    Spool spool(db, SpoolLimits{1, 1000});
    const auto stats = spool.stats();
    CHECK(stats.count == 1);
    CHECK(stats.droppedTotal == 1);
    CHECK_THAT(stats.lastDrop, Catch::Contains("submission old "));
}

TEST_CASE("Spool: a body over the byte limit is refused and nothing is dropped", "[spool]") {
    SpoolTempDir tmp;
    SqliteDb db(tmp.db());
    Spool spool(db, SpoolLimits{10, 100});
    spool.enqueue("keep", "small", false);
    CHECK_NOTHROW(spool.enqueue("exact", std::string(95, 'x'), false));
    CHECK_THROWS_AS(spool.enqueue("huge", std::string(101, 'x'), false), std::length_error);
    CHECK_THROWS_WITH(spool.enqueue("huge", std::string(101, 'x'), false),
                      Catch::Contains("huge") && Catch::Contains("101 bytes"));
    const auto stats = spool.stats();
    CHECK(stats.count == 2);
    CHECK(stats.droppedTotal == 0);
    CHECK(stats.lastDrop.empty());
}

TEST_CASE("Spool: duplicate or empty keys and zero limits are refused", "[spool]") {
    SpoolTempDir tmp;
    SqliteDb db(tmp.db());
    CHECK_THROWS_AS(Spool(db, SpoolLimits{0, 100}), std::invalid_argument);
    CHECK_THROWS_AS(Spool(db, SpoolLimits{10, 0}), std::invalid_argument);
    Spool spool(db, SpoolLimits{1, 100});
    spool.enqueue("k", "a", false);
    // Refused before anything is dropped: the queued copy stays.
    CHECK_THROWS_AS(spool.enqueue("k", "b", false), std::invalid_argument);
    CHECK_THROWS_AS(spool.enqueue("", "b", false), std::invalid_argument);
    CHECK(spool.front()->body == "a");
    CHECK(spool.stats().droppedTotal == 0);
}

TEST_CASE("Spool: recordFailure counts attempts and keeps the last error", "[spool]") {
    SpoolTempDir tmp;
    SqliteDb db(tmp.db());
    Spool spool(db, SpoolLimits{});
    spool.enqueue("k1", "a", false);
    spool.enqueue("k2", "b", false);
    const auto id = spool.front()->id;
    spool.recordFailure(id, "connection refused");
    spool.recordFailure(id, "HTTP 503");
    auto front = spool.front();
    REQUIRE(front);
    CHECK(front->id == id);
    CHECK(front->attempts == 2);
    CHECK(front->lastError == "HTTP 503");
    spool.recordFailure(12345, "unknown id is ignored");
    spool.acknowledge(12345);
    spool.acknowledge(id);
    front = spool.front();
    REQUIRE(front);
    CHECK(front->idempotencyKey == "k2");
    CHECK(front->attempts == 0);
    CHECK(spool.stats().count == 1);
}

TEST_CASE("Spool: a newer schema version is refused", "[spool]") {
    SpoolTempDir tmp;
    {
        SqliteDb db(tmp.db());
        db.setUserVersion(7);
    }
    SqliteDb db(tmp.db());
    CHECK_THROWS_WITH(Spool(db, SpoolLimits{}), Catch::Contains("schema version 7"));
}
