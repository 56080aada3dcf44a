// kill -9 of the agent at random moments, many of them while it uploads: after a normal run the
// collector has applied every submission the agent ever queued exactly once, and the spool is
// empty.
#include "RuntimeSite.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <csignal>
#include <random>
#include <set>
#include <sstream>

namespace parque::testing {

TEST_CASE("Agent runtime: kill -9 during runs loses and duplicates nothing",
          "[runtime][agent][collector][crash]") {
    RuntimeSite site;
    site.enrol();
    const AgentRun first = site.once();
    INFO(first.both());
    REQUIRE(first.exitCode == 0);
    const auto runTime = std::max<long long>(20, first.took.count());

    std::mt19937_64 rng(std::random_device{}());
    std::set<std::string> seenQueued;  // keys found in the spool after a killed run
    std::ostringstream plan;
    int killed = 0;
    std::set<std::string> appliedButQueued;
    for (int attempt = 0; attempt < 8; ++attempt) {
        KillPlan kill;
        if (attempt % 2 == 0) {  // right after the submission is queued: during the upload
            kill.afterText = "queued ";
            kill.delay =
                std::chrono::milliseconds(std::uniform_int_distribution<long long>(0, 40)(rng));
        } else {  // anywhere in the run
            kill.delay = std::chrono::milliseconds(
                std::uniform_int_distribution<long long>(5, runTime)(rng));
        }
        std::vector<std::string> arguments = {"once"};
        // Every other run is a full inventory, so uploads and their apply take longer.
        const auto options =
            site.agentOptions(attempt % 4 < 2 ? std::vector<std::string>{}
                                              : std::vector<std::string>{"--full-every", "1"});
        arguments.insert(arguments.end(), options.begin(), options.end());
        const AgentRun run = runAgent(arguments, kill);
        INFO(run.both());
        CHECK((run.signal == SIGKILL || run.exitCode == 0));
        killed += run.signal == SIGKILL ? 1 : 0;
        plan << (kill.afterText.empty() ? "start" : "queued") << "+" << kill.delay.count()
             << "ms:" << (run.signal == SIGKILL ? "killed" : "finished") << " ";
        const auto keys = site.submissionKeys();
        for (const Spooled& item : site.spool()) {
            seenQueued.insert(item.key);
            // Applied by the collector, killed before the agent removed it from the spool:
            // the next run sends it again and the collector must not apply it twice.
            if (std::find(keys.begin(), keys.end(), item.key) != keys.end()) {
                appliedButQueued.insert(item.key);
            }
        }
    }
    WARN("kill -9 after a " << runTime << " ms run: " << plan.str() << "(" << seenQueued.size()
                            << " submission(s) left queued by killed runs, "
                            << appliedButQueued.size() << " of them already applied)");
    CHECK(killed >= 4);

    const AgentRun recovery = site.once();
    INFO(recovery.both());
    REQUIRE(recovery.exitCode == 0);
    CHECK(recovery.out == "delivered\n");

    CHECK(site.spool().empty());
    CHECK(site.agentDropped() == 0);
    const auto keys = site.submissionKeys();
    const std::set<std::string> applied(keys.begin(), keys.end());
    CHECK(applied.size() == keys.size());
    // Every submission the agent ever queued (the spool's never reused AUTOINCREMENT counter)
    // was applied once: no loss, no duplicate.
    CHECK(static_cast<long long>(keys.size()) == site.everEnqueued());
    for (const std::string& key : seenQueued) {
        INFO(key);
        CHECK(applied.count(key) == 1);
    }
}

}  // namespace parque::testing
