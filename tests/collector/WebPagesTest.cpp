// The web interface's own pages over real TLS, driven like a browser: sign-in (languages, wrong
// passwords, lock-out, safe redirects), the device list (search by a PIN pad serial, sorting,
// CSV), the device page (peripherals first, escaped inventory text, role-dependent forms), the
// visit sheet, the admins' page and its refusals, sign-out, and the catalogue's run-time keys.
#include "WebBrowser.h"

#include "parque/collector/Router.h"
#include "parque/inventory/PeripheralKind.h"
#include "web/Messages.h"
#include "web/Users.h"

#include <Poco/JSON/Parser.h>

#include <catch2/catch.hpp>

#include <sstream>

namespace parque::testing {
namespace {

// A terminal's inventory with one more package, named by `softwareName`.
std::string withSoftware(const Terminal& terminal, const std::string& softwareName) {
    Poco::JSON::Parser parser;
    auto content = parser.parse(terminalContent(terminal)).extract<Poco::JSON::Object::Ptr>();
    Poco::JSON::Object::Ptr package = new Poco::JSON::Object;
    package->set("name", softwareName);
    package->set("version", "1.0");
    content->getArray("softwares")->add(package);
    std::ostringstream out;
    content->stringify(out);
    return out.str();
}

struct Shop {
    TestCollector collector;
    DeviceClient terminal = collector.enrol("caja03");
    Shop() {
        Terminal t;
        t.pinPadSerial = "PP7781";
        REQUIRE(collector
                    .post(terminal,
                          inventoryMessage("caja03", withSoftware(t, "<script>alert(1)</script>")))
                    .status == 200);
        addWebUser(collector, "tech", "technician");
        addWebUser(collector, "viewer", "read-only");
        addWebUser(collector, "root", "admin");
    }
};

}  // namespace

TEST_CASE("Web: the sign-in page speaks es-AR by default and English on request", "[web]") {
    TestCollector collector;
    Browser spanish(collector, "");
    const HttpResult es = spanish.get("/signin");
    CHECK(es.status == 200);
    CHECK(contains(es.body, "<html lang=\"es-AR\""));
    CHECK(contains(es.body, "Iniciar sesión"));
    CHECK(contains(es.header("content-security-policy"), "default-src 'none'"));
    CHECK(contains(es.header("set-cookie"), "parque_csrf="));
    CHECK(contains(es.header("set-cookie"), "HttpOnly; SameSite=Strict"));
    Browser english(collector);
    CHECK(contains(english.get("/signin").body, ">Sign in<"));
    const HttpResult switched = english.get("/language?set=es-AR&back=/signin");
    CHECK(switched.status == 303);
    CHECK(switched.header("location") == "/signin");
    CHECK(contains(english.get("/signin").body, "Iniciar sesión"));
}

TEST_CASE("Web: pages need a session; sign-in only redirects within the site", "[web]") {
    TestCollector collector;
    addWebUser(collector, "tech", "technician");
    Browser browser(collector);
    const HttpResult away = browser.get("/devices?q=caja");
    CHECK(away.status == 303);
    CHECK(away.header("location") == "/signin?next=%2Fdevices%3Fq%3Dcaja");
    browser.get("/signin");
    const HttpResult in = browser.post(
        "/signin",
        {{"username", "tech"}, {"password", kWebPassword}, {"next", "//evil.example/x"}});
    CHECK(in.status == 303);
    CHECK(in.header("location") == "/devices");
    CHECK(contains(in.header("set-cookie"), "parque_session="));
    CHECK(contains(in.header("set-cookie"), "Secure; HttpOnly; SameSite=Strict"));
    CHECK(browser.get("/devices").status == 200);
    CHECK(browser.post("/signout", {}).status == 303);
    CHECK(browser.get("/devices").status == 303);
}

TEST_CASE("Web: wrong passwords are refused and then lock the account with its wait", "[web]") {
    TestCollector collector;
    addWebUser(collector, "tech", "technician");
    Browser browser(collector);
    browser.get("/signin");
    for (int attempt = 0; attempt < 5; ++attempt) {
        const HttpResult refused =
            browser.post("/signin", {{"username", "tech"}, {"password", "wrong password!"}});
        CHECK(refused.status == 401);
        CHECK(contains(refused.body, "Wrong user or password."));
    }
    const HttpResult locked =
        browser.post("/signin", {{"username", "tech"}, {"password", kWebPassword}});
    CHECK(locked.status == 429);
    const std::string wait = between(locked.body, "try again in ", " seconds");
    REQUIRE_FALSE(wait.empty());
    CHECK(std::stoi(wait) > 0);
    CHECK(std::stoi(wait) <= 30);  // the first lock, counted from the fifth failure
    CHECK(browser.cookies().count("parque_session") == 0);
}

TEST_CASE("Web: a device is found by its PIN pad serial and listed with sorting and CSV", "[web]") {
    Shop shop;
    Browser tech(shop.collector);
    tech.signIn("tech");
    const HttpResult found = tech.get("/devices?q=PP7781");
    REQUIRE(found.status == 200);
    CHECK(contains(found.body, "data-device-id=\"" + shop.terminal.deviceId + "\""));
    CHECK(contains(found.body, "class=\"device-link\">caja03</a>"));
    CHECK(contains(found.body, "href=\"/devices.csv?q=PP7781\""));
    CHECK(contains(tech.get("/devices?q=PP9999").body, "No device matches."));
    CHECK(contains(tech.get("/devices?sort=-name").body, "sort=name"));
    CHECK(tech.get("/devices?sort=password").status == 400);
    const HttpResult csv = tech.get("/devices.csv?q=PP7781");
    CHECK(csv.status == 200);
    CHECK(contains(csv.contentType, "text/csv"));
    CHECK(csv.body.rfind("\xEF\xBB\xBFid,Name,Site,Manufacturer,Model,Serial,Operating system",
                         0) == 0);  // with the UTF-8 byte order mark spreadsheets need
    CHECK(contains(csv.body, shop.terminal.deviceId + ",caja03,"));
}

TEST_CASE("Web: the device page lists peripherals first and shows inventory text as text",
          "[web]") {
    Shop shop;
    Browser tech(shop.collector);
    tech.signIn("tech");
    const HttpResult page = tech.get("/devices/" + shop.terminal.deviceId);
    REQUIRE(page.status == 200);
    const std::string peripherals = section(page.body, "peripherals");
    CHECK(contains(peripherals, "data-kind=\"pin-pad\""));
    CHECK(contains(peripherals, "PP7781"));
    CHECK(page.body.find("<script>alert(1)</script>") == std::string::npos);
    CHECK(contains(section(page.body, "software"), "&lt;script&gt;alert(1)&lt;/script&gt;"));
    CHECK(contains(page.body, "form id=\"open-ticket\""));
    CHECK(contains(section(page.body, "software"), "3 packages"));
    CHECK(contains(tech.get("/devices/" + shop.terminal.deviceId + "?software_q=caja").body,
                   "1 packages"));
    CHECK(tech.get("/devices/no-such-device").status == 404);
    const HttpResult sheet = tech.get("/devices/" + shop.terminal.deviceId + "/visit");
    CHECK(sheet.status == 200);
    CHECK(contains(section(sheet.body, "peripherals"), "PP7781"));
    CHECK(contains(sheet.body, "section id=\"open-tickets\""));

    Browser viewer(shop.collector);
    viewer.signIn("viewer", kWebPassword, "/devices");
    CHECK_FALSE(contains(viewer.get("/devices/" + shop.terminal.deviceId).body, "open-ticket"));
}

TEST_CASE("Web: only admins reach the users page, and every form needs its CSRF token", "[web]") {
    Shop shop;
    Browser tech(shop.collector);
    tech.signIn("tech");
    CHECK(tech.get("/admin/users").status == 403);
    CHECK(tech.post("/admin/users", {{"username", "x"}}).status == 403);
    Browser admin(shop.collector);
    admin.signIn("root", kWebPassword, "/admin/users");
    const Fields newUser = {{"username", "ana"},
                            {"role", "manager"},
                            {"language", "es-AR"},
                            {"password", "una clave larga de verdad"}};
    CHECK(admin.post("/admin/users", newUser, false).status == 403);
    CHECK(admin.post("/admin/users", newUser, true).status == 303);
    CHECK(contains(admin.get("/admin/users").body, "<td>ana</td>"));
    CHECK(admin.post("/admin/users", newUser, true).status == 400);  // a duplicate
    CHECK(admin.post("/signout", {{"csrf", "forged"}}, false).status == 403);
    Browser ana(shop.collector);
    ana.signIn("ana", "una clave larga de verdad", "/dashboard");
}

TEST_CASE("Web: form and query values decode '+' as a space and %2B as a plus", "[web]") {
    auto values = collector::parseQuery("site=Sucursal+Centro&x=a%2Bb&t%2B1=%3Cs%3E&empty");
    CHECK(values["site"] == "Sucursal Centro");
    CHECK(values["x"] == "a+b");
    CHECK(values["t+1"] == "<s>");
    CHECK(values.count("empty") == 1);
}

TEST_CASE("Web: every run-time message key exists in both languages", "[web]") {
    const auto& messages = collector::web::Messages::catalogue();
    std::vector<std::string> keys;
    for (const auto role : {collector::web::Role::Admin, collector::web::Role::Technician,
                            collector::web::Role::Manager, collector::web::Role::ReadOnly}) {
        keys.push_back("role." + collector::web::roleName(role));
    }
    using inventory::PeripheralKind;
    for (const auto kind :
         {PeripheralKind::PinPad, PeripheralKind::ReceiptPrinter, PeripheralKind::BarcodeScanner,
          PeripheralKind::Hid, PeripheralKind::MassStorage, PeripheralKind::Hub,
          PeripheralKind::Other}) {
        keys.push_back(std::string("kind.") + inventory::toString(kind));
    }
    for (const char* status : {"new", "assigned", "in_progress", "pending", "resolved", "closed"}) {
        keys.push_back(std::string("status.") + status);
    }
    for (const char* type : {"added", "removed", "modified", "peripheral_replaced"}) {
        keys.push_back(std::string("event.") + type);
    }
    for (const std::string& key : keys) {
        INFO(key);
        CHECK_FALSE(messages.text(key, "en").empty());
        CHECK(messages.text(key, "es-AR") != "");
    }
    CHECK(messages.format("signin.locked", "es-AR", {{"seconds", "60"}}) ==
          "Demasiados intentos fallidos: probá de nuevo en 60 segundos.");
    CHECK_THROWS_AS(messages.text("no.such.key", "en"), std::out_of_range);
    CHECK_THROWS_WITH(collector::web::Messages::parse(R"({"a.b": {"en": "x"}})"),
                      Catch::Contains("'a.b' has no 'es-AR'"));
}

}  // namespace parque::testing
