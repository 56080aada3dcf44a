// Wrong settings stop the agent with a non-zero exit and a message that says what to fix.
#include "RuntimeSite.h"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <fstream>

namespace parque::testing {
namespace {

AgentRun onceWith(const std::vector<std::string>& options) {
    std::vector<std::string> arguments = {"once"};
    arguments.insert(arguments.end(), options.begin(), options.end());
    return runAgent(arguments);
}

// Never created: every one of these runs must stop before it touches its state.
std::string noState() {
    return (std::filesystem::temp_directory_path() /
            ("parque-runtime-never-" + std::to_string(::getpid())) / "state")
        .string();
}

}  // namespace

TEST_CASE("Agent runtime: bad settings fail before anything runs", "[runtime][agent][config]") {
    const std::string server = "https://127.0.0.1:9/";
    const std::string kNoState = noState();
    SECTION("no server") {
        const AgentRun run = onceWith({"--config", "/dev/null", "--state-dir", kNoState});
        INFO(run.both());
        CHECK(run.exitCode != 0);
        CHECK(run.err.find("set agent.server in the configuration or pass --server URL") !=
              std::string::npos);
    }
    SECTION("a named configuration file that does not exist") {
        const std::string missing = kNoState + ".conf";
        const AgentRun run = onceWith({"--config", missing, "--server", server});
        INFO(run.both());
        CHECK(run.exitCode != 0);
        CHECK(run.err.find("no configuration file " + missing) != std::string::npos);
    }
    SECTION("a setting that is not a number") {
        const AgentRun run = onceWith({"--config", "/dev/null", "--server", server, "--state-dir",
                                       kNoState, "--full-every", "often"});
        INFO(run.both());
        CHECK(run.exitCode != 0);
        CHECK(run.err.find("often") != std::string::npos);
    }
    SECTION("a server URL that is not https") {
        const AgentRun run = onceWith(
            {"--config", "/dev/null", "--server", "http://127.0.0.1:9/", "--state-dir", kNoState});
        INFO(run.both());
        CHECK(run.exitCode != 0);
        CHECK(run.err.find("https://") != std::string::npos);
    }
    CHECK_FALSE(std::filesystem::exists(std::filesystem::path(kNoState).parent_path()));
}

TEST_CASE("Agent runtime: a wrong CA fingerprint or an unreadable key says what to fix",
          "[runtime][agent][config][enrolment]") {
    RuntimeSite site;
    const std::string token =
        site.collector().registry().createEnrolmentToken("shop-1", 3600, std::nullopt).secret;
    const AgentRun wrongPin =
        runAgent({"enroll", "--config", (site.dir() / "agent.conf").string(), "--server",
                  site.serverUrl(), "--state-dir", site.stateDir().string(), "--token", token,
                  "--ca-fingerprint", std::string(64, 'a')});
    INFO(wrongPin.both());
    CHECK(wrongPin.exitCode != 0);
    CHECK(wrongPin.err.find("check --ca-fingerprint") != std::string::npos);
    CHECK(wrongPin.err.find(site.collector().authorityFingerprint()) != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(site.stateDir() / "agent.pem"));
    CHECK(site.count("SELECT COUNT(*) FROM devices WHERE site = ?", "shop-1") == 0);

    site.enrol();  // the right pin works
    const std::filesystem::path key = site.stateDir() / "agent.key";
    std::ofstream(key, std::ios::trunc) << "not a key\n";
    const AgentRun badKey = site.once();
    INFO(badKey.both());
    CHECK(badKey.exitCode != 0);
    CHECK(badKey.err.find("cannot use the device key " + key.string()) != std::string::npos);
    CHECK(badKey.err.find("enrol again") != std::string::npos);
    CHECK(site.submissions() == 0);
}

}  // namespace parque::testing
