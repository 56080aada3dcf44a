// The managers' audit dashboard: the SVG charts and CSV exports on their own, the figures'
// queries on a real SQLite file, and the pages through a real server: sign-in, roles, a replaced
// PIN pad in the payment-device list and in the weekly replacements, the CSV downloads.
#include "TestCollector.h"
#include "web/AuditQueries.h"
#include "web/Csv.h"
#include "web/Html.h"
#include "web/Svg.h"
#include "web/Users.h"

#include "parque/collector/tickets/TicketStore.h"

#include <Poco/AutoPtr.h>
#include <Poco/DOM/DOMParser.h>
#include <Poco/DOM/Document.h>
#include <Poco/DOM/Element.h>
#include <Poco/Data/Session.h>

#include <catch2/catch.hpp>

#include <cstdlib>

using namespace Poco::Data::Keywords;

namespace parque::testing {
namespace {

namespace web = collector::web;
namespace tk = collector::tickets;

const std::string kPassword = "correct horse battery";

// The root element's name; throws when `svg` is not well-formed XML.
std::string rootElement(const std::string& svg) {
    Poco::XML::DOMParser parser;
    Poco::AutoPtr<Poco::XML::Document> document = parser.parseString(svg);
    return document->documentElement()->nodeName();
}

// The numbers of `attribute` on each <rect class="kind"> in order.
std::vector<long> rectAttribute(const std::string& svg, const std::string& kind,
                                const std::string& attribute) {
    const std::string open = "<rect class=\"" + kind + "\"";
    const std::string name = " " + attribute + "=\"";
    std::vector<long> out;
    for (auto at = svg.find(open); at != std::string::npos; at = svg.find(open, at + 1)) {
        const std::string tag = svg.substr(at, svg.find('>', at) - at);
        const auto value = tag.find(name);
        REQUIRE(value != std::string::npos);
        out.push_back(std::stol(tag.substr(value + name.size())));
    }
    return out;
}

// The text after `before` up to the next `end` in `text` ("" when `before` is not there).
std::string after(const std::string& text, const std::string& before, char end) {
    const auto at = text.find(before);
    if (at == std::string::npos) {
        return "";
    }
    const auto from = at + before.size();
    return text.substr(from, text.find(end, from) - from);
}

std::size_t occurrences(const std::string& text, const std::string& part) {
    std::size_t count = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
        ++count;
    }
    return count;
}

// The markup of <section id="name"> up to its end ("" when there is none).
std::string section(const std::string& page, const std::string& name) {
    const auto start = page.find("<section id=\"" + name + "\"");
    if (start == std::string::npos) {
        return "";
    }
    return page.substr(start, page.find("</section>", start) - start);
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t at = 0;
    while (at < text.size()) {
        const auto end = text.find("\r\n", at);
        out.push_back(text.substr(at, end - at));
        at = end == std::string::npos ? text.size() : end + 2;
    }
    return out;
}

struct TempDir {
    std::filesystem::path path;
    TempDir() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "parque-dashboard-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) {
            throw std::runtime_error("mkdtemp failed");
        }
        path = pattern;
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
};

collector::DatabaseConfig sqliteAt(const std::filesystem::path& file) {
    collector::DatabaseConfig config;
    config.connection = file.string();
    return config;
}

// A browser of one person: keeps the cookies the site sets and sends forms.
struct Browser {
    TestCollector& collector;
    std::map<std::string, std::string> cookies;

    HttpResult send(const std::string& method, const std::string& path,
                    const std::string& form = "") {
        RequestSpec spec;
        spec.method = method;
        spec.path = path;
        spec.body = form;
        spec.contentType = "application/x-www-form-urlencoded";
        std::string header;
        for (const auto& [name, value] : cookies) {
            header += (header.empty() ? "" : "; ") + name + "=" + value;
        }
        if (!header.empty()) {
            spec.headers["Cookie"] = header;
        }
        HttpResult result = collector.request(spec);
        keep(result.header("Set-Cookie"));
        return result;
    }

    void keep(const std::string& setCookie) {
        const auto equals = setCookie.find('=');
        if (equals == std::string::npos) {
            return;
        }
        const std::string value = setCookie.substr(equals + 1, setCookie.find(';') - equals - 1);
        if (value.empty()) {
            cookies.erase(setCookie.substr(0, equals));
        } else {
            cookies[setCookie.substr(0, equals)] = value;
        }
    }

    void signIn(const std::string& username) {
        const HttpResult form = send("GET", "/signin");
        REQUIRE(form.status == 200);
        const std::string csrf = after(form.body, "name=\"csrf\" value=\"", '"');
        REQUIRE(!csrf.empty());
        const HttpResult answer =
            send("POST", "/signin",
                 "csrf=" + web::urlEncode(csrf) + "&username=" + web::urlEncode(username) +
                     "&password=" + web::urlEncode(kPassword));
        REQUIRE(answer.status == 303);
        REQUIRE(cookies.count("parque_session") == 1);
    }
};

// caja07 gets its PIN pad swapped (PP0001 → PP0999); caja08 has no PIN pad and a model named
// like a formula with markup.
std::string seedDevices(TestCollector& collector) {
    const DeviceClient first = collector.enrol("caja07");
    Terminal terminal;
    terminal.name = "caja07";
    REQUIRE(collector.post(first, inventoryMessage("caja07", terminalContent(terminal))).status ==
            200);
    terminal.pinPadSerial = "PP0999";
    REQUIRE(collector.post(first, inventoryMessage("caja07", terminalContent(terminal))).status ==
            200);
    const DeviceClient second = collector.enrol("caja08");
    Terminal other;
    other.name = "caja08";
    other.serial = "7XR2K90";
    other.mac = "00:e0:4c:68:12:3b";
    other.pinPadSerial = "";
    std::string content = terminalContent(other);
    const std::string model = R"("smodel":"OptiPlex 3000")";
    content.replace(content.find(model), model.size(), R"("smodel":"=1+2<script>x</script>")");
    REQUIRE(collector.post(second, inventoryMessage("caja08", content)).status == 200);
    return first.deviceId;
}

}  // namespace

TEST_CASE("Web: SVG charts escape their labels", "[web][dashboard]") {
    web::Chart chart{"<Models> & \"co\"", {{"<script>alert(1)</script>", 3, ""}}, "none"};
    for (const std::string& svg : {web::barChart(chart), web::columnChart(chart)}) {
        CHECK(rootElement(svg) == "svg");
        CHECK(svg.find("<script>") == std::string::npos);
        CHECK(svg.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
        CHECK(svg.find("<title>&lt;Models&gt; &amp; &quot;co&quot;</title>") != std::string::npos);
    }
}

TEST_CASE("Web: bar lengths are proportional to the values", "[web][dashboard]") {
    web::Chart chart{"t", {{"a", 10, ""}, {"b", 5, ""}, {"c", 0, ""}, {"d", 2, ""}}, ""};
    const std::string bars = web::barChart(chart);
    CHECK(rectAttribute(bars, "bar", "width") == std::vector<long>{340, 170, 0, 68});
    const std::string columns = web::columnChart(chart);
    CHECK(rectAttribute(columns, "column", "height") == std::vector<long>{160, 80, 0, 32});
    CHECK(rootElement(columns) == "svg");
}

TEST_CASE("Web: charts without data are still valid SVG", "[web][dashboard]") {
    const std::string empty = web::barChart({"Nothing", {}, "No data to draw."});
    CHECK(rootElement(empty) == "svg");
    CHECK(empty.find("No data to draw.") != std::string::npos);
    web::Chart weeks{"Replacements", {}, ""};
    for (int week = 0; week < 12; ++week) {
        weeks.items.push_back({"w" + std::to_string(week), 0, ""});
    }
    const std::string columns = web::columnChart(weeks);
    CHECK(rootElement(columns) == "svg");
    CHECK(rectAttribute(columns, "column", "height") == std::vector<long>(12, 0));
    CHECK(occurrences(columns, "<text") == 12 * 2 + 1);  // value and label per week, the 0 mark
}

TEST_CASE("Web: long chart labels are cut between characters", "[web][dashboard]") {
    std::string label;
    for (int i = 0; i < 40; ++i) {
        label += "\xC3\xB1";  // ñ
    }
    const std::string svg = web::barChart({"t", {{label, 1, ""}}, ""});
    std::string shown;
    for (int i = 0; i < 34; ++i) {
        shown += "\xC3\xB1";
    }
    CHECK(svg.find(">" + shown + "\xE2\x80\xA6</text>") != std::string::npos);
    CHECK(svg.find("<title>" + label + ": 1</title>") != std::string::npos);
    CHECK(rootElement(svg) == "svg");
}

TEST_CASE("Web: CSV quotes per RFC 4180 and keeps UTF-8", "[web][dashboard]") {
    CHECK(web::csvRow({"a", "b,c", "say \"hi\"", "two\nlines", ""}) ==
          "a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\",\r\n");
    CHECK(web::csvRow({"Categoría", "caf\xC3\xA9"}) == "Categoría,café\r\n");
    CHECK(web::csvRow({"bad\xFF"}) == "bad\xEF\xBF\xBD\r\n");
    CHECK(web::csvDocument({"Kind", "Serial"}, {{"PIN pad", "PP1"}, {"Printer", "P,2"}}) ==
          "\xEF\xBB\xBFKind,Serial\r\nPIN pad,PP1\r\nPrinter,\"P,2\"\r\n");
}

TEST_CASE("Web: CSV cells that look like formulas stay text", "[web][dashboard]") {
    CHECK(web::csvRow({"=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)"}) ==
          "\"'=HYPERLINK(\"\"http://x\"\")\",'+1,'-2,'@SUM(A1)\r\n");
    CHECK(web::csvRow({"\tcmd", "\rcmd", "a=b", "1-2"}) == "'\tcmd,\"'\rcmd\",a=b,1-2\r\n");
}

TEST_CASE("Web: memory and silence buckets have exact edges", "[web][dashboard]") {
    using web::MemoryBucket;
    CHECK(web::memoryBucket(938) == MemoryBucket::UpTo4);
    CHECK(web::memoryBucket(4096) == MemoryBucket::UpTo4);
    CHECK(web::memoryBucket(4097) == MemoryBucket::UpTo8);
    CHECK(web::memoryBucket(7843) == MemoryBucket::UpTo8);
    CHECK(web::memoryBucket(16384) == MemoryBucket::UpTo16);
    CHECK(web::memoryBucket(32768) == MemoryBucket::UpTo32);
    CHECK(web::memoryBucket(32769) == MemoryBucket::Over32);
    CHECK(web::memoryBucket(std::nullopt) == MemoryBucket::Unknown);
    CHECK(web::memoryBucket(0) == MemoryBucket::Unknown);
    using web::SilenceBucket;
    const std::int64_t when = 1795000000;
    const std::int64_t day = 86400;
    CHECK(web::silenceBucket(std::nullopt, when) == SilenceBucket::Never);
    CHECK(web::silenceBucket(when + 60, when) == SilenceBucket::UnderDay);  // a clock ahead
    CHECK(web::silenceBucket(when - day + 1, when) == SilenceBucket::UnderDay);
    CHECK(web::silenceBucket(when - day, when) == SilenceBucket::UpToWeek);
    CHECK(web::silenceBucket(when - 7 * day, when) == SilenceBucket::UpToMonth);
    CHECK(web::silenceBucket(when - 30 * day + 1, when) == SilenceBucket::UpToMonth);
    CHECK(web::silenceBucket(when - 30 * day, when) == SilenceBucket::OverMonth);
}

TEST_CASE("Web: replacements are counted per local week", "[web][dashboard]") {
    TempDir dir;
    collector::Database database(sqliteAt(dir.path / "collector.db"));
    database.write([&](Poco::Data::Session& session) {
        for (const std::string time : {"2026-11-16T00:30:00Z", "2026-11-10T10:00:00Z",
                                       "2026-08-01T10:00:00Z", "2026-12-01T10:00:00Z"}) {
            session << database.sql(
                "INSERT INTO events (device_id, time, type, section, component)"
                " VALUES ('d1', ?, 'peripheral_replaced', 'usbdevices', 'k')"),
                bind(time), now;
        }
        session << database.sql(
            "INSERT INTO events (device_id, time, type, section, component)"
            " VALUES ('d1', '2026-11-17T10:00:00Z', 'added', 'usbdevices', 'k')"),
            now;
    });
    const std::int64_t wednesday = tk::parseUtc("2026-11-18T12:00:00Z");
    const auto utc = web::replacementsPerWeek(database, tk::TimeZone::utc(), wednesday, 12);
    REQUIRE(utc.size() == 12);
    CHECK(utc.front().weekStart == "2026-08-31");
    CHECK(utc.back().weekStart == "2026-11-16");
    CHECK(utc[11].replacements == 1);
    CHECK(utc[10].replacements == 1);
    std::int64_t total = 0;
    for (const auto& week : utc) {
        total += week.replacements;
    }
    CHECK(total == 2);  // August is too old, December is after now, "added" is no replacement
    const auto zone = tk::TimeZone::load("America/Argentina/Buenos_Aires",
                                         std::string(PARQUE_FIXTURES_DIR) + "/zoneinfo");
    const auto local = web::replacementsPerWeek(database, zone, wednesday, 12);
    CHECK(local[11].replacements == 0);  // Sunday 21:30 in Buenos Aires: the week before
    CHECK(local[10].replacements == 2);
}

TEST_CASE("Web: SLA compliance counts met and breached resolution targets",
          "[web][dashboard][sla]") {
    TempDir dir;
    collector::Database database(sqliteAt(dir.path / "collector.db"));
    tk::TicketStore store(database, tk::TimeZone::utc());
    const std::int64_t t0 = 1795000000;
    const std::int64_t minute = 60;
    tk::Category urgent;
    urgent.name = "Caja caída";
    urgent.targets.resolutionMinutes = 60;
    const auto urgentId = store.addCategory(urgent, t0).id;
    tk::Category question;
    question.name = "Consulta";
    const auto questionId = store.addCategory(question, t0).id;
    const auto open = [&](std::optional<std::int64_t> category, int level, std::int64_t at) {
        tk::NewTicket ticket;
        ticket.title = "La caja no imprime";
        ticket.categoryId = category;
        ticket.level = level;
        return store.create(ticket, "ana", at).number;
    };
    const auto resolve = [&](const std::string& number, std::int64_t at) {
        tk::TicketChange change;
        change.status = "resolved";
        store.update(number, change, "ana", at);
    };
    resolve(open(urgentId, 1, t0), t0 + 30 * minute);  // met
    resolve(open(urgentId, 2, t0), t0 + 90 * minute);  // breached, resolved late
    open(urgentId, 1, t0);                             // breached, still open
    open(urgentId, 1, t0 + 110 * minute);              // open within its target
    open(questionId, 1, t0);                           // no target set
    open(std::nullopt, 1, t0);                         // no category

    const web::SlaCompliance sla = web::slaCompliance(store, t0 + 120 * minute);
    REQUIRE(sla.byCategory.size() == 3);
    CHECK(sla.byCategory[0].group == "Caja caída");
    CHECK(sla.byCategory[0].met == 1);
    CHECK(sla.byCategory[0].breached == 2);
    CHECK(sla.byCategory[0].open == 1);
    CHECK(sla.byCategory[0].compliance().value() == Approx(100.0 / 3));
    CHECK(sla.byCategory[1].group == "Consulta");
    CHECK(sla.byCategory[1].noTarget == 1);
    CHECK_FALSE(sla.byCategory[1].compliance().has_value());
    CHECK(sla.byCategory[2].group.empty());
    CHECK(sla.byCategory[2].noTarget == 1);
    REQUIRE(sla.byLevel.size() == 4);
    CHECK(sla.byLevel[0].group == "1");
    CHECK(sla.byLevel[0].met == 1);
    CHECK(sla.byLevel[0].breached == 1);
    CHECK(sla.byLevel[0].open == 1);
    CHECK(sla.byLevel[0].noTarget == 2);
    CHECK(sla.byLevel[1].breached == 1);
    CHECK(sla.byLevel[3].group == "4");
}

TEST_CASE("Web: the dashboard lists payment devices and counts the replacement",
          "[web][dashboard]") {
    TestCollector collector;
    web::UserStore users(collector.service().database());
    users.add("marta", kPassword, web::Role::Manager, "en");
    const std::string deviceId = seedDevices(collector);
    Browser browser{collector, {}};
    browser.signIn("marta");

    const HttpResult page = browser.send("GET", "/dashboard");
    REQUIRE(page.status == 200);
    const std::string payment = section(page.body, "payment-devices");
    REQUIRE(payment.find("<table id=\"payment-devices\">") != std::string::npos);
    CHECK(payment.find("<td>PP0999</td>") != std::string::npos);
    CHECK(payment.find("PP0001") == std::string::npos);  // the old PIN pad is gone
    CHECK(payment.find("<td>PIN pad</td>") != std::string::npos);
    CHECK(payment.find("<a href=\"/devices/" + deviceId + "\">caja07</a>") != std::string::npos);
    CHECK(occurrences(payment, "<tr>") == 4);  // header; caja07's printer and PIN pad; caja08's
    const std::string replacements = section(page.body, "replacements");
    CHECK(replacements.find("<svg") != std::string::npos);
    CHECK(occurrences(replacements, "<td>1</td>") == 1);
    for (const char* name : {"by-model", "by-os", "by-cpu", "by-ram", "silent", "sla"}) {
        const std::string markup = section(page.body, name);
        CHECK(markup.find("href=\"/dashboard/" + std::string(name) + ".csv\"") !=
              std::string::npos);
        CHECK(markup.find("<table") != std::string::npos);
    }
    CHECK(section(page.body, "by-cpu").find("Celeron") != std::string::npos);
    CHECK(section(page.body, "by-ram").find("<td>Up to 4 GiB</td><td>2</td>") != std::string::npos);
    CHECK(section(page.body, "silent").find("<td>Less than a day</td><td>2</td>") !=
          std::string::npos);
    CHECK(page.body.find("<script>") == std::string::npos);
    CHECK(section(page.body, "by-model").find("=1+2&lt;script&gt;x&lt;/script&gt;") !=
          std::string::npos);
}

TEST_CASE("Web: dashboard tables download as CSV in the user's language", "[web][dashboard]") {
    TestCollector collector;
    web::UserStore users(collector.service().database());
    users.add("marta", kPassword, web::Role::Manager, "en");
    users.add("lucia", kPassword, web::Role::Manager, "es-AR");
    seedDevices(collector);
    Browser browser{collector, {}};
    browser.signIn("marta");

    const HttpResult payment = browser.send("GET", "/dashboard/payment-devices.csv");
    REQUIRE(payment.status == 200);
    CHECK(payment.contentType == "text/csv; charset=utf-8");
    CHECK(payment.header("Content-Disposition").find("parque-payment-devices-") !=
          std::string::npos);
    const auto rows = lines(payment.body);
    REQUIRE(rows.size() == 4);
    CHECK(rows[0] ==
          "\xEF\xBB\xBFKind,Manufacturer,Model,Serial number,USB ID,Device,Site,Connected since");
    CHECK(payment.body.find("PIN pad,,iPP320,PP0999,0b00:0053,caja07,") != std::string::npos);

    const auto weeks = lines(browser.send("GET", "/dashboard/replacements.csv").body);
    REQUIRE(weeks.size() == 13);
    CHECK(weeks.back().substr(weeks.back().size() - 2) == ",1");
    const std::string models = browser.send("GET", "/dashboard/by-model.csv").body;
    CHECK(models.find("Dell Inc.,'=1+2<script>x</script>,1\r\n") != std::string::npos);
    CHECK(browser.send("GET", "/dashboard/nothing.csv").status == 404);
    CHECK(browser.send("GET", "/dashboard/by-model").status == 404);

    Browser spanish{collector, {}};
    spanish.signIn("lucia");
    const std::string sla = spanish.send("GET", "/dashboard/sla.csv").body;
    CHECK(sla.rfind("\xEF\xBB\xBF"
                    "Agrupado por,Grupo,Resueltos a tiempo",
                    0) == 0);
}

TEST_CASE("Web: the dashboard is for managers and admins only", "[web][dashboard]") {
    TestCollector collector;
    web::UserStore users(collector.service().database());
    users.add("tomas", kPassword, web::Role::Technician, "en");
    users.add("rita", kPassword, web::Role::ReadOnly, "en");
    users.add("root", kPassword, web::Role::Admin, "en");

    Browser nobody{collector, {}};
    const HttpResult away = nobody.send("GET", "/dashboard");
    CHECK(away.status == 303);
    CHECK(away.header("Location").rfind("/signin?next=", 0) == 0);
    for (const char* name : {"tomas", "rita"}) {
        Browser browser{collector, {}};
        browser.signIn(name);
        CHECK(browser.send("GET", "/dashboard").status == 403);
        CHECK(browser.send("GET", "/dashboard/payment-devices.csv").status == 403);
    }
    Browser admin{collector, {}};
    admin.signIn("root");
    const HttpResult page = admin.send("GET", "/dashboard");
    CHECK(page.status == 200);
    CHECK(section(page.body, "payment-devices").find("No payment devices connected.") !=
          std::string::npos);
    CHECK(section(page.body, "replacements").find("<svg") != std::string::npos);
}

}  // namespace parque::testing
