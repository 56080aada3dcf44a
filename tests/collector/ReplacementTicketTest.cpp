// The rule on by default: a payment peripheral replaced between two inventories opens a ticket
// with the device linked (PCI DSS 9.5.1: detection of substituted devices).
#include "TestCollector.h"

#include <catch2/catch.hpp>

namespace parque::testing {
namespace {

Poco::JSON::Array::Ptr ticketsAfterPinPadSwap(TestCollector& collector, std::string& deviceId) {
    const DeviceClient client = collector.enrol("caja07");
    deviceId = client.deviceId;
    Terminal terminal;
    REQUIRE(collector.post(client, inventoryMessage("caja07", terminalContent(terminal))).status ==
            200);
    terminal.posVersion = "4.12.4-1";  // an ordinary change: no ticket for it
    REQUIRE(collector.post(client, inventoryMessage("caja07", terminalContent(terminal))).status ==
            200);
    terminal.pinPadSerial = "PP0999";  // the PIN pad was swapped
    REQUIRE(collector.post(client, inventoryMessage("caja07", terminalContent(terminal))).status ==
            200);
    const HttpResult list = collector.get("/api/v1/tickets", collector.apiToken());
    REQUIRE(list.status == 200);
    return list.json()->getArray("tickets");
}

}  // namespace

TEST_CASE("Tickets: a replaced PIN pad opens a ticket with the device linked",
          "[collector][tickets]") {
    TestCollector collector;
    std::string deviceId;
    const auto tickets = ticketsAfterPinPadSwap(collector, deviceId);
    REQUIRE(tickets->size() == 1);
    const auto ticket = tickets->getObject(0);
    CHECK(ticket->getValue<std::string>("title") == "Payment peripheral replaced: pin-pad");
    CHECK(ticket->getValue<std::string>("urgency") == "high");
    const std::string number = ticket->getValue<std::string>("number");
    const HttpResult detail = collector.get("/api/v1/tickets/" + number, collector.apiToken());
    REQUIRE(detail.status == 200);
    CHECK(detail.body.find(deviceId) != std::string::npos);
    CHECK(detail.body.find("PP0999") != std::string::npos);
    CHECK(collector.count("SELECT COUNT(*) FROM events WHERE type = 'peripheral_replaced'") == 1);
}

TEST_CASE("Tickets: the replacement rule can be turned off", "[collector][tickets]") {
    TestCollector collector(
        [](collector::CollectorConfig& config) { config.ticketOnPaymentReplacement = false; });
    std::string deviceId;
    CHECK(ticketsAfterPinPadSwap(collector, deviceId)->size() == 0);
    CHECK(collector.count("SELECT COUNT(*) FROM events WHERE type = 'peripheral_replaced'") == 1);
}

}  // namespace parque::testing
