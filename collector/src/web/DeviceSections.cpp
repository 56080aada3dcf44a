// The parts of a device's page that read more than its current inventory: peripherals with their
// kinds, the history timeline and the device's tickets.
#include "../Queries.h"
#include "DeviceView.h"
#include "Html.h"

#include <Poco/Data/Session.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>

using namespace Poco::Data::Keywords;

namespace parque::collector::web {
namespace {

int kindRank(const std::string& kind) {
    static const char* const order[] = {"pin-pad", "receipt-printer", "barcode-scanner"};
    for (int i = 0; i < 3; ++i) {
        if (kind == order[i]) {
            return i;
        }
    }
    return kind == "monitor" ? 3 : 4;
}

struct Peripheral {
    std::string kind, name, manufacturer, serial, ids;
};

Peripheral peripheralFrom(const std::string& section, const std::string& kind,
                          const std::string& body) {
    Poco::JSON::Parser parser;
    const auto item = parser.parse(body).extract<Poco::JSON::Object::Ptr>();
    Peripheral p;
    p.kind = section == "monitors" ? "monitor" : (kind.empty() ? "other" : kind);
    p.name = jsonText(*item, "name");
    if (p.name.empty()) {
        p.name = jsonText(*item, "caption");
    }
    p.manufacturer = jsonText(*item, "manufacturer");
    p.serial = jsonText(*item, "serial");
    if (section == "usbdevices") {
        p.ids = jsonText(*item, "vendorid") + ":" + jsonText(*item, "productid");
    }
    return p;
}

}  // namespace

std::string jsonText(const Poco::JSON::Object& object, const std::string& key) {
    if (!object.has(key) || object.isNull(key)) {
        return "";
    }
    return object.get(key).toString();
}

std::string peripheralTable(const WebContext& context, const std::string& deviceId) {
    Database& database = context.state.services.database;
    Poco::Data::Session session = database.session();
    std::string id = deviceId;
    std::vector<std::string> sections, bodies;
    std::vector<Poco::Nullable<std::string>> kinds;
    session << database.sql(
        "SELECT section, kind, body FROM components WHERE device_id = ? AND closed_at IS NULL"
        " AND section IN ('usbdevices', 'monitors') ORDER BY id"),
        use(id), into(sections), into(kinds), into(bodies), now;
    std::vector<Peripheral> peripherals;
    for (std::size_t i = 0; i < sections.size(); ++i) {
        const std::string kind = kinds[i].isNull() ? "" : kinds[i].value();
        if (kind == "hub") {
            continue;  // root and internal hubs say nothing to a technician
        }
        peripherals.push_back(peripheralFrom(sections[i], kind, bodies[i]));
    }
    std::stable_sort(peripherals.begin(), peripherals.end(),
                     [](const Peripheral& a, const Peripheral& b) {
                         return kindRank(a.kind) < kindRank(b.kind);
                     });
    Table table{"peripheral-list",
                {context.raw("device.kind"), context.raw("device.name"),
                 context.raw("device.manufacturer"), context.raw("device.serial"), "USB ID"},
                {},
                {}};
    for (const Peripheral& p : peripherals) {
        table.rows.push_back(
            {escape(context.raw("kind." + p.kind)), escape(p.name), escape(p.manufacturer),
             "<span class=\"serial\">" + escape(p.serial) + "</span>", escape(p.ids)});
        table.rowAttributes.push_back("data-kind=\"" + escape(p.kind) + "\"");
    }
    return tableHtml(table, context.raw("device.no_peripherals"));
}

std::string historyList(const WebContext& context, const std::string& deviceId, int limit) {
    const Page events = searchEvents(context.state.services.database,
                                     {{"device", deviceId}, {"limit", std::to_string(limit)}});
    if (events.items->size() == 0) {
        return "<p class=\"empty\">" + context.tr("device.no_history") + "</p>";
    }
    std::string out = "<ol class=\"history\">";
    for (std::size_t i = 0; i < events.items->size(); ++i) {
        const auto e = events.items->getObject(static_cast<unsigned>(i));
        std::string change = jsonText(*e, "section") + " · " + jsonText(*e, "component");
        if (!jsonText(*e, "field").empty()) {
            change += " · " + jsonText(*e, "field") + ": " + jsonText(*e, "old") + " → " +
                      jsonText(*e, "new");
        }
        out += "<li data-event-type=\"" + escape(jsonText(*e, "type")) + "\"><time>" +
               escape(context.localTime(jsonText(*e, "time"))) + "</time> <strong>" +
               context.tr("event." + jsonText(*e, "type")) + "</strong> " + escape(change) +
               "</li>";
    }
    return out + "</ol>";
}

std::string deviceTickets(const WebContext& context, const std::string& deviceId, bool openOnly) {
    const tickets::TicketPage page =
        context.state.tickets.list({{"device", deviceId}, {"limit", "50"}}, context.now());
    Table table{"device-tickets",
                {context.raw("ticket.number"), context.raw("ticket.title"),
                 context.raw("ticket.status"), context.raw("ticket.created")},
                {},
                {}};
    for (const tickets::Ticket& t : page.items) {
        if (openOnly && (t.status == "resolved" || t.status == "closed")) {
            continue;
        }
        table.rows.push_back({link("/tickets/" + urlEncode(t.number), t.number), escape(t.title),
                              context.tr("status." + t.status),
                              escape(context.localTime(t.createdAt))});
        table.rowAttributes.push_back("data-ticket-number=\"" + escape(t.number) + "\"");
    }
    return tableHtml(table, context.raw("device.no_tickets"));
}

}  // namespace parque::collector::web
