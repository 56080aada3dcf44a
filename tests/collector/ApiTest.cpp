// The JSON API and the operations routes over real TLS: device search and paging, one device's
// inventory, its history after a changed inventory, fleet events, tokens, health, metrics,
// the OpenAPI document, and the 404/405 answers.
#include "TestCollector.h"

#include "parque/collector/Database.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <tuple>
#include <vector>

using namespace Poco::Data::Keywords;
using parque::testing::DeviceClient;
using parque::testing::HttpResult;
using parque::testing::inventoryMessage;
using parque::testing::RequestSpec;
using parque::testing::Terminal;
using parque::testing::terminalContent;
using parque::testing::TestCollector;

namespace {

// Three terminals with inventories and one enrolled device that never reported.
struct Fleet {
    TestCollector collector;
    DeviceClient a = collector.enrol("caja01");
    DeviceClient b = collector.enrol("caja02");
    DeviceClient c = collector.enrol("caja03");
    DeviceClient silent = collector.enrol("caja04");

    Fleet() {
        Terminal ta;
        ta.name = "caja01";
        ta.serial = "SERIAL-A";
        ta.mac = "00:e0:4c:00:00:0a";
        Terminal tb;
        tb.name = "caja02";
        tb.serial = "SERIAL-B";
        tb.mac = "00:e0:4c:00:00:0b";
        tb.pinPadSerial.clear();
        Terminal tc;
        tc.name = "caja03";
        tc.serial = "SERIAL-C";
        tc.mac = "00:e0:4c:00:00:0c";
        tc.pinPadSerial = "PP0003";
        for (const auto& [device, terminal] : {std::pair{&a, ta}, {&b, tb}, {&c, tc}}) {
            const HttpResult r =
                collector.post(*device, inventoryMessage(terminal.name, terminalContent(terminal)));
            REQUIRE(r.status == 200);
        }
    }

    Poco::JSON::Array::Ptr devices(const std::string& query) {
        const HttpResult r = collector.get("/api/v1/devices" + query, collector.apiToken());
        REQUIRE(r.status == 200);
        return r.json()->getArray("devices");
    }

    std::set<std::string> ids(const std::string& query) {
        std::set<std::string> out;
        const auto list = devices(query);
        for (std::size_t i = 0; i < list->size(); ++i) {
            out.insert(list->getObject(static_cast<unsigned>(i))->getValue<std::string>("id"));
        }
        return out;
    }
};

using EventRow = std::tuple<std::string, std::string, std::string, std::string, std::string,
                            std::string>;  // type, section, component, field, old, new

std::string text(const Poco::JSON::Object::Ptr& object, const std::string& name) {
    return object->isNull(name) ? "<null>" : object->getValue<std::string>(name);
}

std::set<EventRow> eventRows(const Poco::JSON::Array::Ptr& events) {
    std::set<EventRow> rows;
    for (std::size_t i = 0; i < events->size(); ++i) {
        const auto e = events->getObject(static_cast<unsigned>(i));
        rows.insert({text(e, "type"), text(e, "section"), text(e, "component"), text(e, "field"),
                     text(e, "old"), text(e, "new")});
    }
    return rows;
}

}  // namespace

TEST_CASE("API: device search by serial, MAC, peripheral and staleness", "[collector][api]") {
    Fleet fleet;
    CHECK(fleet.ids("?serial=SERIAL-B") == std::set<std::string>{fleet.b.deviceId});
    CHECK(fleet.ids("?serial=NO-SUCH-SERIAL").empty());
    CHECK(fleet.ids("?mac=00:E0:4C:00:00:0C") == std::set<std::string>{fleet.c.deviceId});
    CHECK(fleet.ids("?mac=00%3ae0%3a4c%3a00%3a00%3a0a") == std::set<std::string>{fleet.a.deviceId});
    CHECK(fleet.ids("?peripheral=pin-pad") ==
          std::set<std::string>{fleet.a.deviceId, fleet.c.deviceId});
    CHECK(fleet.ids("?peripheral=receipt-printer").size() == 3);

    // Stale: never heard from, or last contact longer ago than the days given.
    CHECK(fleet.ids("?stale_days=1") == std::set<std::string>{fleet.silent.deviceId});
    {
        parque::collector::Database::WriteTransaction tx(fleet.collector.service().database());
        std::string id = fleet.b.deviceId;
        tx.session() << "UPDATE devices SET last_contact = '2020-01-01T00:00:00Z' WHERE id = ?",
            use(id), now;
        tx.commit();
    }
    CHECK(fleet.ids("?stale_days=30") ==
          std::set<std::string>{fleet.b.deviceId, fleet.silent.deviceId});

    const auto found = fleet.devices("?serial=SERIAL-A");
    REQUIRE(found->size() == 1);
    const auto summary = found->getObject(0);
    CHECK(summary->getValue<std::string>("name") == "caja01");
    CHECK(summary->getValue<std::string>("site") == "store-1");
    CHECK(summary->getValue<std::string>("os") == "Debian GNU/Linux 12 (bookworm)");

    const std::string token = fleet.collector.apiToken();
    CHECK(fleet.collector.get("/api/v1/devices?limit=0", token).status == 400);
    CHECK(fleet.collector.get("/api/v1/devices?limit=many", token).status == 400);
    CHECK(fleet.collector.get("/api/v1/devices?colour=red", token).status == 400);
    CHECK(fleet.collector.get("/api/v1/devices?stale_days=-1", token).status == 400);
    CHECK(fleet.collector.get("/api/v1/devices?stale_days=7x", token).status == 400);
    CHECK(fleet.collector.get("/api/v1/devices?stale_days=99999999999999999999", token).status ==
          400);
    CHECK(fleet.collector.get("/api/v1/devices?stale_days=999999999999999", token).status == 400);
    CHECK(fleet.collector.get("/api/v1/events?limit=0", token).status == 400);
    CHECK(fleet.collector.get("/api/v1/events?limit=5x", token).status == 400);
    CHECK(fleet.collector.get("/api/v1/events?limit=99999999999999999999", token).status == 400);
}

TEST_CASE("API: device lists page with limit and cursor", "[collector][api]") {
    Fleet fleet;
    const std::string token = fleet.collector.apiToken();
    std::vector<std::string> seen;
    std::string query = "?limit=3";
    int pages = 0;
    while (true) {
        const HttpResult r = fleet.collector.get("/api/v1/devices" + query, token);
        REQUIRE(r.status == 200);
        const auto root = r.json();
        const auto list = root->getArray("devices");
        CHECK(list->size() <= 3);
        for (std::size_t i = 0; i < list->size(); ++i) {
            seen.push_back(list->getObject(static_cast<unsigned>(i))->getValue<std::string>("id"));
        }
        ++pages;
        REQUIRE(pages <= 3);
        if (root->isNull("next_cursor")) {
            break;
        }
        query = "?limit=3&cursor=" + root->getValue<std::string>("next_cursor");
    }
    CHECK(pages == 2);
    REQUIRE(seen.size() == 4);
    CHECK(std::set<std::string>(seen.begin(), seen.end()) ==
          std::set<std::string>{fleet.a.deviceId, fleet.b.deviceId, fleet.c.deviceId,
                                fleet.silent.deviceId});
    CHECK(std::is_sorted(seen.begin(), seen.end()));
}

TEST_CASE("API: one device shows its inventory sections", "[collector][api]") {
    Fleet fleet;
    const std::string token = fleet.collector.apiToken();
    const HttpResult r = fleet.collector.get("/api/v1/devices/" + fleet.a.deviceId, token);
    REQUIRE(r.status == 200);
    const auto root = r.json();
    CHECK(root->getObject("device")->getValue<std::string>("id") == fleet.a.deviceId);
    CHECK(root->getObject("device")->getValue<std::string>("serial") == "SERIAL-A");
    const auto inventory = root->getObject("inventory");
    CHECK(inventory->getObject("bios")->getValue<std::string>("ssn") == "SERIAL-A");
    CHECK(inventory->getObject("hardware")->getValue<int>("memory") == 938);
    CHECK(inventory->getObject("operatingsystem")->getValue<std::string>("version") == "12");
    CHECK(inventory->getArray("cpus")->size() == 1);
    CHECK(inventory->getArray("networks")->size() == 1);
    CHECK(inventory->getArray("softwares")->size() == 2);
    CHECK(inventory->getArray("usbdevices")->size() == 2);
    CHECK(inventory->getValue<std::string>("versionclient") == "Parque-Agent_v0.1");

    const HttpResult missing =
        fleet.collector.get("/api/v1/devices/00000000-0000-0000-0000-000000000000", token);
    CHECK(missing.status == 404);
    CHECK(missing.json()->getObject("error")->getValue<std::string>("code") == "not_found");
}

TEST_CASE("API: the history after a changed inventory lists exactly the differences",
          "[collector][api]") {
    TestCollector collector;
    const DeviceClient device = collector.enrol();
    REQUIRE(collector.post(device, inventoryMessage("caja03", terminalContent({}))).status == 200);
    const std::string token = collector.apiToken();
    const std::string history = "/api/v1/devices/" + device.deviceId + "/history";
    REQUIRE(collector.get(history, token).json()->getArray("events")->size() == 0);

    Terminal changed;
    changed.posVersion = "4.12.4-1";
    changed.pinPadSerial = "PP0099";
    const HttpResult r =
        collector.post(device, inventoryMessage("caja03", terminalContent(changed)));
    REQUIRE(r.status == 200);

    const HttpResult h = collector.get(history, token);
    REQUIRE(h.status == 200);
    const auto events = h.json()->getArray("events");
    const std::set<EventRow> expected = {
        {"modified", "softwares", "caja-pos|amd64|", "version", "\"4.12.3-1\"", "\"4.12.4-1\""},
        {"removed", "usbdevices", "0b00|0053|PP0001", "<null>", "<null>", "<null>"},
        {"added", "usbdevices", "0b00|0053|PP0099", "<null>", "<null>", "<null>"},
        {"peripheral_replaced", "usbdevices", "0b00|0053|PP0099", "<null>", "0b00|0053|PP0001",
         "0b00|0053|PP0099"},
    };
    CHECK(eventRows(events) == expected);
    CHECK(events->size() == expected.size());
    for (std::size_t i = 0; i < events->size(); ++i) {
        const auto e = events->getObject(static_cast<unsigned>(i));
        CHECK(e->getValue<std::string>("device_id") == device.deviceId);
        CHECK(e->getValue<std::string>("time").back() == 'Z');
    }

    // Fleet-wide events by type, and another device's changes do not leak into this history.
    const DeviceClient other = collector.enrol("caja09");
    REQUIRE(collector.post(other, inventoryMessage("caja09", terminalContent({}))).status == 200);
    Terminal otherChanged;
    otherChanged.pinPadSerial = "PP0777";
    REQUIRE(
        collector.post(other, inventoryMessage("caja09", terminalContent(otherChanged))).status ==
        200);
    CHECK(collector.get(history, token).json()->getArray("events")->size() == expected.size());
    const HttpResult replaced = collector.get("/api/v1/events?type=peripheral_replaced", token);
    REQUIRE(replaced.status == 200);
    const auto list = replaced.json()->getArray("events");
    REQUIRE(list->size() == 2);
    std::set<std::string> devices;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const auto e = list->getObject(static_cast<unsigned>(i));
        CHECK(e->getValue<std::string>("type") == "peripheral_replaced");
        devices.insert(e->getValue<std::string>("device_id"));
    }
    CHECK(devices == std::set<std::string>{device.deviceId, other.deviceId});
    // Newest first.
    CHECK(list->getObject(0)->getValue<std::string>("device_id") == other.deviceId);
    CHECK(collector.get("/api/v1/events?device=x", token).status == 400);
    CHECK(collector.get("/api/v1/devices/nope/history", token).status == 404);
}

TEST_CASE("API: requests without a valid API token are refused with 401", "[collector][api]") {
    TestCollector collector;
    const DeviceClient device = collector.enrol();
    const std::vector<std::string> paths = {"/api/v1/devices", "/api/v1/devices/" + device.deviceId,
                                            "/api/v1/events"};
    for (const std::string& path : paths) {
        INFO(path);
        const HttpResult none = collector.get(path);
        CHECK(none.status == 401);
        CHECK(none.json()->getObject("error")->getValue<std::string>("code") == "unauthorized");
        CHECK(collector.get(path, "pqa_wrong").status == 401);
    }
    const auto token = collector.service().registry().createApiToken("old");
    CHECK(collector.get("/api/v1/devices", token.secret).status == 200);
    collector.service().registry().revokeApiToken(token.id);
    CHECK(collector.get("/api/v1/devices", token.secret).status == 401);
}

TEST_CASE("API: health, metrics and the OpenAPI document", "[collector][api][ops]") {
    TestCollector collector;
    const DeviceClient device = collector.enrol();
    REQUIRE(collector.post(device, R"({"action":"contact"})").status == 200);

    const HttpResult health = collector.get("/healthz");
    REQUIRE(health.status == 200);
    CHECK(health.json()->getValue<std::string>("status") == "ok");

    const HttpResult metrics = collector.get("/metrics");
    REQUIRE(metrics.status == 200);
    CHECK(metrics.contentType.find("text/plain") == 0);
    CHECK(metrics.body.find("parque_http_requests_total") != std::string::npos);
    CHECK(metrics.body.find("\nparque_devices 1\n") != std::string::npos);

    const HttpResult openapi = collector.get("/api/v1/openapi.json");
    REQUIRE(openapi.status == 200);
    const auto document = openapi.json();
    CHECK(document->has("openapi"));
    CHECK(document->getObject("paths")->has("/api/v1/devices/{id}/history"));

    const HttpResult ca = collector.get("/api/v1/ca.pem");
    REQUIRE(ca.status == 200);
    CHECK(ca.body.find("BEGIN CERTIFICATE") != std::string::npos);
}

TEST_CASE("API: unknown routes answer 404 and wrong methods 405 with Allow", "[collector][api]") {
    TestCollector collector;
    const HttpResult missing = collector.get("/api/v1/nothing-here");
    CHECK(missing.status == 404);
    CHECK(missing.contentType.find("application/json") == 0);
    CHECK(missing.json()->getObject("error")->getValue<std::string>("code") == "not_found");

    const HttpResult getRoot = collector.get("/inventory");  // GET / is the web sign-in
    CHECK(getRoot.status == 405);
    CHECK(getRoot.header("Allow") == "POST");
    CHECK(getRoot.json()->getObject("error")->getValue<std::string>("code") ==
          "method_not_allowed");

    RequestSpec spec;
    spec.method = "DELETE";
    spec.path = "/api/v1/devices";
    spec.contentType.clear();
    const HttpResult del = collector.request(spec);
    CHECK(del.status == 405);
    CHECK(del.header("Allow") == "GET");
}
