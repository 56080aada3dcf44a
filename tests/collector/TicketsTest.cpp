// The helpdesk over real TLS: tickets created, listed, read, changed and commented; a linked
// device's snapshot and what changed since; the customer's lookup; roles; SLA pauses.
#include "TestCollector.h"

#include "parque/collector/tickets/TicketStore.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <catch2/catch.hpp>

#include <set>

using namespace Poco::Data::Keywords;
using parque::testing::DeviceClient;
using parque::testing::HttpResult;
using parque::testing::inventoryMessage;
using parque::testing::RequestSpec;
using parque::testing::Terminal;
using parque::testing::terminalContent;
using parque::testing::TestCollector;

namespace {

struct Desk {
    TestCollector collector;
    std::string admin = collector.service().registry().createApiToken("boss", "admin").secret;
    std::string tech = collector.service().registry().createApiToken("ana", "technician").secret;
    std::string reader = collector.service().registry().createApiToken("ro", "read-only").secret;
    std::string manager = collector.service().registry().createApiToken("mgr", "manager").secret;

    HttpResult call(const std::string& method, const std::string& path, const std::string& body,
                    const std::string& token) {
        return collector.call(method, path, body, token);
    }

    Poco::JSON::Object::Ptr ok(const std::string& method, const std::string& path,
                               const std::string& body, int status = 200) {
        const HttpResult r = call(method, path, body, admin);
        INFO(method << " " << path << " -> " << r.body);
        REQUIRE(r.status == status);
        return r.json();
    }

    std::int64_t category(const std::string& body) {
        return ok("POST", "/api/v1/categories", body, 201)->getValue<Poco::Int64>("id");
    }

    Poco::JSON::Object::Ptr open(const std::string& body) {
        const HttpResult r = call("POST", "/api/v1/tickets", body, tech);
        INFO(r.body);
        REQUIRE(r.status == 201);
        return r.json();
    }

    Poco::JSON::Object::Ptr ticket(const std::string& number) {
        return ok("GET", "/api/v1/tickets/" + number, "");
    }

    std::vector<std::string> numbers(const std::string& query) {
        const auto list = ok("GET", "/api/v1/tickets" + query, "")->getArray("tickets");
        std::vector<std::string> out;
        for (std::size_t i = 0; i < list->size(); ++i) {
            out.push_back(
                list->getObject(static_cast<unsigned>(i))->getValue<std::string>("number"));
        }
        return out;
    }

    void sql(const std::string& statement) {
        parque::collector::Database::WriteTransaction tx(collector.service().database());
        std::string text = statement;
        tx.session() << text, now;
        tx.commit();
    }
};

std::string errorCode(const HttpResult& r) {
    return r.json()->getObject("error")->getValue<std::string>("code");
}

std::set<std::string> activityKinds(const Poco::JSON::Object::Ptr& ticket) {
    std::set<std::string> kinds;
    const auto list = ticket->getArray("activity");
    for (std::size_t i = 0; i < list->size(); ++i) {
        kinds.insert(list->getObject(static_cast<unsigned>(i))->getValue<std::string>("kind"));
    }
    return kinds;
}

}  // namespace

TEST_CASE("Tickets: create, list, read, update and comment", "[collector][tickets]") {
    Desk desk;
    const auto categoryId = desk.category(
        R"({"name":"Impresora fiscal","first_response_minutes":30,"resolution_minutes":240})");
    const auto first = desk.open(R"({"title":"No imprime","site":"store-1","channel":"phone",)"
                                 R"("urgency":"high","category_id":)" +
                                 std::to_string(categoryId) + "}");
    const std::string number = first->getValue<std::string>("number");
    CHECK(number == "T-" + parque::collector::utcNow().substr(0, 4) + "-000001");
    CHECK(first->getValue<std::string>("access_code").size() == 12);
    const std::string second = desk.open(R"({"title":"Pantalla negra","site":"store-2","level":2})")
                                   ->getValue<std::string>("number");
    CHECK(second.substr(7) == "000002");

    CHECK(desk.numbers("") == std::vector<std::string>{second, number});  // newest first
    CHECK(desk.numbers("?site=store-1") == std::vector<std::string>{number});
    CHECK(desk.numbers("?level=2") == std::vector<std::string>{second});
    CHECK(desk.numbers("?category=" + std::to_string(categoryId)) ==
          std::vector<std::string>{number});
    const auto page = desk.ok("GET", "/api/v1/tickets?limit=1", "");
    REQUIRE(page->getArray("tickets")->size() == 1);
    const std::string cursor = page->getValue<std::string>("next_cursor");
    CHECK(desk.numbers("?limit=1&cursor=" + cursor) == std::vector<std::string>{number});
    CHECK(desk.call("GET", "/api/v1/tickets?status=nonsense", "", desk.admin).status == 400);
    CHECK(desk.call("GET", "/api/v1/tickets?colour=red", "", desk.admin).status == 400);

    auto t = desk.ticket(number);
    CHECK(t->getValue<std::string>("status") == "new");
    CHECK(t->getValue<std::string>("urgency") == "high");
    CHECK(t->isNull("first_response_at"));
    const auto sla = t->getObject("sla");
    CHECK(sla->getObject("first_response")->getValue<std::string>("status") == "on_track");
    CHECK(sla->getObject("resolution")->getValue<Poco::Int64>("remaining_seconds") <= 240 * 60);
    CHECK(sla->getObject("resolution")->getValue<Poco::Int64>("remaining_seconds") > 230 * 60);

    t = desk.ok("PATCH", "/api/v1/tickets/" + number,
                R"({"status":"in_progress","technician":"ana","level":2})");
    CHECK(t->getValue<std::string>("status") == "in_progress");
    CHECK(t->getValue<std::string>("technician") == "ana");
    CHECK(t->getValue<int>("level") == 2);
    CHECK_FALSE(t->isNull("first_response_at"));
    CHECK(t->getObject("sla")->getObject("first_response")->getValue<std::string>("status") ==
          "met");
    CHECK(activityKinds(t) == std::set<std::string>{"created", "status", "assigned", "escalated"});
    CHECK(desk.call("PATCH", "/api/v1/tickets/" + number, R"({"status":"done"})", desk.admin)
              .status == 400);
    CHECK(
        desk.call("PATCH", "/api/v1/tickets/" + number, R"({"colour":"red"})", desk.admin).status ==
        400);
    CHECK(
        desk.call("PATCH", "/api/v1/tickets/T-1999-000001", R"({"level":3})", desk.admin).status ==
        404);

    desk.ok("POST", "/api/v1/tickets/" + number + "/comments",
            R"({"text":"Cambiamos el rollo","public":true})", 201);
    t = desk.ok("POST", "/api/v1/tickets/" + number + "/comments", R"({"text":"nota interna"})",
                201);
    const auto activity = t->getArray("activity");
    const auto last = activity->getObject(static_cast<unsigned>(activity->size() - 1));
    CHECK(last->getValue<std::string>("text") == "nota interna");
    CHECK_FALSE(last->getValue<bool>("public"));
    CHECK(last->getValue<std::string>("actor") == "boss");
    CHECK(desk.call("POST", "/api/v1/tickets/" + number + "/comments", R"({"text":""})", desk.admin)
              .status == 400);

    t = desk.ok("PATCH", "/api/v1/tickets/" + number, R"({"status":"resolved"})");
    CHECK_FALSE(t->isNull("resolved_at"));
    CHECK(t->getObject("sla")->getObject("resolution")->getValue<std::string>("status") == "met");
    CHECK(desk.numbers("?status=resolved") == std::vector<std::string>{number});
}

TEST_CASE("Tickets: a linked device's snapshot stays; changes since opening are listed exactly",
          "[collector][tickets]") {
    Desk desk;
    const DeviceClient device = desk.collector.enrol("caja03");
    REQUIRE(desk.collector.post(device, inventoryMessage("caja03", terminalContent({}))).status ==
            200);
    const std::string number =
        desk.open(R"({"title":"El POS no arranca"})")->getValue<std::string>("number");
    const std::string link = "/api/v1/tickets/" + number + "/devices";
    desk.ok("POST", link, R"({"device_id":")" + device.deviceId + R"("})", 201);
    CHECK(desk.call("POST", link, R"({"device_id":")" + device.deviceId + R"("})", desk.tech)
              .status == 409);
    CHECK(desk.call("POST", link, R"({"device_id":"no-such-device"})", desk.tech).status == 404);

    Terminal changed;
    changed.posVersion = "4.12.4-1";
    REQUIRE(
        desk.collector.post(device, inventoryMessage("caja03", terminalContent(changed))).status ==
        200);

    const auto devices = desk.ticket(number)->getArray("devices");
    REQUIRE(devices->size() == 1);
    const auto linked = devices->getObject(0);
    CHECK(linked->getValue<std::string>("device_id") == device.deviceId);
    const auto softwares =
        linked->getObject("snapshot")->getObject("inventory")->getArray("softwares");
    std::set<std::string> versions;
    for (std::size_t i = 0; i < softwares->size(); ++i) {
        versions.insert(
            softwares->getObject(static_cast<unsigned>(i))->getValue<std::string>("version"));
    }
    CHECK(versions.count("4.12.3-1") == 1);  // as it was when linked
    CHECK(versions.count("4.12.4-1") == 0);
    const auto changes = linked->getArray("changed_since_opening");
    REQUIRE(changes->size() == 1);
    const auto change = changes->getObject(0);
    CHECK(change->getValue<std::string>("type") == "modified");
    CHECK(change->getValue<std::string>("section") == "softwares");
    CHECK(change->getValue<std::string>("field") == "version");
    CHECK(change->getValue<std::string>("old") == "\"4.12.3-1\"");
    CHECK(change->getValue<std::string>("new") == "\"4.12.4-1\"");

    const auto mine = desk.ok("GET", "/api/v1/devices/" + device.deviceId + "/tickets", "");
    REQUIRE(mine->getArray("tickets")->size() == 1);
    CHECK(mine->getArray("tickets")->getObject(0)->getValue<std::string>("number") == number);
    CHECK(desk.call("GET", "/api/v1/devices/nope/tickets", "", desk.reader).status == 404);

    const auto after = desk.ok("DELETE", link + "/" + device.deviceId, "");
    CHECK(after->getArray("devices")->size() == 0);
    CHECK(activityKinds(after).count("unlink") == 1);
    CHECK(desk.call("DELETE", link + "/" + device.deviceId, "", desk.tech).status == 404);
    CHECK(desk.numbers("?device=" + device.deviceId).empty());
}

TEST_CASE("Tickets: the customer lookup refuses a wrong code and another ticket's code alike",
          "[collector][tickets]") {
    Desk desk;
    const auto a = desk.open(R"({"title":"Lector de tarjetas"})");
    const auto b = desk.open(R"({"title":"Balanza"})");
    const std::string number = a->getValue<std::string>("number");
    desk.ok("POST", "/api/v1/tickets/" + number + "/comments",
            R"({"text":"Vamos mañana","public":true})", 201);
    desk.ok("POST", "/api/v1/tickets/" + number + "/comments",
            R"({"text":"cliente difícil","public":false})", 201);
    const auto lookup = [&](const std::string& n, const std::string& code) {
        return desk.call("POST", "/api/v1/lookup",
                         R"({"number":")" + n + R"(","access_code":")" + code + R"("})", "");
    };
    const HttpResult good = lookup(number, a->getValue<std::string>("access_code"));
    REQUIRE(good.status == 200);
    const auto answer = good.json();
    CHECK(answer->getValue<std::string>("status") == "new");
    CHECK(answer->getValue<std::string>("title") == "Lector de tarjetas");
    const auto comments = answer->getArray("comments");
    REQUIRE(comments->size() == 1);
    CHECK(comments->getObject(0)->getValue<std::string>("text") == "Vamos mañana");
    CHECK(good.body.find("difícil") == std::string::npos);
    CHECK_FALSE(comments->getObject(0)->has("actor"));  // nothing internal

    const HttpResult wrong = lookup(number, "AAAAAAAAAAAA");
    const HttpResult other = lookup(number, b->getValue<std::string>("access_code"));
    const HttpResult unknown = lookup("T-2000-000009", a->getValue<std::string>("access_code"));
    CHECK(wrong.status == 404);
    CHECK(other.status == 404);
    CHECK(unknown.status == 404);
    CHECK(wrong.body == other.body);
    CHECK(wrong.body == unknown.body);
    CHECK(lookup(number, "").status == 404);
    CHECK(desk.call("POST", "/api/v1/lookup", "[1]", "").status == 400);
}

TEST_CASE("Tickets: roles allow reading to all, work to technicians, setup to admins",
          "[collector][tickets][roles]") {
    Desk desk;
    const std::string body = R"({"title":"x"})";
    for (const std::string* token : {&desk.reader, &desk.manager}) {
        CHECK(desk.call("GET", "/api/v1/tickets", "", *token).status == 200);
        CHECK(desk.call("GET", "/api/v1/devices", "", *token).status == 200);
        CHECK(desk.call("GET", "/api/v1/events", "", *token).status == 200);
        CHECK(desk.call("GET", "/api/v1/categories", "", *token).status == 200);
        const HttpResult refused = desk.call("POST", "/api/v1/tickets", body, *token);
        CHECK(refused.status == 403);
        CHECK(errorCode(refused) == "forbidden");
    }
    const HttpResult techCategory =
        desk.call("POST", "/api/v1/categories", R"({"name":"Red"})", desk.tech);
    CHECK(techCategory.status == 403);
    CHECK(errorCode(techCategory) == "forbidden");
    CHECK(desk.call("POST", "/api/v1/categories", R"({"name":"Red"})", desk.admin).status == 201);
    CHECK(desk.call("POST", "/api/v1/categories", R"({"name":"Red"})", desk.admin).status == 409);
    const std::string number = desk.open(body)->getValue<std::string>("number");
    CHECK(desk.call("PATCH", "/api/v1/tickets/" + number, R"({"status":"assigned"})", desk.reader)
              .status == 403);
    CHECK(desk.call("PATCH", "/api/v1/tickets/" + number, R"({"status":"assigned"})", desk.tech)
              .status == 200);
    CHECK(desk.call("GET", "/api/v1/tickets", "", "").status == 401);
    CHECK(desk.call("GET", "/api/v1/tickets", "", "pqa_wrong").status == 401);
    CHECK(desk.collector.service().registry().checkApiToken(desk.manager) ==
          std::optional<std::string>("manager"));
    CHECK_THROWS_AS(desk.collector.service().registry().createApiToken("x", "root"),
                    parque::collector::AccessError);
}

TEST_CASE("Tickets: pending pauses the SLA clock", "[collector][tickets][sla]") {
    using namespace parque::collector::tickets;
    TestCollector collector;
    TicketStore store(collector.service().database(), TimeZone::utc());
    Category category;
    category.name = "24x7";
    category.targets.firstResponseMinutes = 60;
    category.targets.resolutionMinutes = 240;
    const std::int64_t t0 = 1795000000;  // 2026-11-18
    const auto id = store.addCategory(category, t0).id;
    NewTicket ticket;
    ticket.title = "Sin red";
    ticket.categoryId = id;
    const std::string number = store.create(ticket, "ana", t0).number;
    const auto remaining = [&](std::int64_t at) {
        return *store.sla(*store.find(number), at).resolution.remainingSeconds;
    };
    CHECK(remaining(t0) == 240 * 60);
    TicketChange working;
    working.status = "in_progress";
    store.update(number, working, "ana", t0 + 600);
    CHECK(store.find(number)->firstResponseAt == parque::collector::utcTime(t0 + 600));
    TicketChange pending;
    pending.status = "pending";
    store.update(number, pending, "ana", t0 + 1200);
    const std::int64_t frozen = remaining(t0 + 1200);
    CHECK(frozen == 240 * 60 - 1200);
    CHECK(remaining(t0 + 5000) == frozen);
    CHECK(remaining(t0 + 50000) == frozen);  // long past the target: still not breached
    CHECK(store.sla(*store.find(number), t0 + 50000).resolution.status != SlaStatus::Breached);
    store.update(number, working, "ana", t0 + 5000);
    CHECK(remaining(t0 + 5600) == frozen - 600);
    const auto pauses = store.find(number)->pauses;
    REQUIRE(pauses.size() == 1);
    CHECK(pauses[0].from == t0 + 1200);
    CHECK(pauses[0].to == std::optional<std::int64_t>(t0 + 5000));
}

TEST_CASE("Tickets: breached and inactive filters", "[collector][tickets][sla]") {
    Desk desk;
    const auto quick =
        desk.category(R"({"name":"Urgente","first_response_minutes":5,"resolution_minutes":60,)"
                      R"("inactivity_hours":2})");
    const std::string late =
        desk.open(R"({"title":"viejo","category_id":)" + std::to_string(quick) + "}")
            ->getValue<std::string>("number");
    const std::string fresh =
        desk.open(R"({"title":"nuevo","category_id":)" + std::to_string(quick) + "}")
            ->getValue<std::string>("number");
    desk.open(R"({"title":"sin categoría"})");
    CHECK(desk.numbers("?breached=true").empty());
    CHECK(desk.numbers("?inactive=true").empty());
    desk.sql(
        "UPDATE tickets SET created_at = '2020-01-01T00:00:00Z', last_activity_at ="
        " '2020-01-01T00:00:00Z' WHERE number = '" +
        late + "'");
    CHECK(desk.numbers("?breached=true") == std::vector<std::string>{late});
    CHECK(desk.numbers("?inactive=true") == std::vector<std::string>{late});
    CHECK(desk.numbers("?breached=true&limit=1&status=new") == std::vector<std::string>{late});
    const auto t = desk.ticket(late);
    CHECK(t->getValue<bool>("inactive"));
    CHECK(t->getObject("sla")->getObject("resolution")->getValue<std::string>("status") ==
          "breached");
    CHECK_FALSE(desk.ticket(fresh)->getValue<bool>("inactive"));
    CHECK(desk.call("GET", "/api/v1/tickets?breached=maybe", "", desk.admin).status == 400);
}
