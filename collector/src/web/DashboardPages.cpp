// The managers' audit dashboard: devices by model, OS, CPU and memory, silent devices, peripheral
// replacements per week, the payment-device list (PCI DSS 9.5.1.1) and SLA compliance; each
// section with a server-drawn SVG chart where it helps, a table and its CSV export.
#include "AuditQueries.h"
#include "Csv.h"
#include "Html.h"
#include "Svg.h"
#include "WebPage.h"
#include "WebRoutes.h"

#include <array>
#include <cstdio>
#include <optional>
#include <utility>

namespace parque::collector::web {
namespace {

// One dashboard table in plain text: escaped when shown, exported as is in CSV.
struct Report {
    std::string name;  // the section's id and the CSV file's name
    std::vector<std::string> headers;
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> links;  // per row, the target of the cell in `linkColumn` ("" none)
    std::size_t linkColumn = 0;
    enum class Drawing { None, Bars, Columns } drawing = Drawing::None;
    std::vector<ChartItem> chart;
    std::string emptyKey = "dashboard.no_devices";
};

Report newReport(const std::string& name, std::vector<std::string> columns) {
    Report report;
    report.name = name;
    report.headers = std::move(columns);
    return report;
}

const char* const kTables[] = {"by-model", "by-os",        "by-cpu",          "by-ram",
                               "silent",   "replacements", "payment-devices", "sla"};
constexpr std::size_t kChartBars = 10;  // more rows than this: the rest drawn as one "Others" bar
constexpr int kReplacementWeeks = 12;

std::string keyName(const std::string& name) {
    std::string out = name;
    for (char& c : out) {
        c = c == '-' ? '_' : c;
    }
    return out;
}

std::string plain(const WebContext& context, const std::string& key,
                  const std::map<std::string, std::string>& values) {
    return Messages::catalogue().format(key, context.language, values);
}

std::string orUnknown(const WebContext& context, const std::string& text) {
    return text.empty() ? context.raw("dashboard.unknown") : text;
}

std::vector<std::string> headers(const WebContext& context, const std::vector<std::string>& keys) {
    std::vector<std::string> out;
    out.reserve(keys.size());
    for (const std::string& key : keys) {
        out.push_back(context.raw("dashboard.column." + key));
    }
    return out;
}

// Bars for the first items and one for the rest together.
std::vector<ChartItem> topItems(const WebContext& context, const std::vector<ChartItem>& all) {
    if (all.size() <= kChartBars) {
        return all;
    }
    std::vector<ChartItem> out(all.begin(),
                               all.begin() + static_cast<std::ptrdiff_t>(kChartBars - 1));
    ChartItem rest{context.raw("dashboard.other"), 0, ""};
    for (std::size_t i = kChartBars - 1; i < all.size(); ++i) {
        rest.value += all[i].value;
    }
    out.push_back(rest);
    return out;
}

// A table of a label and a device count per row, drawn as bars.
Report countReport(const WebContext& context, const std::string& name,
                   const std::vector<std::string>& columns,
                   const std::vector<std::pair<std::vector<std::string>, std::int64_t>>& counts) {
    Report report = newReport(name, headers(context, columns));
    std::vector<ChartItem> items;
    for (const auto& [labels, devices] : counts) {
        std::vector<std::string> row;
        std::string label;
        for (const std::string& text : labels) {
            row.push_back(orUnknown(context, text));
            if (!text.empty()) {
                label += (label.empty() ? "" : " ") + text;
            }
        }
        row.push_back(std::to_string(devices));
        report.rows.push_back(row);
        items.push_back({orUnknown(context, label), devices, ""});
    }
    report.drawing = Report::Drawing::Bars;
    report.chart = topItems(context, items);
    return report;
}

Report modelReport(WebContext& context) {
    std::vector<std::pair<std::vector<std::string>, std::int64_t>> counts;
    for (const ModelCount& row : devicesByModel(context.state.services.database)) {
        counts.push_back({{row.manufacturer, row.model}, row.devices});
    }
    return countReport(context, "by-model", {"manufacturer", "model", "devices"}, counts);
}

Report namedReport(WebContext& context, const std::string& name, const std::string& column,
                   const std::vector<NameCount>& rows) {
    std::vector<std::pair<std::vector<std::string>, std::int64_t>> counts;
    counts.reserve(rows.size());
    for (const NameCount& row : rows) {
        counts.push_back({{row.name}, row.devices});
    }
    return countReport(context, name, {column, "devices"}, counts);
}

// A fixed list of buckets (message keys) and their counts, drawn as bars.
template <std::size_t N>
Report bucketReport(const WebContext& context, const std::string& name, const std::string& column,
                    const std::array<const char*, N>& keys,
                    const std::array<std::int64_t, N>& counts) {
    std::vector<std::pair<std::vector<std::string>, std::int64_t>> rows;
    std::int64_t total = 0;
    for (std::size_t i = 0; i < N; ++i) {
        rows.push_back({{context.raw(keys[i])}, counts[i]});
        total += counts[i];
    }
    if (total == 0) {
        rows.clear();  // no devices: the table says so and the chart is empty
    }
    return countReport(context, name, {column, "devices"}, rows);
}

Report memoryReport(WebContext& context) {
    const std::array<const char*, kMemoryBuckets> keys = {
        "dashboard.ram.up_to_4",  "dashboard.ram.up_to_8", "dashboard.ram.up_to_16",
        "dashboard.ram.up_to_32", "dashboard.ram.over_32", "dashboard.unknown"};
    return bucketReport(context, "by-ram", "memory", keys,
                        devicesByMemory(context.state.services.database));
}

Report silenceReport(WebContext& context) {
    context.state.services.inventories.flushContacts();  // every contact received counts
    const std::array<const char*, kSilenceBuckets> keys = {
        "dashboard.silent.under_day", "dashboard.silent.up_to_week", "dashboard.silent.up_to_month",
        "dashboard.silent.over_month", "dashboard.silent.never"};
    return bucketReport(context, "silent", "last_contact", keys,
                        devicesBySilence(context.state.services.database, context.now()));
}

// "16/11" (es-AR) or "11-16" (en) from "2026-11-16": short enough to sit under a column.
std::string shortDate(const WebContext& context, const std::string& date) {
    if (date.size() != 10) {
        return date;
    }
    return context.language == "en" ? date.substr(5) : date.substr(8, 2) + "/" + date.substr(5, 2);
}

Report replacementReport(WebContext& context) {
    Report report = newReport("replacements", headers(context, {"week", "replacements"}));
    for (const WeekCount& week :
         replacementsPerWeek(context.state.services.database, context.state.tickets.zone(),
                             context.now(), kReplacementWeeks)) {
        report.rows.push_back({week.weekStart, std::to_string(week.replacements)});
        report.chart.push_back(
            {shortDate(context, week.weekStart), week.replacements,
             plain(context, "dashboard.replacements.week", {{"date", week.weekStart}})});
    }
    report.drawing = Report::Drawing::Columns;
    return report;
}

std::string kindName(const WebContext& context, const std::string& kind) {
    try {
        return context.raw("dashboard.kind." + kind);
    } catch (const std::out_of_range&) {
        return kind;  // a kind newer than the catalogue
    }
}

Report paymentReport(WebContext& context) {
    Report report = newReport("payment-devices",
                              headers(context, {"kind", "manufacturer", "model", "serial", "usb_id",
                                                "device", "site", "connected_since"}));
    report.linkColumn = 5;
    report.emptyKey = "dashboard.payment_devices.empty";
    for (const PaymentDevice& d : paymentDevices(context.state.services.database)) {
        report.rows.push_back({kindName(context, d.kind), d.manufacturer, d.model, d.serial,
                               d.usbId, d.deviceName.empty() ? d.deviceId : d.deviceName, d.site,
                               context.localTime(d.firstSeen)});
        report.links.push_back("/devices/" + urlEncode(d.deviceId));
    }
    return report;
}

std::string percent(const WebContext& context, std::optional<double> value) {
    if (!value) {
        return "\xE2\x80\x94";  // an em dash: nothing resolved or breached yet
    }
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", *value);
    std::string out = text;
    if (context.language != "en") {
        for (char& c : out) {
            c = c == '.' ? ',' : c;
        }
    }
    return out + " %";
}

std::vector<std::string> slaRow(const WebContext& context, const std::string& grouping,
                                const std::string& group, const SlaTally& tally) {
    return {grouping,
            group,
            std::to_string(tally.met),
            std::to_string(tally.breached),
            std::to_string(tally.open),
            std::to_string(tally.noTarget),
            percent(context, tally.compliance())};
}

Report slaReport(WebContext& context) {
    Report report = newReport("sla", headers(context, {"grouping", "group", "met", "breached",
                                                       "open", "no_target", "compliance"}));
    report.emptyKey = "dashboard.sla.empty";
    const SlaCompliance sla = slaCompliance(context.state.tickets, context.now());
    const std::string category = context.raw("dashboard.sla.by_category");
    for (const SlaTally& tally : sla.byCategory) {
        const std::string group =
            tally.group.empty() ? context.raw("dashboard.sla.no_category") : tally.group;
        report.rows.push_back(slaRow(context, category, group, tally));
    }
    if (!report.rows.empty()) {  // levels only once there are tickets
        const std::string level = context.raw("dashboard.sla.by_level");
        for (const SlaTally& tally : sla.byLevel) {
            report.rows.push_back(slaRow(context, level, tally.group, tally));
        }
    }
    return report;
}

std::optional<Report> buildReport(WebContext& context, const std::string& name) {
    Database& database = context.state.services.database;
    if (name == "by-model") {
        return modelReport(context);
    } else if (name == "by-os") {
        return namedReport(context, name, "os", devicesByOs(database));
    } else if (name == "by-cpu") {
        return namedReport(context, name, "cpu", devicesByCpu(database));
    } else if (name == "by-ram") {
        return memoryReport(context);
    } else if (name == "silent") {
        return silenceReport(context);
    } else if (name == "replacements") {
        return replacementReport(context);
    } else if (name == "payment-devices") {
        return paymentReport(context);
    } else if (name == "sla") {
        return slaReport(context);
    }
    return std::nullopt;
}

std::string tableOf(const WebContext& context, const Report& report) {
    Table table;
    // The payment-device table keeps its section's name: pages and tests look it up by it.
    table.id = report.name == "payment-devices" ? report.name : report.name + "-table";
    table.headers = report.headers;
    for (std::size_t r = 0; r < report.rows.size(); ++r) {
        std::vector<std::string> cells;
        for (std::size_t c = 0; c < report.rows[r].size(); ++c) {
            const std::string& text = report.rows[r][c];
            const bool linked =
                c == report.linkColumn && r < report.links.size() && !report.links[r].empty();
            cells.push_back(linked ? link(report.links[r], text) : escape(text));
        }
        table.rows.push_back(cells);
    }
    return tableHtml(table, context.raw(report.emptyKey));
}

std::string chartOf(const WebContext& context, const Report& report) {
    if (report.drawing == Report::Drawing::None) {
        return "";
    }
    const Chart chart{context.raw("dashboard." + keyName(report.name) + ".title"), report.chart,
                      context.raw("chart.empty")};
    return "<div class=\"scroll chart\">" +
           (report.drawing == Report::Drawing::Columns ? columnChart(chart) : barChart(chart)) +
           "</div>";
}

std::string sectionOf(const WebContext& context, const Report& report) {
    const std::string key = "dashboard." + keyName(report.name);
    return "<section id=\"" + report.name + "\" aria-labelledby=\"" + report.name +
           "-title\"><h2 id=\"" + report.name + "-title\">" + context.tr(key + ".title") +
           "</h2><p class=\"muted\">" + context.tr(key + ".note") + "</p>" +
           chartOf(context, report) + tableOf(context, report) + "<p class=\"noprint\">" +
           link("/dashboard/" + report.name + ".csv", context.raw("common.export_csv"),
                "download title=\"" + context.tr("csv.download") + "\"") +
           "</p></section>";
}

Response dashboardPage(WebContext& context) {
    std::string contents;
    for (const char* name : kTables) {
        contents +=
            (contents.empty() ? "" : " \xC2\xB7 ") +
            link("#" + std::string(name), context.raw("dashboard." + keyName(name) + ".title"));
    }
    std::string body =
        "<h1>" + context.tr("dashboard.title") + "</h1><p class=\"muted\">" +
        context.tr("dashboard.intro", {{"time", context.localTime(utcTime(context.now()))}}) +
        "</p><p class=\"noprint\" aria-label=\"" + context.tr("dashboard.contents") + "\">" +
        contents + "</p>";
    for (const char* name : kTables) {
        body += sectionOf(context, *buildReport(context, name));
    }
    return htmlPage(context, context.raw("dashboard.title"), body);
}

Response csvExport(WebContext& context) {
    const std::string file = context.request.param("file");
    const std::string suffix = ".csv";
    std::optional<Report> report;
    if (file.size() > suffix.size() &&
        file.compare(file.size() - suffix.size(), suffix.size(), suffix) == 0) {
        report = buildReport(context, file.substr(0, file.size() - suffix.size()));
    }
    if (!report) {
        throw WebError(404, "error.not_found");
    }
    const std::string day = utcTime(context.now()).substr(0, 10);
    return csvFile("parque-" + report->name + "-" + day + ".csv",
                   csvDocument(report->headers, report->rows));
}

}  // namespace

void addDashboardPages(Router& router, const SharedState& state) {
    router.add("GET", "/dashboard", webRoute(state, Need::Audit, dashboardPage));
    router.add("GET", "/dashboard/{file}", webRoute(state, Need::Audit, csvExport));
}

}  // namespace parque::collector::web
