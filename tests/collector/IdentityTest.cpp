// Device identity: certificates for enrolled agents; for stock GLPI agents (anonymous intake),
// real hardware values only, never placeholders.
#include "TestCollector.h"

#include <Poco/Data/Session.h>
#include <catch2/catch.hpp>

namespace parque::testing {
namespace {

// The terminal's content with a hardware UUID.
std::string withUuid(const Terminal& terminal, const std::string& uuid) {
    std::string content = terminalContent(terminal);
    const std::string marker = R"("hardware":{)";
    content.insert(content.find(marker) + marker.size(), R"("uuid":")" + uuid + R"(",)");
    return content;
}

HttpResult anonymous(TestCollector& collector, const std::string& body, const std::string& bearer,
                     const std::string& agentId) {
    RequestSpec spec;
    spec.body = body;
    if (!bearer.empty()) {
        spec.headers["Authorization"] = "Bearer " + bearer;
    }
    spec.headers["GLPI-Agent-ID"] = agentId;
    return collector.request(spec);
}

const char* const kIntakeToken = "intake-token-0123456789";

}  // namespace

TEST_CASE("Identity: two cloned machines with one hardware UUID stay two devices",
          "[collector][identity]") {
    TestCollector collector;
    const DeviceClient a = collector.enrol("clone-a");
    const DeviceClient b = collector.enrol("clone-b");
    const std::string content = withUuid({}, "4c4c4544-0035-5110-8032-b5c04f333231");
    REQUIRE(collector.post(a, inventoryMessage("clone-a", content)).status == 200);
    REQUIRE(collector.post(b, inventoryMessage("clone-b", content)).status == 200);
    CHECK(collector.count("SELECT COUNT(*) FROM devices") == 2);
    CHECK(collector.count("SELECT COUNT(*) FROM devices WHERE hardware_uuid ="
                          " '4c4c4544-0035-5110-8032-b5c04f333231'") == 2);
}

TEST_CASE("Identity: anonymous intake is off by default", "[collector][identity]") {
    TestCollector collector;
    const auto answer =
        anonymous(collector, inventoryMessage("pc-1", withUuid({}, "u")), kIntakeToken, "agent-1");
    CHECK(answer.status == 401);
    CHECK(collector.count("SELECT COUNT(*) FROM devices") == 0);
}

TEST_CASE("Identity: anonymous intake needs its token and matches real hardware values only",
          "[collector][identity]") {
    TestCollector collector([](collector::CollectorConfig& config) {
        config.anonymousIntake = true;
        config.anonymousIntakeToken = kIntakeToken;
    });
    const std::string real = withUuid({}, "4c4c4544-0035-5110-8032-b5c04f333231");
    CHECK(anonymous(collector, inventoryMessage("pc-1", real), "", "agent-1").status == 401);
    CHECK(anonymous(collector, inventoryMessage("pc-1", real), "wrong-token-0123456789", "agent-1")
              .status == 401);
    CHECK(collector.count("SELECT COUNT(*) FROM devices") == 0);

    REQUIRE(anonymous(collector, inventoryMessage("pc-1", real), kIntakeToken, "agent-1").status ==
            200);
    // The same hardware under another agent id (reinstalled agent): the same device.
    REQUIRE(anonymous(collector, inventoryMessage("pc-1b", real), kIntakeToken, "agent-2").status ==
            200);
    CHECK(collector.count("SELECT COUNT(*) FROM devices") == 1);

    // Placeholder UUID and serial, distinct MACs: never matched on the placeholders.
    Terminal first;
    first.serial = "To Be Filled By O.E.M.";
    first.mac = "00:e0:4c:00:00:01";
    Terminal second = first;
    second.mac = "00:e0:4c:00:00:02";
    const std::string placeholder = "03000200-0400-0500-0006-000700080009";
    REQUIRE(anonymous(collector, inventoryMessage("vm-1", withUuid(first, placeholder)),
                      kIntakeToken, "agent-3")
                .status == 200);
    REQUIRE(anonymous(collector, inventoryMessage("vm-2", withUuid(second, placeholder)),
                      kIntakeToken, "agent-4")
                .status == 200);
    CHECK(collector.count("SELECT COUNT(*) FROM devices") == 3);
    CHECK(collector.count("SELECT COUNT(*) FROM devices WHERE hardware_uuid = '" + placeholder +
                          "' OR serial = 'To Be Filled By O.E.M.'") == 0);
    // The first placeholder machine again, recognised by its physical MAC.
    REQUIRE(anonymous(collector, inventoryMessage("vm-1", withUuid(first, placeholder)),
                      kIntakeToken, "agent-5")
                .status == 200);
    CHECK(collector.count("SELECT COUNT(*) FROM devices") == 3);
}

}  // namespace parque::testing

namespace parque::testing {

TEST_CASE("Idempotency keys are forgotten after the configured days, not before",
          "[collector][intake]") {
    TestCollector collector;
    const DeviceClient device = collector.enrol("pos-09");
    const std::string message = inventoryMessage("pos-09", terminalContent({}));
    REQUIRE(collector.post(device, message, "application/json", {{"Idempotency-Key", "k-old"}})
                .status == 200);
    REQUIRE(collector.post(device, message, "application/json", {{"Idempotency-Key", "k-new"}})
                .status == 200);
    {
        Poco::Data::Session session = collector.service().database().session();
        session << "UPDATE submissions SET received_at = '2020-01-01T00:00:00Z'"
                   " WHERE idempotency_key = 'k-old'",
            Poco::Data::Keywords::now;
    }
    CHECK(collector.service().inventories().pruneSubmissions("2026-01-01T00:00:00Z") == 1);
    CHECK(collector.count("SELECT COUNT(*) FROM submissions WHERE idempotency_key = 'k-new'") == 1);
    CHECK(collector.count("SELECT COUNT(*) FROM submissions") == 1);
}

}  // namespace parque::testing
