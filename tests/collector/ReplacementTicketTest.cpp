// The rule on by default: a payment peripheral replaced between two inventories opens a ticket
// with the device linked (PCI DSS 9.5.1: detection of substituted devices).
#include "TestCollector.h"

#include "parque/collector/tickets/TicketStore.h"

#include <catch2/catch.hpp>

#include <algorithm>

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

namespace parque::testing {

TEST_CASE("Tickets: at-risk tickets are escalated one level, once", "[collector][tickets][sla]") {
    using namespace parque::collector::tickets;
    TestCollector collector;
    TicketStore store(collector.service().database(), TimeZone::utc());
    const std::int64_t t0 = 1795000000;  // 2026-11-17T10:26:40Z
    Category category;
    category.name = "Caja caída";
    category.targets.resolutionMinutes = 60;  // 24x7; at risk after 45 minutes
    const auto id = store.addCategory(category, t0).id;
    NewTicket ticket;
    ticket.title = "La caja no imprime";
    ticket.categoryId = id;
    const std::string number = store.create(ticket, "ana", t0).number;
    NewTicket calm = ticket;  // no category: no SLA, never escalated
    calm.categoryId.reset();
    const std::string other = store.create(calm, "ana", t0).number;

    CHECK(store.escalateAtRisk(t0 + 44 * 60) == 0);
    CHECK(store.find(number)->level == 1);
    CHECK(store.escalateAtRisk(t0 + 45 * 60) == 1);
    CHECK(store.find(number)->level == 2);
    CHECK(store.escalateAtRisk(t0 + 90 * 60) == 0);  // once: a person decides the next step
    CHECK(store.find(number)->level == 2);
    CHECK(store.find(other)->level == 1);
    const auto log = store.activity(store.find(number)->id, false);
    CHECK(std::count_if(log.begin(), log.end(), [](const Activity& a) {
              return a.kind == "escalated" && a.actor == "parque";
          }) == 1);
}

}  // namespace parque::testing
