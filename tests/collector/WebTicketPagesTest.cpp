// The helpdesk's web pages over real TLS, signed in through POST /signin like a browser: the
// ticket list with SLA badges and filters, opening a ticket for a device (access code shown
// once), its snapshot and changes, the work forms and their refusals, and the customer lookup.
#include "WebBrowser.h"

#include "parque/collector/tickets/TicketStore.h"
#include "web/Html.h"
#include "web/Users.h"

#include <catch2/catch.hpp>

#include <cctype>
#include <ctime>
#include <fstream>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace parque::testing {
namespace {

namespace web = collector::web;
namespace tickets = collector::tickets;

std::int64_t nowSeconds() { return static_cast<std::int64_t>(std::time(nullptr)); }

struct Desk {
    TestCollector collector;
    tickets::TicketStore store{collector.service().database(), tickets::TimeZone::utc()};

    Desk() {
        web::UserStore users(collector.service().database());
        users.add("ana", kWebPassword, web::Role::Technician, "en");
        users.add("rita", kWebPassword, web::Role::ReadOnly, "en");
        users.add("mara", kWebPassword, web::Role::Manager, "en");
    }

    tickets::CreatedTicket open(const std::string& title, std::int64_t when = nowSeconds()) {
        tickets::NewTicket ticket;
        ticket.title = title;
        ticket.site = "Palermo";
        return store.create(ticket, "tests", when);
    }
};

}  // namespace

TEST_CASE("Web: the ticket list shows SLA state, inactivity and filters", "[web][tickets]") {
    Desk desk;
    tickets::Category category;
    category.name = "Caja caída";
    category.targets.resolutionMinutes = 60;
    category.inactivityHours = 1;
    const std::int64_t id = desk.store.addCategory(category, nowSeconds()).id;
    tickets::NewTicket late;
    late.title = "La impresora no corta";
    late.categoryId = id;
    late.group = "Redes";
    const std::string lateNumber = desk.store.create(late, "tests", nowSeconds() - 7200).number;
    const std::string xssNumber = desk.open("<script>alert(1)</script>").number;

    Browser browser(desk.collector);
    const HttpResult signedOut = browser.get("/tickets");
    CHECK(signedOut.status == 303);
    CHECK(contains(signedOut.header("location"), "/signin?next="));

    browser.signIn("rita");
    const HttpResult list = browser.get("/tickets");
    REQUIRE(list.status == 200);
    const std::string table = between(list.body, "<table id=\"tickets\">", "</table>");
    const std::string lateRow =
        between(table, "data-ticket-number=\"" + lateNumber + "\">", "</tr>");
    CHECK(contains(lateRow, "La impresora no corta"));
    CHECK(contains(lateRow, "<span class=\"badge breached\""));
    CHECK(contains(lateRow, "class=\"badge warn inactive\""));
    CHECK(contains(lateRow, "Redes"));
    CHECK(contains(table, "data-ticket-number=\"" + xssNumber + "\""));
    CHECK(contains(table, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    CHECK_FALSE(contains(list.body, "<script>"));
    CHECK(contains(list.body, "<form id=\"ticket-filters\""));

    const HttpResult byGroup = browser.get("/tickets?group=Redes");
    CHECK(contains(byGroup.body, "data-ticket-number=\"" + lateNumber + "\""));
    CHECK_FALSE(contains(byGroup.body, "data-ticket-number=\"" + xssNumber + "\""));
    const HttpResult breached = browser.get("/tickets?breached=true&site=");
    CHECK(contains(breached.body, "data-ticket-number=\"" + lateNumber + "\""));
    CHECK_FALSE(contains(breached.body, "data-ticket-number=\"" + xssNumber + "\""));
    const HttpResult closed = browser.get("/tickets?status=closed");
    CHECK_FALSE(contains(closed.body, "data-ticket-number="));
    CHECK(contains(closed.body, "No ticket matches these filters."));
    CHECK(browser.get("/tickets?level=9").status == 400);

    const HttpResult page = browser.get("/tickets/" + xssNumber);
    REQUIRE(page.status == 200);
    CHECK(contains(page.body, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    CHECK_FALSE(contains(page.body, "<script>"));
    CHECK(browser.get("/tickets/T-1999-000001").status == 404);
}

TEST_CASE("Web: paging through the ticket list follows the store's cursor", "[web][tickets]") {
    Desk desk;
    std::vector<std::string> numbers;
    for (int i = 0; i < 52; ++i) {
        numbers.push_back(desk.open("Ticket " + std::to_string(i)).number);
    }
    Browser browser(desk.collector);
    browser.signIn("rita");
    const HttpResult first = browser.get("/tickets");
    CHECK(contains(first.body, "data-ticket-number=\"" + numbers.back() + "\""));
    CHECK_FALSE(contains(first.body, "data-ticket-number=\"" + numbers.front() + "\""));
    const std::string next = between(first.body, "<a href=\"/tickets?cursor=", "\"");
    REQUIRE_FALSE(next.empty());
    const HttpResult second = browser.get("/tickets?cursor=" + next);
    CHECK(contains(second.body, "data-ticket-number=\"" + numbers.front() + "\""));
    CHECK_FALSE(contains(second.body, "data-ticket-number=\"" + numbers.back() + "\""));
}

TEST_CASE("Web: a technician opens a ticket for a device; the code is shown once",
          "[web][tickets]") {
    Desk desk;
    const DeviceClient client = desk.collector.enrol("caja03");
    Terminal terminal;
    REQUIRE(
        desk.collector.post(client, inventoryMessage("caja03", terminalContent(terminal))).status ==
        200);

    Browser browser(desk.collector);
    browser.signIn("ana");
    const HttpResult created = browser.post("/tickets", {{"title", "El PIN pad no responde"},
                                                         {"description", "Probado dos veces"},
                                                         {"urgency", "high"},
                                                         {"category", ""},
                                                         {"device_id", client.deviceId}});
    INFO(created.body);
    REQUIRE(created.status == 201);
    CHECK(created.header("cache-control") == "no-store");
    const std::string code =
        between(created.body, "<p id=\"access-code\" class=\"access-code\">", "<");
    const std::string number =
        between(between(created.body, "<section id=\"ticket-created\"", "</h2>"), "Ticket ", " ");
    REQUIRE(code.size() == 12);
    REQUIRE(desk.store.lookup(number, code));
    const std::string snapshot = section(created.body, "snapshot");
    CHECK(contains(snapshot, "href=\"/devices/" + client.deviceId + "\""));
    CHECK(contains(snapshot, "PP0001"));
    CHECK(contains(snapshot, "5QK2X31"));
    CHECK(contains(section(created.body, "changes-since"), "Unchanged since opening."));
    CHECK(desk.store.find(number)->urgency == "high");

    const HttpResult again = browser.get("/tickets/" + number);
    REQUIRE(again.status == 200);
    CHECK_FALSE(contains(again.body, code));
    CHECK_FALSE(contains(again.body, "id=\"access-code\""));

    terminal.pinPadSerial = "PP0002";
    REQUIRE(
        desk.collector.post(client, inventoryMessage("caja03", terminalContent(terminal))).status ==
        200);
    const std::string full = browser.get("/tickets/" + number).body;
    {
        std::ofstream("/tmp/ticketpages/view.html") << created.body << "\n\n"
                                                    << full << "\n\n"
                                                    << browser.get("/tickets").body;
    }
    const std::string changes = section(full, "changes-since");
    CHECK(contains(changes, "<li data-change-type=\"peripheral_replaced\">"));
    CHECK(contains(changes, "PP0001"));
    CHECK(contains(changes, "PP0002"));
    CHECK_FALSE(contains(changes, "Unchanged since opening."));

    const HttpResult noDevice = browser.post("/tickets", {{"title", "x"}, {"device_id", "nope"}});
    CHECK(noDevice.status == 404);
    const HttpResult noTitle = browser.post("/tickets", {{"title", ""}});
    CHECK(noTitle.status == 400);
    const HttpResult badCategory = browser.post("/tickets", {{"title", "x"}, {"category", "7x"}});
    CHECK(badCategory.status == 400);
}

TEST_CASE("Web: comment, status, escalation and assignment from the ticket page",
          "[web][tickets]") {
    Desk desk;
    const std::string number = desk.open("Sin red en caja 2").number;
    Browser browser(desk.collector);
    browser.signIn("ana");
    const std::string base = "/tickets/" + number;
    const HttpResult page = browser.get(base);
    for (const char* form : {"comment", "status", "escalate", "assign"}) {
        CHECK(contains(page.body, std::string("<form id=\"") + form + "\" method=\"post\""));
    }

    const HttpResult commented =
        browser.post(base + "/comment", {{"text", "Cambié el cable <b>azul</b>"}, {"public", "1"}});
    CHECK(commented.status == 303);
    CHECK(commented.header("location") == base + "#activity");
    const HttpResult status = browser.post(base + "/status", {{"status", "in_progress"}});
    CHECK(status.status == 303);
    CHECK(browser.post(base + "/escalate", {{"from", "1"}}).status == 303);
    CHECK(browser.post(base + "/escalate", {{"from", "1"}}).status == 303);  // double click
    CHECK(browser.post(base + "/assign", {{"group", "Redes"}, {"technician", "ana"}}).status ==
          303);
    CHECK(browser.post(base + "/status", {{"status", "exploded"}}).status == 400);

    const HttpResult after = browser.get(base);
    const std::string activity = section(after.body, "activity");
    CHECK(contains(activity, "Cambié el cable &lt;b&gt;azul&lt;/b&gt;"));
    CHECK(contains(activity, "visible to the customer"));
    CHECK(contains(after.body, "data-status=\"in_progress\""));
    CHECK(contains(after.body, "data-level=\"2\""));
    const auto ticket = desk.store.find(number);
    CHECK(ticket->status == "in_progress");
    CHECK(ticket->level == 2);
    CHECK(ticket->group == "Redes");
    CHECK(ticket->technician == "ana");

    for (int level = 2; level < 4; ++level) {
        browser.post(base + "/escalate", {{"from", std::to_string(level)}});
    }
    const HttpResult top = browser.get(base);
    CHECK(contains(top.body, "data-level=\"4\""));
    CHECK_FALSE(contains(top.body, "<form id=\"escalate\""));
    CHECK(browser.post(base + "/escalate", {}).status == 409);
    CHECK(browser.post("/tickets/T-1999-000001/comment", {{"text", "x"}}).status == 404);
}

TEST_CASE("Web: read-only users, managers and forms without a token cannot change tickets",
          "[web][tickets]") {
    Desk desk;
    const std::string number = desk.open("Balanza descalibrada").number;
    const std::string base = "/tickets/" + number;
    for (const char* who : {"rita", "mara"}) {
        Browser browser(desk.collector);
        browser.signIn(who);
        const HttpResult page = browser.get(base);
        REQUIRE(page.status == 200);
        CHECK_FALSE(contains(page.body, "<form id=\"comment\""));
        CHECK_FALSE(contains(page.body, "<form id=\"status\""));
        CHECK(browser.post(base + "/comment", {{"text", "hola"}}).status == 403);
        CHECK(browser.post(base + "/status", {{"status", "closed"}}).status == 403);
        CHECK(browser.post("/tickets", {{"title", "nuevo"}}).status == 403);
    }
    Browser tech(desk.collector);
    tech.signIn("ana");
    CHECK(tech.post(base + "/comment", {{"text", "sin token"}}, false).status == 403);
    CHECK(
        tech.post(base + "/comment", {{"text", "otro token"}, {"csrf", "forged"}}, false).status ==
        403);
    Browser stranger(desk.collector);
    CHECK(stranger.post(base + "/comment", {{"text", "anónimo"}}, false).status == 401);
    const auto ticket = desk.store.find(number);
    CHECK(ticket->status == "new");
    for (const tickets::Activity& a : desk.store.activity(ticket->id, false)) {
        CHECK(a.kind != "comment");
    }
}

TEST_CASE("Web: the customer lookup answers the same for an unknown number and a wrong code",
          "[web][tickets]") {
    Desk desk;
    const tickets::CreatedTicket created = desk.open("Lector de códigos roto");
    desk.store.comment(created.number, "ana", "Mañana pasa un técnico", true, nowSeconds());
    desk.store.comment(created.number, "ana", "nota interna: cliente difícil", false, nowSeconds());

    Browser customer(desk.collector);
    const HttpResult form = customer.get("/lookup");
    REQUIRE(form.status == 200);
    CHECK(contains(form.body, "<form id=\"lookup\""));
    REQUIRE_FALSE(customer.csrf().empty());

    const HttpResult found =
        customer.post("/lookup", {{"number", created.number}, {"code", created.accessCode}});
    REQUIRE(found.status == 200);
    const std::string result = section(found.body, "lookup-result");
    CHECK(contains(result, "Lector de códigos roto"));
    CHECK(contains(result, "data-status=\"new\""));
    CHECK(contains(result, "Mañana pasa un técnico"));
    CHECK_FALSE(contains(found.body, "nota interna"));
    CHECK_FALSE(contains(found.body, created.accessCode));

    std::string lower = created.accessCode;
    for (char& c : lower) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    CHECK(customer.post("/lookup", {{"number", " " + created.number + " "}, {"code", lower}})
              .status == 200);

    const std::string wrongCode =
        created.accessCode == "AAAAAAAAAAAA" ? "BBBBBBBBBBBB" : "AAAAAAAAAAAA";
    const HttpResult wrong =
        customer.post("/lookup", {{"number", created.number}, {"code", wrongCode}});
    const HttpResult unknown =
        customer.post("/lookup", {{"number", "T-1999-000001"}, {"code", created.accessCode}});
    CHECK(wrong.status == 404);
    CHECK(unknown.status == 404);
    const std::string refusal = section(wrong.body, "lookup-result");
    CHECK(contains(refusal, "No ticket matches that number and access code."));
    CHECK(refusal == section(unknown.body, "lookup-result"));
    CHECK_FALSE(contains(wrong.body, "Lector de códigos roto"));
    CHECK(customer.post("/lookup", {{"number", created.number}, {"code", ""}}).status == 404);
    CHECK(
        customer.post("/lookup", {{"number", created.number}, {"code", created.accessCode}}, false)
            .status == 403);
}

}  // namespace parque::testing
