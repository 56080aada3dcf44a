// The device list (search, filters, sortable columns, paging, CSV export of the current list).
#include "../Queries.h"
#include "Csv.h"
#include "DeviceView.h"
#include "Html.h"
#include "WebRoutes.h"

namespace parque::collector::web {
namespace {

const std::size_t kPageSize = 50;
const std::size_t kCsvLimit = 10000;
const char* const kFilterNames[] = {"q",          "site",       "model",       "os",
                                    "peripheral", "stale_days", "open_tickets"};
const char* const kPeripheralKinds[] = {
    "pin-pad", "receipt-printer", "barcode-scanner", "hid", "mass-storage", "hub", "other"};

struct Column {
    const char* sort;  // the listDevices sort name
    const char* key;   // the summary JSON key
    const char* label;
};
const Column kColumns[] = {{"name", "name", "device.name"},
                           {"site", "site", "device.site"},
                           {"manufacturer", "manufacturer", "device.manufacturer"},
                           {"model", "model", "device.model"},
                           {"serial", "serial", "device.serial"},
                           {"os", "os", "device.os"},
                           {"last_contact", "last_contact", "device.last_contact"}};

std::map<std::string, std::string> listFilters(const WebContext& context) {
    std::map<std::string, std::string> filters;
    for (const char* name : kFilterNames) {
        const std::string value = context.query(name);
        if (!value.empty()) {
            filters[name] = value;
        }
    }
    return filters;
}

std::vector<std::pair<std::string, std::string>> currentQuery(const WebContext& context) {
    std::vector<std::pair<std::string, std::string>> pairs;
    for (const char* name : kFilterNames) {
        pairs.emplace_back(name, context.query(name));
    }
    pairs.emplace_back("sort", context.query("sort"));
    return pairs;
}

std::string withQuery(const WebContext& context, const std::string& path, const std::string& name,
                      const std::string& value) {
    auto pairs = currentQuery(context);
    bool replaced = false;
    for (auto& pair : pairs) {
        if (pair.first == name) {
            pair.second = value;
            replaced = true;
        }
    }
    if (!replaced) {
        pairs.emplace_back(name, value);
    }
    return path + queryString(pairs);
}

std::string input(const WebContext& context, const std::string& name, const std::string& label,
                  const std::string& type = "search") {
    return "<label>" + context.tr(label) + "<input type=\"" + type + "\" name=\"" + name +
           "\" value=\"" + escape(context.query(name)) + "\"></label>";
}

std::string peripheralSelect(const WebContext& context) {
    std::string out = "<label>" + context.tr("device.peripheral") +
                      "<select name=\"peripheral\"><option value=\"\"></option>";
    for (const char* kind : kPeripheralKinds) {
        const bool chosen = context.query("peripheral") == kind;
        out += std::string("<option value=\"") + kind + "\"" + (chosen ? " selected" : "") + ">" +
               context.tr(std::string("kind.") + kind) + "</option>";
    }
    return out + "</select></label>";
}

std::string searchForm(const WebContext& context) {
    const bool openTickets = !context.query("open_tickets").empty();
    return "<form id=\"device-search\" class=\"inline\" method=\"get\" action=\"/devices\">" +
           input(context, "q", "device.search_hint") + input(context, "site", "device.site") +
           input(context, "model", "device.model") + input(context, "os", "device.os") +
           peripheralSelect(context) + input(context, "stale_days", "device.stale_days", "number") +
           "<label><span>" + context.tr("device.open_tickets") +
           "</span><input type=\"checkbox\" name=\"open_tickets\" value=\"1\"" +
           (openTickets ? " checked" : "") + "></label>" +
           "<input type=\"hidden\" name=\"sort\" value=\"" + escape(context.query("sort")) +
           "\"><button type=\"submit\">" + context.tr("common.search") + "</button></form>";
}

std::string sortHeader(const WebContext& context, const Column& column) {
    const std::string current = context.query("sort");
    const std::string next = current == column.sort ? std::string("-") + column.sort : column.sort;
    const std::string arrow = current == column.sort                      ? " ▲"
                              : current == std::string("-") + column.sort ? " ▼"
                                                                          : "";
    return link(withQuery(context, "/devices", "sort", next), context.raw(column.label) + arrow);
}

std::string text(const Poco::JSON::Object& object, const std::string& key) {
    return object.has(key) && !object.isNull(key) ? object.getValue<std::string>(key) : "";
}

std::string deviceTable(const WebContext& context, const DeviceListing& listing) {
    if (listing.items->size() == 0) {
        return "<p class=\"empty\">" + context.tr("device.none_found") + "</p>";
    }
    std::string out = "<div class=\"scroll\"><table id=\"devices\"><thead><tr>";
    for (const Column& column : kColumns) {
        out += "<th>" + sortHeader(context, column) + "</th>";
    }
    out += "</tr></thead><tbody>";
    for (std::size_t i = 0; i < listing.items->size(); ++i) {
        const auto device = listing.items->getObject(static_cast<unsigned>(i));
        const std::string id = text(*device, "id");
        out += "<tr data-device-id=\"" + escape(id) + "\">";
        for (const Column& column : kColumns) {
            std::string cell = text(*device, column.key);
            if (std::string(column.key) == "last_contact") {
                cell = escape(context.localTime(cell));
            } else if (std::string(column.key) == "name") {
                cell = link("/devices/" + urlEncode(id), cell.empty() ? id : cell,
                            "class=\"device-link\"");
            } else {
                cell = escape(cell);
            }
            out += "<td>" + cell + "</td>";
        }
        out += "</tr>";
    }
    return out + "</tbody></table></div>";
}

std::string pager(const WebContext& context, std::size_t offset, std::size_t total) {
    std::string out = "<div class=\"pager\">";
    if (offset > 0) {
        const std::size_t previous = offset > kPageSize ? offset - kPageSize : 0;
        out += link(withQuery(context, "/devices", "offset", std::to_string(previous)),
                    context.raw("common.previous"), "rel=\"prev\"");
    }
    if (offset + kPageSize < total) {
        out += link(withQuery(context, "/devices", "offset", std::to_string(offset + kPageSize)),
                    context.raw("common.next"), "rel=\"next\"");
    }
    return out + "</div>";
}

Response deviceList(WebContext& context) {
    auto filters = listFilters(context);
    filters["sort"] = context.query("sort");
    const std::string offsetText = context.query("offset");
    const std::size_t offset =
        offsetText.empty()
            ? 0
            : static_cast<std::size_t>(boundedInteger("offset", offsetText, 0, 100000000));
    filters["offset"] = std::to_string(offset);
    filters["limit"] = std::to_string(kPageSize);
    const DeviceListing listing = listDevices(context.state.services.database, filters);
    const std::string body =
        "<section><h1>" + context.tr("device.list_title") + "</h1>" + searchForm(context) +
        "<p class=\"muted\">" +
        context.tr("device.count", {{"count", std::to_string(listing.total)}}) + " · " +
        link(withQuery(context, "/devices.csv", "offset", ""), context.raw("common.export_csv"),
             "id=\"export-csv\"") +
        "</p>" + deviceTable(context, listing) + pager(context, offset, listing.total) +
        "</section>";
    return htmlPage(context, context.raw("device.list_title"), body);
}

Response deviceCsv(WebContext& context) {
    auto filters = listFilters(context);
    filters["sort"] = context.query("sort");
    filters["limit"] = "500";
    std::vector<std::string> header = {"id"};
    for (const Column& column : kColumns) {
        header.push_back(context.raw(column.label));
    }
    header.push_back(context.raw("device.last_full_inventory"));
    std::vector<std::vector<std::string>> rows;
    for (std::size_t offset = 0; offset < kCsvLimit; offset += 500) {
        filters["offset"] = std::to_string(offset);
        const DeviceListing listing = listDevices(context.state.services.database, filters);
        for (std::size_t i = 0; i < listing.items->size(); ++i) {
            const auto device = listing.items->getObject(static_cast<unsigned>(i));
            std::vector<std::string> row = {text(*device, "id")};
            for (const Column& column : kColumns) {
                row.push_back(text(*device, column.key));
            }
            row.push_back(text(*device, "last_full_inventory"));
            rows.push_back(std::move(row));
        }
        if (listing.items->size() < 500) {
            break;
        }
    }
    return csvFile("devices.csv", csvDocument(header, rows));
}

}  // namespace

void addDevicePages(Router& router, const SharedState& state) {
    router.add("GET", "/devices", webRoute(state, Need::SignedIn, deviceList));
    router.add("GET", "/devices.csv", webRoute(state, Need::SignedIn, deviceCsv));
    router.add("GET", "/devices/{id}", webRoute(state, Need::SignedIn, devicePage));
    router.add("GET", "/devices/{id}/visit", webRoute(state, Need::SignedIn, visitSheet));
}

}  // namespace parque::collector::web
