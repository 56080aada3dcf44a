// Assignment rules over real TLS: ordered, first match on site, urgency, device model and
// peripheral kind; explicit assignments kept; only admins add rules.
#include "TestCollector.h"

#include <Poco/JSON/Array.h>

#include <catch2/catch.hpp>

using parque::testing::DeviceClient;
using parque::testing::HttpResult;
using parque::testing::inventoryMessage;
using parque::testing::RequestSpec;
using parque::testing::Terminal;
using parque::testing::terminalContent;
using parque::testing::TestCollector;

namespace {

struct RulesDesk {
    TestCollector collector;
    std::string admin = collector.service().registry().createApiToken("boss", "admin").secret;
    std::string tech = collector.service().registry().createApiToken("ana", "technician").secret;

    HttpResult call(const std::string& method, const std::string& path, const std::string& body,
                    const std::string& token) {
        return collector.call(method, path, body, token);
    }

    void rule(const std::string& body) {
        const HttpResult r = call("POST", "/api/v1/rules", body, admin);
        INFO(r.body);
        REQUIRE(r.status == 201);
    }

    // Opens a ticket and returns it as GET /api/v1/tickets/{number} shows it.
    Poco::JSON::Object::Ptr open(const std::string& body) {
        const HttpResult created = call("POST", "/api/v1/tickets", body, tech);
        INFO(created.body);
        REQUIRE(created.status == 201);
        const std::string number = created.json()->getValue<std::string>("number");
        const HttpResult r = call("GET", "/api/v1/tickets/" + number, "", tech);
        REQUIRE(r.status == 200);
        return r.json();
    }

    std::string device(const std::string& name, const std::string& pinPad) {
        const DeviceClient client = collector.enrol(name);
        Terminal t;
        t.name = name;
        t.pinPadSerial = pinPad;
        REQUIRE(collector.post(client, inventoryMessage(name, terminalContent(t))).status == 200);
        return client.deviceId;
    }
};

std::string field(const Poco::JSON::Object::Ptr& o, const std::string& name) {
    return o->isNull(name) ? "<null>" : o->getValue<std::string>(name);
}

}  // namespace

TEST_CASE("Tickets: assignment rules, first match in order", "[collector][tickets][rules]") {
    RulesDesk desk;
    desk.rule(R"({"site":"store-9","urgency":"critical","group":"Guardia","level":3})");
    desk.rule(R"({"peripheral_kind":"pin-pad","group":"Pagos","technician":"luis"})");
    desk.rule(R"({"device_model":"OptiPlex 3000","group":"Hardware","level":2})");
    CHECK(desk.call("POST", "/api/v1/rules", R"({"site":"x","group":"y"})", desk.tech).status ==
          403);
    CHECK(desk.call("POST", "/api/v1/rules", R"({"site":"x"})", desk.admin).status == 400);
    CHECK(
        desk.call("POST", "/api/v1/rules", R"({"group":"y","urgency":"meh"})", desk.admin).status ==
        400);
    const HttpResult listed = desk.call("GET", "/api/v1/rules", "", desk.tech);
    REQUIRE(listed.status == 200);
    const auto rules = listed.json()->getArray("rules");
    REQUIRE(rules->size() == 3);
    CHECK(rules->getObject(0)->getValue<std::string>("group") == "Guardia");
    CHECK(rules->getObject(2)->getValue<int>("position") == 3);

    const std::string withPinPad = desk.device("caja01", "PP0001");
    const std::string withoutPinPad = desk.device("caja02", "");

    auto t = desk.open(R"({"title":"a","site":"store-9","urgency":"critical","device_ids":[")" +
                       withPinPad + R"("]})");
    CHECK(field(t, "group") == "Guardia");  // the first rule wins over the pin-pad rule
    CHECK(t->getValue<int>("level") == 3);
    CHECK(field(t, "status") == "assigned");

    t = desk.open(R"({"title":"b","device_ids":[")" + withPinPad + R"("]})");
    CHECK(field(t, "group") == "Pagos");
    CHECK(field(t, "technician") == "luis");
    CHECK(t->getValue<int>("level") == 1);
    REQUIRE(t->getArray("devices")->size() == 1);  // linked at creation, with its snapshot
    CHECK(t->getArray("devices")->getObject(0)->getObject("snapshot")->has("inventory"));

    t = desk.open(R"({"title":"c","device_ids":[")" + withoutPinPad + R"("]})");
    CHECK(field(t, "group") == "Hardware");
    CHECK(field(t, "technician") == "<null>");
    CHECK(t->getValue<int>("level") == 2);

    t = desk.open(R"({"title":"d","technician":"eva","device_ids":[")" + withPinPad + R"("]})");
    CHECK(field(t, "group") == "Pagos");
    CHECK(field(t, "technician") == "eva");  // what the ticket was opened with is kept

    t = desk.open(R"({"title":"e","site":"store-9"})");
    CHECK(field(t, "group") == "<null>");
    CHECK(field(t, "status") == "new");

    const HttpResult bad = desk.call("POST", "/api/v1/tickets",
                                     R"({"title":"f","device_ids":["no-such-device"]})", desk.tech);
    CHECK(bad.status == 404);
    CHECK(desk.collector.count("SELECT COUNT(*) FROM tickets WHERE title = 'f'") == 0);
}
