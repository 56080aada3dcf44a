// The helpdesk's ticket list: filters (status, level, site, category, group, breached,
// inactive), SLA badges, inactivity flags and paging with the store's cursor.
#include "Html.h"
#include "TicketPageParts.h"
#include "WebRoutes.h"

#include <map>
#include <stdexcept>

namespace parque::collector::web {
namespace {

constexpr std::size_t kPageSize = 50;
constexpr int kGroupScanRounds = 10;  // pages of 100 read at most to fill one filtered page

int slaRank(tickets::SlaStatus status) {
    switch (status) {
    case tickets::SlaStatus::Breached:
        return 4;
    case tickets::SlaStatus::AtRisk:
        return 3;
    case tickets::SlaStatus::OnTrack:
        return 2;
    case tickets::SlaStatus::Met:
        return 1;
    case tickets::SlaStatus::None:
        return 0;
    }
    return 0;
}

// The filters the page was asked for, as the store and the links spell them.
std::map<std::string, std::string> chosenFilters(const WebContext& context) {
    std::map<std::string, std::string> chosen;
    for (const char* name : {"status", "level", "site", "category", "group", "cursor"}) {
        const std::string value = context.query(name);
        if (!value.empty()) {
            chosen[name] = value;
        }
    }
    for (const char* name : {"breached", "inactive"}) {
        if (context.query(name) == "true") {
            chosen[name] = "true";
        }
    }
    return chosen;
}

// One page of tickets; the group (which the store does not filter) is matched here, reading
// further store pages until this one is full.
tickets::TicketPage ticketsFor(WebContext& context, std::map<std::string, std::string> filters) {
    auto& store = context.state.tickets;
    const auto group = filters.find("group");
    if (group == filters.end()) {
        filters["limit"] = std::to_string(kPageSize);
        return store.list(filters, context.now());
    }
    const std::string wanted = group->second;
    filters.erase(group);
    filters["limit"] = "100";
    tickets::TicketPage out;
    for (int round = 0; round < kGroupScanRounds; ++round) {
        tickets::TicketPage page = store.list(filters, context.now());
        for (tickets::Ticket& ticket : page.items) {
            if (ticket.group != wanted) {
                continue;
            }
            out.items.push_back(std::move(ticket));
            if (out.items.size() == kPageSize) {
                out.nextCursor = std::to_string(out.items.back().id);
                return out;
            }
        }
        if (!page.nextCursor) {
            return out;
        }
        filters["cursor"] = *page.nextCursor;
    }
    out.nextCursor = filters["cursor"];  // scanned enough for one request: go on from there
    return out;
}

std::string filtersForm(WebContext& context, const std::map<std::string, std::string>& chosen,
                        const std::vector<tickets::Category>& categories) {
    const auto value = [&](const std::string& name) {
        const auto it = chosen.find(name);
        return it == chosen.end() ? std::string() : it->second;
    };
    const std::string any = context.tr("ticket.filter.any");
    std::vector<std::pair<std::string, std::string>> statuses = {{"", any}};
    for (const std::string& s : kTicketStatuses) {
        statuses.emplace_back(s, choiceText(context, "status.", s));
    }
    std::vector<std::pair<std::string, std::string>> levels = {{"", any}};
    for (int level = 1; level <= kMaxLevel; ++level) {
        levels.emplace_back(std::to_string(level), std::to_string(level));
    }
    std::vector<std::pair<std::string, std::string>> categoryOptions = {{"", any}};
    for (const tickets::Category& c : categories) {
        categoryOptions.emplace_back(std::to_string(c.id), escape(c.name));
    }
    const auto label = [&](const std::string& key, const std::string& control) {
        return "<label>" + context.tr(key) + control + "</label>";
    };
    const auto text = [&](const std::string& name) {
        return "<input name=\"" + name + "\" value=\"" + escape(value(name)) +
               "\" maxlength=\"200\">";
    };
    const auto check = [&](const std::string& name, const std::string& key) {
        return "<label class=\"check\"><input type=\"checkbox\" name=\"" + name +
               "\" value=\"true\"" + (value(name) == "true" ? " checked" : "") + "> " +
               context.tr(key) + "</label>";
    };
    return "<form id=\"ticket-filters\" class=\"filters\" method=\"get\" action=\"/tickets\">" +
           label("ticket.field.status", selectHtml("status", statuses, value("status"))) +
           label("ticket.field.level", selectHtml("level", levels, value("level"))) +
           label("ticket.field.site", text("site")) +
           label("ticket.field.category",
                 selectHtml("category", categoryOptions, value("category"))) +
           label("ticket.field.group", text("group")) +
           check("breached", "ticket.filter.breached") +
           check("inactive", "ticket.filter.inactive") + "<button type=\"submit\">" +
           context.tr("ticket.filter.apply") + "</button> " +
           link("/tickets", context.raw("ticket.filter.clear")) + "</form>";
}

std::string assignedText(const WebContext& context, const tickets::Ticket& ticket) {
    if (ticket.group.empty() && ticket.technician.empty()) {
        return "<span class=\"muted\">" + context.tr("ticket.field.unassigned") + "</span>";
    }
    return escape(ticket.group) +
           (ticket.technician.empty() ? "" : " / " + escape(ticket.technician));
}

std::string ticketsTable(WebContext& context, const std::vector<tickets::Ticket>& items) {
    Table table;
    table.id = "tickets";
    for (const char* key : {"ticket.field.number", "ticket.field.title", "ticket.field.status",
                            "ticket.field.level", "ticket.field.site", "ticket.field.assigned",
                            "ticket.field.sla", "ticket.field.created"}) {
        table.headers.push_back(context.raw(key));
    }
    auto& store = context.state.tickets;
    const std::int64_t now = context.now();
    for (const tickets::Ticket& t : items) {
        std::string sla = slaBadge(context, worstSla(store.sla(t, now)));
        if (store.inactive(t, now)) {
            sla +=
                " <span class=\"badge warn inactive\">" + context.tr("ticket.inactive") + "</span>";
        }
        table.rows.push_back({link(ticketPath(t.number), t.number), escape(t.title),
                              choiceText(context, "status.", t.status), std::to_string(t.level),
                              escape(t.site), assignedText(context, t), sla,
                              escape(context.localTime(t.createdAt))});
        table.rowAttributes.push_back("data-ticket-number=\"" + escape(t.number) + "\"");
    }
    return tableHtml(table, context.raw("ticket.list.empty"));
}

std::string pagingLinks(WebContext& context, std::map<std::string, std::string> chosen,
                        const std::optional<std::string>& nextCursor) {
    const bool paged = chosen.count("cursor") > 0;
    chosen.erase("cursor");
    std::vector<std::pair<std::string, std::string>> pairs(chosen.begin(), chosen.end());
    std::string out;
    if (paged) {
        out += link("/tickets" + queryString(pairs), context.raw("ticket.list.first"));
    }
    if (nextCursor) {
        pairs.emplace_back("cursor", *nextCursor);
        out += (out.empty() ? "" : " · ") +
               link("/tickets" + queryString(pairs), context.raw("common.next"), "rel=\"next\"");
    }
    return out.empty() ? "" : "<nav class=\"paging\">" + out + "</nav>";
}

Response ticketList(WebContext& context) {
    const std::map<std::string, std::string> chosen = chosenFilters(context);
    const std::vector<tickets::Category> categories = context.state.tickets.categories();
    const tickets::TicketPage page = ticketsFor(context, chosen);
    const std::string body = "<h1>" + context.tr("ticket.list.title") + "</h1>" +
                             filtersForm(context, chosen, categories) +
                             ticketsTable(context, page.items) +
                             pagingLinks(context, chosen, page.nextCursor);
    return htmlPage(context, context.raw("ticket.list.title"), body);
}

}  // namespace

std::string choiceText(const WebContext& context, const std::string& prefix,
                       const std::string& value) {
    try {
        return escape(context.raw(prefix + value));
    } catch (const std::out_of_range&) {
        return escape(value);
    }
}

tickets::SlaStatus worstSla(const tickets::SlaState& state) {
    return slaRank(state.firstResponse.status) >= slaRank(state.resolution.status)
               ? state.firstResponse.status
               : state.resolution.status;
}

std::string slaBadge(const WebContext& context, tickets::SlaStatus status) {
    const std::string name = tickets::toString(status);
    const std::string css =
        status == tickets::SlaStatus::OnTrack || status == tickets::SlaStatus::Met ? "on_time"
                                                                                   : name;
    return "<span class=\"badge " + css + "\" data-sla=\"" + name + "\">" +
           choiceText(context, "sla.", name) + "</span>";
}

std::string ticketPath(const std::string& number) { return "/tickets/" + urlEncode(number); }

std::string categoryName(const std::vector<tickets::Category>& categories,
                         const std::optional<std::int64_t>& id) {
    for (const tickets::Category& c : categories) {
        if (id && c.id == *id) {
            return c.name;
        }
    }
    return "";
}

std::string selectHtml(const std::string& name,
                       const std::vector<std::pair<std::string, std::string>>& options,
                       const std::string& selected) {
    std::string out = "<select name=\"" + escape(name) + "\">";
    for (const auto& [value, label] : options) {
        out += "<option value=\"" + escape(value) + "\"" + (value == selected ? " selected" : "") +
               ">" + label + "</option>";
    }
    return out + "</select>";
}

void addTicketPages(Router& router, const SharedState& state) {
    router.add("GET", "/tickets", webRoute(state, Need::SignedIn, ticketList));
    router.add("GET", "/tickets/{number}", webRoute(state, Need::SignedIn, [](WebContext& context) {
                   return ticketView(context, context.request.param("number"));
               }));
    addTicketForms(router, state);
}

}  // namespace parque::collector::web
