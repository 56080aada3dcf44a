// GLPI mode: an agent that was never enrolled speaks the plain GLPI JSON protocol (no client
// certificate, GLPI-Agent-ID, zlib body), with a bearer token and the server certificate pinned.
#include "RuntimeSite.h"
#include "parque/pki/Pki.h"
#include "parque/util/AtomicFile.h"

#include <catch2/catch.hpp>

namespace parque::testing {

TEST_CASE("Agent runtime: GLPI mode reports without enrolment, pinned and with its token",
          "[runtime][agent][glpi]") {
    RuntimeSite site;
    const std::string serverPin =
        pki::fingerprintSha256(util::readFile(site.dir() / "collector" / "tls" / "server.pem"));
    const auto anonymousDevices = [&] {
        return site.count("SELECT COUNT(*) FROM devices WHERE identity = ?", "hardware");
    };

    const AgentRun noToken = site.once({"--ca-fingerprint", serverPin});
    INFO(noToken.both());
    CHECK(noToken.exitCode != 0);
    CHECK(noToken.both().find("401") != std::string::npos);
    CHECK(anonymousDevices() == 0);

    const std::string wrongPin(95, 'A');
    const AgentRun wrong =
        site.once({"--bearer-token", kIntakeToken, "--ca-fingerprint", wrongPin});
    INFO(wrong.both());
    CHECK(wrong.exitCode != 0);
    CHECK(wrong.both().find("pinned fingerprint") != std::string::npos);
    CHECK(anonymousDevices() == 0);

    const AgentRun ok = site.once({"--bearer-token", kIntakeToken, "--ca-fingerprint", serverPin});
    INFO(ok.both());
    REQUIRE(ok.exitCode == 0);
    CHECK(anonymousDevices() == 1);
    // The spool kept what could not be sent: every queued submission arrived once.
    CHECK(site.count("SELECT COUNT(*) FROM submissions WHERE device_id IN (SELECT id FROM devices"
                     " WHERE identity = ?)",
                     "hardware") == site.everEnqueued());
    CHECK(site.spool().empty());
}

}  // namespace parque::testing
