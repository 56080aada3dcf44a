// The agent while its collector is away: submissions wait in the spool, in order, and reach the
// collector exactly once when it is back; the first inventory waits too. Also the sizes of what
// a full and an unchanged check-in cost on the wire.
#include "RuntimeSite.h"
#include "parque/protocol/BodyCodec.h"

#include <catch2/catch.hpp>

#include <algorithm>

namespace parque::testing {
namespace {

std::size_t zlibSize(const std::string& body) {
    return protocol::encodeBody(body, protocol::BodyEncoding::Zlib).size();
}

// A run while the collector is down: queued, exit 1, and the reason names the collector.
void requireQueued(const RuntimeSite& site, const AgentRun& run, std::size_t waiting) {
    INFO(run.both());
    REQUIRE(run.exitCode == 1);
    REQUIRE(run.out.rfind("queued: ", 0) == 0);
    const std::string url = site.serverUrl();
    const std::string hostPort = url.substr(8, url.size() - 9);  // https://HOST:PORT/
    CHECK(run.out.find(hostPort + ": Connection refused") != std::string::npos);
    CHECK(linesWith(run.err, std::to_string(waiting) + " submission(s) wait in the spool").size() ==
          1);
}

}  // namespace

TEST_CASE("Agent runtime: runs while the collector is down are delivered in order, once",
          "[runtime][agent][collector][spool]") {
    RuntimeSite site;
    const std::string device = site.enrol();

    // The very first inventory, with the collector down: a full one waits in the spool.
    site.stopCollector();
    const AgentRun firstOffline = site.once();
    requireQueued(site, firstOffline, 1);
    CHECK(linesWith(firstOffline.err, "queued full inventory").size() == 1);
    CHECK(linesWith(firstOffline.err, "contact failed").size() == 1);
    const auto fullQueued = site.spool();
    REQUIRE(fullQueued.size() == 1);
    CHECK_FALSE(fullQueued[0].partial);
    const std::string fullBody = fullQueued[0].body;

    site.startCollector();
    const AgentRun back = site.once();
    INFO(back.both());
    REQUIRE(back.exitCode == 0);
    CHECK(site.submissions() == 2);  // the waiting full one and this run's (still full) one
    CHECK(site.submissionKeys().front() == fullQueued[0].key);
    CHECK(site.spool().empty());

    // Three runs while the collector is stopped; the third one after a package update.
    site.stopCollector();
    requireQueued(site, site.once(), 1);
    requireQueued(site, site.once(), 2);
    site.setPackageVersion("pcscd", "1.9.9-3");
    const AgentRun changed = site.once();
    requireQueued(site, changed, 3);
    CHECK(linesWith(changed.err, "queued partial inventory (changed: softwares)").size() == 1);
    const auto queued = site.spool();
    REQUIRE(queued.size() == 3);
    for (const Spooled& item : queued) {
        CHECK(item.partial);
    }
    const std::set<std::string> companions = {"bios", "hardware", "versionclient"};
    CHECK(contentSections(queued[0].body) == companions);
    CHECK(contentSections(queued[1].body) == companions);
    CHECK(contentSections(queued[2].body) == std::set<std::string>{"bios", "hardware",
                                                                   "operatingsystem", "softwares",
                                                                   "versionclient"});

    const AgentRun status = site.status();
    INFO(status.both());
    CHECK(status.exitCode == 0);
    CHECK(status.out.find("queued submissions:  3 (") != std::string::npos);
    CHECK(status.out.find("last error:          none") == std::string::npos);

    // Sizes on the wire (zlib, as the agent sends them) for docs/benchmarks.md.
    const std::size_t fullWire = zlibSize(fullBody);
    const std::size_t partialWire = zlibSize(queued[0].body);
    WARN("pos-terminal check-in sizes: full "
         << fullBody.size() << " B JSON / " << fullWire << " B zlib; unchanged partial "
         << queued[0].body.size() << " B JSON / " << partialWire << " B zlib; softwares-changed "
         << "partial " << queued[2].body.size() << " B JSON / " << zlibSize(queued[2].body)
         << " B zlib");
    CHECK(partialWire < 1024);
    CHECK(partialWire * 5 < fullWire);

    site.startCollector();
    const AgentRun delivered = site.once();
    INFO(delivered.both());
    REQUIRE(delivered.exitCode == 0);
    CHECK(delivered.out == "delivered\n");
    const auto keys = site.submissionKeys();
    REQUIRE(keys.size() == 6);
    CHECK(std::vector<std::string>(keys.begin() + 2, keys.begin() + 5) ==
          std::vector<std::string>{queued[0].key, queued[1].key, queued[2].key});
    CHECK(std::set<std::string>(keys.begin(), keys.end()).size() == keys.size());
    CHECK(site.everEnqueued() == 6);
    CHECK(site.agentDropped() == 0);
    CHECK(site.spool().empty());
    CHECK(site.count("SELECT COUNT(*) FROM softwares s JOIN software_set_items i ON"
                     " i.software_id = s.id JOIN devices d ON d.software_set_id = i.set_id"
                     " WHERE d.id = ? AND s.name = 'pcscd' AND s.version = '1.9.9-3'",
                     device) == 1);
    CHECK(site.status().out.find("last error:          none") != std::string::npos);
}

TEST_CASE("Agent runtime: a revoked device keeps spooling and says why",
          "[runtime][agent][collector][enrolment]") {
    RuntimeSite site;
    const std::string device = site.enrol();
    REQUIRE(site.once().exitCode == 0);
    site.collector().registry().revokeDevice(device);

    for (std::size_t run = 1; run <= 2; ++run) {
        const AgentRun refused = site.once();
        INFO(refused.both());
        CHECK(refused.exitCode != 0);
        CHECK(refused.out.rfind("queued: ", 0) == 0);
        CHECK(refused.both().find("revoked") != std::string::npos);
        CHECK(site.spool().size() == run);
    }
    CHECK(site.submissions() == 1);

    const AgentRun status = site.status();
    INFO(status.both());
    CHECK(status.exitCode == 0);
    CHECK(status.out.find("queued submissions:  2 (") != std::string::npos);
    const auto lastError = linesWith(status.out, "last error:");
    REQUIRE(lastError.size() == 1);
    CHECK(lastError[0].find("revoked") != std::string::npos);
}

}  // namespace parque::testing
