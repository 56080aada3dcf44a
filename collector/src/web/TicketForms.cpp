// The helpdesk's posts: opening a ticket from a device's page (its access code shown once), the
// ticket page's comment / status / escalate / assign forms, and the customer's lookup by number
// and access code (no sign-in; one answer for an unknown number and a wrong code).
#include "../Queries.h"
#include "Html.h"
#include "TicketPageParts.h"

#include <Poco/String.h>

#include <algorithm>
#include <cctype>

namespace parque::collector::web {
namespace {

constexpr std::size_t kNameLimit = 200;   // group, technician, requester
constexpr std::size_t kLookupLimit = 64;  // longer numbers or codes never match

std::string trimmed(const std::string& text) { return Poco::trim(text); }

std::string upper(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return text;
}

std::string shortField(const WebContext& context, const std::string& name) {
    std::string value = trimmed(context.field(name));
    if (value.size() > kNameLimit) {
        throw tickets::TicketError(tickets::TicketError::Code::BadRequest,
                                   name + " must have at most 200 characters");
    }
    return value;
}

std::optional<std::int64_t> categoryField(const WebContext& context) {
    const std::string text = trimmed(context.field("category"));
    if (text.empty()) {
        return std::nullopt;
    }
    const bool digits = text.size() <= 12 && std::all_of(text.begin(), text.end(), [](char c) {
                            return c >= '0' && c <= '9';
                        });
    if (!digits || !context.state.tickets.category(std::stoll(text))) {
        throw WebError(400, "ticket.bad_category");
    }
    return std::stoll(text);
}

Response openTicket(WebContext& context) {
    tickets::NewTicket ticket;
    ticket.title = trimmed(context.field("title"));
    ticket.description = context.field("description");
    ticket.urgency = context.field("urgency").empty() ? "medium" : context.field("urgency");
    ticket.categoryId = categoryField(context);
    ticket.requesterName = shortField(context, "requester_name");
    ticket.requesterContact = shortField(context, "requester_contact");
    const std::string deviceId = trimmed(context.field("device_id"));
    if (!deviceId.empty()) {
        const auto detail = deviceDetail(context.state.services.database, deviceId);
        if (!detail) {
            throw tickets::TicketError(tickets::TicketError::Code::NotFound,
                                       "no device " + deviceId);
        }
        const auto device = (*detail)->getObject("device");
        if (device && device->has("site") && device->get("site").isString()) {
            ticket.site = device->getValue<std::string>("site");
        }
        ticket.deviceIds = {deviceId};
    }
    const tickets::CreatedTicket created =
        context.state.tickets.create(ticket, context.user().username, context.now());
    const std::string notice =
        "<section id=\"ticket-created\" class=\"notice\" role=\"status\"><h2>" +
        context.tr("ticket.created.title", {{"number", created.number}}) + "</h2><p>" +
        context.tr("ticket.created.code") + "</p><p id=\"access-code\" class=\"access-code\">" +
        escape(created.accessCode) + "</p><p>" + context.tr("ticket.created.once") + "</p><p>" +
        link(ticketPath(created.number), context.raw("ticket.created.open")) + "</p></section>";
    Response response = ticketView(context, created.number, 201, notice);
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
}

// The ticket the form was posted for (404 page when unknown).
tickets::Ticket postedTicket(WebContext& context) {
    const std::string number = context.request.param("number");
    auto ticket = context.state.tickets.find(number);
    if (!ticket) {
        throw WebError(404, "ticket.not_found", {{"number", number}});
    }
    return *ticket;
}

Response addComment(WebContext& context) {
    const tickets::Ticket t = postedTicket(context);
    context.state.tickets.comment(t.number, context.user().username, context.field("text"),
                                  !context.field("public").empty(), context.now());
    return redirect(ticketPath(t.number) + "#activity");
}

Response changeStatus(WebContext& context) {
    const tickets::Ticket t = postedTicket(context);
    tickets::TicketChange change;
    change.status = context.field("status");
    context.state.tickets.update(t.number, change, context.user().username, context.now());
    return redirect(ticketPath(t.number));
}

// Raises the level by one; a repeated post (its "from" no longer the current level) changes
// nothing, so a double click escalates once.
Response escalate(WebContext& context) {
    const tickets::Ticket t = postedTicket(context);
    const std::string from = context.field("from");
    if (!from.empty() && from != std::to_string(t.level)) {
        return redirect(ticketPath(t.number));
    }
    if (t.level >= kMaxLevel) {
        throw WebError(409, "ticket.escalate.max");
    }
    tickets::TicketChange change;
    change.level = t.level + 1;
    context.state.tickets.update(t.number, change, context.user().username, context.now());
    return redirect(ticketPath(t.number));
}

Response assign(WebContext& context) {
    const tickets::Ticket t = postedTicket(context);
    tickets::TicketChange change;
    change.group = shortField(context, "group");
    change.technician = shortField(context, "technician");
    context.state.tickets.update(t.number, change, context.user().username, context.now());
    return redirect(ticketPath(t.number));
}

std::string lookupForm(const WebContext& context, const std::string& number) {
    return "<section class=\"lookup\"><h1>" + context.tr("lookup.title") + "</h1><p>" +
           context.tr("lookup.intro") +
           "</p><form id=\"lookup\" method=\"post\" action=\"/lookup\">" + context.csrfField() +
           "<label>" + context.tr("lookup.number") +
           "<input name=\"number\" required maxlength=\"64\" autocomplete=\"off\""
           " placeholder=\"T-2026-000123\" value=\"" +
           escape(number) + "\"></label><label>" + context.tr("lookup.code") +
           "<input name=\"code\" required maxlength=\"64\" autocomplete=\"off\""
           " autocapitalize=\"characters\"></label><button type=\"submit\">" +
           context.tr("lookup.submit") + "</button></form></section>";
}

std::string lookupResult(WebContext& context, const tickets::Ticket& t) {
    std::string out =
        "<section id=\"lookup-result\"><h2>" + escape(t.number) + " · " + escape(t.title) +
        "</h2><dl class=\"summary\"><dt>" + context.tr("ticket.field.status") +
        "</dt><dd data-status=\"" + escape(t.status) + "\">" +
        choiceText(context, "status.", t.status) + "</dd><dt>" + context.tr("lookup.opened") +
        "</dt><dd>" + escape(context.localTime(t.createdAt)) + "</dd><dt>" +
        context.tr("lookup.updated") + "</dt><dd>" + escape(context.localTime(t.updatedAt)) +
        "</dd></dl><h3>" + context.tr("lookup.messages") + "</h3>";
    const std::vector<tickets::Activity> messages = context.state.tickets.activity(t.id, true);
    if (messages.empty()) {
        return out + "<p class=\"empty\">" + context.tr("lookup.no_messages") + "</p></section>";
    }
    out += "<ol class=\"activity\" reversed>";
    for (auto it = messages.rbegin(); it != messages.rend(); ++it) {
        out += "<li><time>" + escape(context.localTime(it->at)) + "</time> " + escape(it->text) +
               "</li>";
    }
    return out + "</ol></section>";
}

Response lookup(WebContext& context) {
    const std::string number = upper(trimmed(context.field("number")));
    const std::string code = upper(trimmed(context.field("code")));
    std::optional<tickets::Ticket> ticket;
    if (number.size() <= kLookupLimit && code.size() <= kLookupLimit) {
        ticket = context.state.tickets.lookup(number, code);
    }
    const std::string form = lookupForm(context, number.size() <= kLookupLimit ? number : "");
    if (!ticket) {
        return htmlPage(context, context.raw("lookup.title"),
                        form + "<section id=\"lookup-result\"><p class=\"error\" role=\"alert\">" +
                            context.tr("lookup.refused") + "</p></section>",
                        404);
    }
    Response response =
        htmlPage(context, context.raw("lookup.title"), form + lookupResult(context, *ticket));
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
}

}  // namespace

void addTicketForms(Router& router, const SharedState& state) {
    router.add("POST", "/tickets", webRoute(state, Need::Work, openTicket));
    router.add("POST", "/tickets/{number}/comment", webRoute(state, Need::Work, addComment));
    router.add("POST", "/tickets/{number}/status", webRoute(state, Need::Work, changeStatus));
    router.add("POST", "/tickets/{number}/escalate", webRoute(state, Need::Work, escalate));
    router.add("POST", "/tickets/{number}/assign", webRoute(state, Need::Work, assign));
    router.add("GET", "/lookup", webRoute(state, Need::Anyone, [](WebContext& context) {
                   return htmlPage(context, context.raw("lookup.title"), lookupForm(context, ""));
               }));
    router.add("POST", "/lookup", webRoute(state, Need::Anyone, lookup));
}

}  // namespace parque::collector::web
