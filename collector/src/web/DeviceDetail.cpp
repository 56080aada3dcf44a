// GET /devices/{id} and its printable visit sheet.
#include "../Queries.h"
#include "DeviceView.h"
#include "Html.h"

#include <Poco/JSON/Array.h>

#include <algorithm>

namespace parque::collector::web {
namespace {

const std::size_t kSoftwareShown = 300;

struct Loaded {
    Poco::JSON::Object::Ptr device;
    Poco::JSON::Object::Ptr inventory;
};

Loaded load(const WebContext& context) {
    const std::string id = context.request.param("id");
    const auto detail = deviceDetail(context.state.services.database, id);
    if (!detail) {
        throw WebError(404, "device.not_found");
    }
    return {(*detail)->getObject("device"), (*detail)->getObject("inventory")};
}

std::string title(const Poco::JSON::Object& device) {
    const std::string name = jsonText(device, "name");
    return name.empty() ? jsonText(device, "id") : name;
}

std::string facts(const WebContext& context, const Poco::JSON::Object& device) {
    static const std::pair<const char*, const char*> rows[] = {
        {"manufacturer", "device.manufacturer"},
        {"model", "device.model"},
        {"serial", "device.serial"},
        {"site", "device.site"},
        {"os", "device.os"},
        {"status", "device.status"},
        {"last_contact", "device.last_contact"},
        {"last_full_inventory", "device.last_full_inventory"},
        {"id", "device.id"}};
    std::string out = "<dl class=\"facts\">";
    for (const auto& [key, label] : rows) {
        std::string value = jsonText(device, key);
        if (std::string(key).rfind("last_", 0) == 0) {
            value = value.empty() ? context.raw("device.never") : context.localTime(value);
        } else if (std::string(key) == "status") {
            value = context.raw("device.status." + value);
        }
        out += "<dt>" + context.tr(label) + "</dt><dd data-field=\"" + key + "\">" + escape(value) +
               "</dd>";
    }
    return out + "</dl>";
}

std::string hardware(const WebContext& context, const Poco::JSON::Object& inventory) {
    return "<h3>" + context.tr("device.bios") + "</h3>" +
           sectionTable(context, inventory, "bios",
                        {{"smanufacturer", "device.manufacturer"},
                         {"smodel", "device.model"},
                         {"ssn", "device.serial"},
                         {"bmanufacturer", "device.bios_vendor"},
                         {"bversion", "device.bios_version"},
                         {"bdate", "device.bios_date"}}) +
           "<h3>" + context.tr("device.cpus") + "</h3>" +
           sectionTable(context, inventory, "cpus",
                        {{"name", "device.name"},
                         {"core", "device.cores"},
                         {"thread", "device.threads"},
                         {"speed", "device.speed_mhz"}}) +
           "<h3>" + context.tr("device.memories") + "</h3>" +
           sectionTable(context, inventory, "memories",
                        {{"caption", "device.slot"},
                         {"capacity", "device.capacity_mb"},
                         {"type", "device.type"},
                         {"speed", "device.speed_mhz"},
                         {"manufacturer", "device.manufacturer"},
                         {"serialnumber", "device.serial"}}) +
           "<h3>" + context.tr("device.storages") + "</h3>" +
           sectionTable(context, inventory, "storages",
                        {{"name", "device.name"},
                         {"model", "device.model"},
                         {"disksize", "device.capacity_mb"},
                         {"serial", "device.serial"}}) +
           "<h3>" + context.tr("device.drives") + "</h3>" +
           sectionTable(context, inventory, "drives",
                        {{"volumn", "device.volume"},
                         {"filesystem", "device.filesystem"},
                         {"total", "device.total_mb"},
                         {"free", "device.free_mb"}}) +
           "<h3>" + context.tr("device.batteries") + "</h3>" +
           sectionTable(context, inventory, "batteries",
                        {{"name", "device.name"},
                         {"manufacturer", "device.manufacturer"},
                         {"serial", "device.serial"},
                         {"capacity", "device.capacity"}});
}

std::string software(const WebContext& context, const Poco::JSON::Object& inventory) {
    const std::string filter = context.query("software_q");
    std::string lowered = filter;
    std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    Table table{"software-list",
                {context.raw("device.name"), context.raw("device.version"),
                 context.raw("device.publisher"), context.raw("device.arch")},
                {},
                {}};
    std::size_t total = 0;
    const auto list = inventory.has("softwares") ? inventory.getArray("softwares") : nullptr;
    for (std::size_t i = 0; list && i < list->size(); ++i) {
        const auto item = list->getObject(static_cast<unsigned>(i));
        std::string name = jsonText(*item, "name");
        std::string key = name;
        std::transform(key.begin(), key.end(), key.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (!lowered.empty() && key.find(lowered) == std::string::npos) {
            continue;
        }
        if (++total <= kSoftwareShown) {
            table.rows.push_back({escape(name), escape(jsonText(*item, "version")),
                                  escape(jsonText(*item, "publisher")),
                                  escape(jsonText(*item, "arch"))});
        }
    }
    const std::string id = context.request.param("id");
    std::string out = "<form class=\"inline\" method=\"get\" action=\"/devices/" +
                      escape(urlEncode(id)) + "#software\"><label>" +
                      context.tr("device.software_filter") +
                      "<input type=\"search\" name=\"software_q\" value=\"" + escape(filter) +
                      "\"></label><button type=\"submit\">" + context.tr("common.search") +
                      "</button></form><p class=\"muted\">" +
                      context.tr("device.software_count", {{"count", std::to_string(total)}});
    if (total > kSoftwareShown) {
        out +=
            " " + context.tr("device.software_first", {{"shown", std::to_string(kSoftwareShown)}});
    }
    return out + "</p>" + tableHtml(table, context.raw("common.none"));
}

std::string network(const WebContext& context, const Poco::JSON::Object& inventory) {
    return sectionTable(context, inventory, "networks",
                        {{"description", "device.interface"},
                         {"mac", "device.mac"},
                         {"ipaddress", "device.ip"},
                         {"ipmask", "device.mask"},
                         {"status", "device.link"},
                         {"type", "device.type"}},
                        "network-list");
}

std::string openTicketForm(const WebContext& context, const std::string& deviceId) {
    if (!context.can(Need::Work)) {
        return "";
    }
    std::string urgencies;
    for (const char* urgency : {"low", "medium", "high", "critical"}) {
        urgencies += std::string("<option value=\"") + urgency + "\"" +
                     (std::string(urgency) == "medium" ? " selected" : "") + ">" +
                     context.tr(std::string("urgency.") + urgency) + "</option>";
    }
    return "<form id=\"open-ticket\" method=\"post\" action=\"/tickets\">" + context.csrfField() +
           "<input type=\"hidden\" name=\"device_id\" value=\"" + escape(deviceId) + "\"><label>" +
           context.tr("ticket.title") +
           "<input name=\"title\" required maxlength=\"200\"></label><label>" +
           context.tr("ticket.description") +
           "<textarea name=\"description\"></textarea></label>"
           "<label>" +
           context.tr("ticket.urgency") + "<select name=\"urgency\">" + urgencies +
           "</select></label><button type=\"submit\">" + context.tr("device.open_ticket") +
           "</button></form>";
}

std::string section(const std::string& id, const std::string& heading, const std::string& body) {
    return "<section id=\"" + id + "\"><h2>" + heading + "</h2>" + body + "</section>";
}

}  // namespace

std::string sectionTable(const WebContext& context, const Poco::JSON::Object& inventory,
                         const std::string& name, const Columns& columns, const std::string& id) {
    Table table{id, {}, {}, {}};
    for (const auto& column : columns) {
        table.headers.push_back(context.raw(column.second));
    }
    const auto addRow = [&](const Poco::JSON::Object& item) {
        std::vector<std::string> row;
        for (const auto& column : columns) {
            row.push_back(escape(jsonText(item, column.first)));
        }
        table.rows.push_back(std::move(row));
    };
    if (inventory.has(name) && inventory.get(name).type() == typeid(Poco::JSON::Array::Ptr)) {
        const auto list = inventory.getArray(name);
        for (std::size_t i = 0; i < list->size(); ++i) {
            addRow(*list->getObject(static_cast<unsigned>(i)));
        }
    } else if (inventory.has(name) &&
               inventory.get(name).type() == typeid(Poco::JSON::Object::Ptr)) {
        addRow(*inventory.getObject(name));
    }
    return tableHtml(table, context.raw("common.none"));
}

Response devicePage(WebContext& context) {
    const Loaded loaded = load(context);
    const std::string id = jsonText(*loaded.device, "id");
    const std::string body =
        "<h1>" + escape(title(*loaded.device)) + "</h1><p class=\"noprint\">" +
        link("/devices/" + urlEncode(id) + "/visit", context.raw("device.visit_sheet"),
             "id=\"visit-sheet\"") +
        "</p>" + section("summary", context.tr("device.summary"), facts(context, *loaded.device)) +
        section("peripherals", context.tr("device.peripherals"), peripheralTable(context, id)) +
        section("tickets", context.tr("device.tickets"),
                deviceTickets(context, id, false) + openTicketForm(context, id)) +
        section("hardware", context.tr("device.hardware"), hardware(context, *loaded.inventory)) +
        section("software", context.tr("device.software"), software(context, *loaded.inventory)) +
        section("network", context.tr("device.network"), network(context, *loaded.inventory)) +
        section("history", context.tr("device.history"), historyList(context, id, 50));
    return htmlPage(context, title(*loaded.device), body);
}

Response visitSheet(WebContext& context) {
    const Loaded loaded = load(context);
    const std::string id = jsonText(*loaded.device, "id");
    const std::string body =
        "<h1>" + context.tr("device.visit_title", {{"name", title(*loaded.device)}}) + "</h1>" +
        "<p class=\"muted\">" +
        context.tr("device.printed_at",
                   {{"time", context.state.tickets.zone().format(context.now())}}) +
        "</p>" + section("summary", context.tr("device.summary"), facts(context, *loaded.device)) +
        section("peripherals", context.tr("device.peripherals"), peripheralTable(context, id)) +
        section("open-tickets", context.tr("device.open_tickets"),
                deviceTickets(context, id, true)) +
        section("recent-changes", context.tr("device.recent_changes"),
                historyList(context, id, 10));
    return htmlPage(context, context.raw("device.visit_sheet"), body);
}

}  // namespace parque::collector::web
