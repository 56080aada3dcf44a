// The agent's persistent state against real SQLite files in a temporary folder.
#include "parque/agent/runtime/AgentState.h"

#include "parque/agent/runtime/Spool.h"

#include "../../../agent/src/runtime/SqliteDb.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <limits>
#include <map>
#include <stdexcept>
#include <string>

using parque::agent::AgentState;
using parque::agent::SqliteDb;
namespace stateKey = parque::agent::stateKey;

namespace {

struct StateTempDir {
    std::filesystem::path path;
    StateTempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "parque-state-XXXXXX");
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        path = pattern;
    }
    ~StateTempDir() { std::filesystem::remove_all(path); }
    StateTempDir(const StateTempDir&) = delete;
    StateTempDir& operator=(const StateTempDir&) = delete;
    std::filesystem::path db() const { return path / "agent.db"; }
};

}  // namespace

TEST_CASE("AgentState: values round-trip across reopening", "[state]") {
    StateTempDir tmp;
    const std::string enrolment = "{\"agentId\":\"a1\",\"token\":\"t\"}";
    const std::string withNul("a\0b", 3);
    {
        SqliteDb db(tmp.db());
        AgentState state(db);
        CHECK(state.get(stateKey::kLastContactUnix) == std::nullopt);
        state.set(stateKey::kEnrolment, enrolment);
        state.set(stateKey::kLastError, "first");
        state.set(stateKey::kLastError, "second");  // overwrite
        state.set("binary", withNul);
        state.set("empty", "");
        state.setInt(stateKey::kLastContactUnix, 1714557600);
        state.setInt(stateKey::kRunsSinceFullInventory, -3);
    }
    SqliteDb db(tmp.db());
    AgentState state(db);
    CHECK(state.get(stateKey::kEnrolment) == enrolment);
    CHECK(state.get(stateKey::kLastError) == "second");
    CHECK(state.get("binary") == withNul);
    CHECK(state.get("empty") == std::string());
    CHECK(state.getInt(stateKey::kLastContactUnix) == 1714557600);
    CHECK(state.getInt(stateKey::kRunsSinceFullInventory) == -3);
    CHECK(state.getInt("missing") == std::nullopt);
    state.erase(stateKey::kLastError);
    state.erase("never-set");
    CHECK(state.get(stateKey::kLastError) == std::nullopt);
    CHECK_THROWS_AS(state.set("", "x"), std::invalid_argument);
}

TEST_CASE("AgentState: getInt refuses values that are not integers", "[state]") {
    StateTempDir tmp;
    SqliteDb db(tmp.db());
    AgentState state(db);
    state.setInt("max", std::numeric_limits<std::int64_t>::max());
    CHECK(state.getInt("max") == std::numeric_limits<std::int64_t>::max());
    for (const char* bad : {"", "-", "12x", " 12", "1e3", "99999999999999999999", "+5"}) {
        state.set("bad", bad);
        CHECK_THROWS_WITH(state.getInt("bad"), Catch::Contains("bad is not an integer"));
    }
}

TEST_CASE("AgentState: setBaseline replaces the whole baseline", "[state]") {
    StateTempDir tmp;
    const std::map<std::string, std::string> first{
        {"bios", "sha256:aa"}, {"cpus", "sha256:bb"}, {"softwares", "sha256:cc"}};
    const std::map<std::string, std::string> second{{"cpus", "sha256:b2"}, {"drives", "sha256:dd"}};
    {
        SqliteDb db(tmp.db());
        AgentState state(db);
        CHECK(state.baseline().empty());
        state.setBaseline(first);
        CHECK(state.baseline() == first);
        state.setBaseline(second);
    }
    SqliteDb db(tmp.db());
    AgentState state(db);
    CHECK(state.baseline() == second);
    state.setBaseline({});
    CHECK(state.baseline().empty());
}

TEST_CASE("AgentState: shares one database with the spool", "[state]") {
    StateTempDir tmp;
    SqliteDb db(tmp.db());
    AgentState state(db);
    parque::agent::Spool spool(db, parque::agent::SpoolLimits{});
    spool.enqueue("k", "{}", false);
    state.set("x", "y");
    SqliteDb other(tmp.db());  // a second connection sees the committed data
    CHECK(AgentState(other).get("x") == "y");
    CHECK(parque::agent::Spool(other, parque::agent::SpoolLimits{}).stats().count == 1);
}
