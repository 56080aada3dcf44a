// The agent's check-ins against a running collector: a full inventory first, small partials
// afterwards, only the software section when a package changes, and a full inventory again
// when the collector asks for one.
#include "RuntimeSite.h"

#include <catch2/catch.hpp>

namespace parque::testing {
namespace {

const char* const kDeviceEvents = "SELECT COUNT(*) FROM events WHERE device_id = ?";

std::string sectionDigest(RuntimeSite& site, const std::string& section) {
    const auto rows = site.strings(
        "SELECT digest FROM device_sections WHERE device_id = ? AND section = '" + section + "'",
        site.deviceId());
    return rows.empty() ? "" : rows.front();
}

std::vector<std::string> allDigests(RuntimeSite& site) {
    return site.strings(
        "SELECT section || '=' || digest FROM device_sections WHERE device_id = ? AND section <> "
        "'softwares' ORDER BY section",
        site.deviceId());
}

}  // namespace

TEST_CASE("Agent runtime: full first, then partials, then full when the collector asks",
          "[runtime][agent][collector]") {
    RuntimeSite site;
    const std::string device = site.enrol();

    const AgentRun first = site.once();
    INFO(first.both());
    REQUIRE(first.exitCode == 0);
    CHECK(first.out == "delivered\n");
    CHECK(linesWith(first.err, "queued full inventory (no acknowledged inventory yet)").size() ==
          1);
    CHECK(site.submissions() == 1);
    CHECK(site.count("SELECT COUNT(*) FROM devices WHERE id = ? AND last_full_inventory IS NOT "
                     "NULL AND name = 'caja03' AND serial = '5QK2X31'",
                     device) == 1);
    CHECK(site.count("SELECT COUNT(*) FROM device_sections WHERE device_id = ?", device) >= 8);
    CHECK(site.count("SELECT COUNT(*) FROM softwares s JOIN software_set_items i ON"
                     " i.software_id = s.id JOIN devices d ON d.software_set_id = i.set_id"
                     " WHERE d.id = ?",
                     device) == 56);
    CHECK(site.count(kDeviceEvents, device) == 0);  // history starts with the first inventory
    const auto digestsAfterFull = allDigests(site);
    const std::string softwareDigest = sectionDigest(site, "softwares");
    REQUIRE_FALSE(softwareDigest.empty());

    const AgentRun unchanged = site.once();
    INFO(unchanged.both());
    REQUIRE(unchanged.exitCode == 0);
    CHECK(linesWith(unchanged.err, "queued partial inventory (unchanged)").size() == 1);
    CHECK(site.submissions() == 2);
    CHECK(site.count(kDeviceEvents, device) == 0);
    CHECK(allDigests(site) == digestsAfterFull);  // a partial removes no section

    site.setPackageVersion("caja-pos", "4.12.4-1");
    const AgentRun changed = site.once();
    INFO(changed.both());
    REQUIRE(changed.exitCode == 0);
    CHECK(linesWith(changed.err, "queued partial inventory (changed: softwares)").size() == 1);
    CHECK(site.submissions() == 3);
    CHECK(sectionDigest(site, "softwares") != softwareDigest);
    CHECK(allDigests(site) == digestsAfterFull);
    // The history has exactly one event: that package's new version.
    CHECK(site.count(kDeviceEvents, device) == 1);
    CHECK(site.count(std::string(kDeviceEvents) +
                         " AND type = 'modified' AND section = 'softwares' AND component ="
                         " 'caja-pos|amd64|deb' AND field = 'version' AND old_value ="
                         " '\"4.12.3-1\"' AND new_value = '\"4.12.4-1\"'",
                     device) == 1);
    CHECK(site.count("SELECT COUNT(*) FROM softwares s JOIN software_set_items i ON"
                     " i.software_id = s.id JOIN devices d ON d.software_set_id = i.set_id"
                     " WHERE d.id = ? AND s.name = 'caja-pos' AND s.version = '4.12.4-1'",
                     device) == 1);

    site.collector().inventories().requestFull(device);
    REQUIRE(site.collector().inventories().fullRequested(device));
    const AgentRun asked = site.once();
    INFO(asked.both());
    REQUIRE(asked.exitCode == 0);
    CHECK(linesWith(asked.err, "queued full inventory (the collector asked for a full inventory)")
              .size() == 1);
    CHECK(site.submissions() == 4);
    CHECK_FALSE(site.collector().inventories().fullRequested(device));

    const AgentRun after = site.once();
    INFO(after.both());
    REQUIRE(after.exitCode == 0);
    CHECK(linesWith(after.err, "queued partial inventory (unchanged)").size() == 1);
    CHECK(site.submissions() == 5);
    CHECK(site.everEnqueued() == 5);
    CHECK(site.spool().empty());
}

}  // namespace parque::testing
