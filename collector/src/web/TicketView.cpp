// One ticket's page: summary with its SLA, the linked devices' snapshots, what changed on them
// since, the activity log and, for people who work tickets, the comment / status / escalate /
// assign forms.
#include "Html.h"
#include "TicketPageParts.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>

namespace parque::collector::web {
namespace {

using Poco::JSON::Object;

constexpr std::size_t kUsbRowsShown = 50;

std::string summaryRow(const WebContext& context, const std::string& key,
                       const std::string& markup) {
    return "<dt>" + context.tr(key) + "</dt><dd>" + (markup.empty() ? "—" : markup) + "</dd>";
}

std::string slaRow(const WebContext& context, const std::string& key,
                   const tickets::SlaTarget& target, const tickets::TimeZone& zone) {
    std::string cell = slaBadge(context, target.status);
    if (target.dueAt) {
        cell += " " + context.tr("sla.due", {{"time", zone.format(*target.dueAt)}});
    }
    return summaryRow(context, key, cell);
}

std::string summary(WebContext& context, const tickets::Ticket& t) {
    auto& store = context.state.tickets;
    const std::int64_t now = context.now();
    const std::string requester =
        escape(t.requesterName) +
        (t.requesterContact.empty() ? "" : " (" + escape(t.requesterContact) + ")");
    std::string out =
        "<section id=\"ticket-summary\"><h1>" + escape(t.number) + " · " + escape(t.title) +
        "</h1><dl class=\"summary\">" +
        summaryRow(context, "ticket.field.status",
                   "<span data-status=\"" + escape(t.status) + "\">" +
                       choiceText(context, "status.", t.status) + "</span>") +
        summaryRow(context, "ticket.field.level",
                   "<span data-level=\"" + std::to_string(t.level) + "\">" +
                       std::to_string(t.level) + "</span>") +
        summaryRow(context, "ticket.field.urgency", choiceText(context, "urgency.", t.urgency)) +
        summaryRow(context, "ticket.field.category",
                   escape(categoryName(store.categories(), t.categoryId))) +
        summaryRow(context, "ticket.field.group", escape(t.group)) +
        summaryRow(context, "ticket.field.technician", escape(t.technician)) +
        summaryRow(context, "ticket.field.site", escape(t.site)) +
        summaryRow(context, "ticket.field.requester", requester) +
        summaryRow(context, "ticket.field.created", escape(context.localTime(t.createdAt))) +
        summaryRow(context, "ticket.field.updated",
                   escape(context.localTime(t.lastActivityAt)) +
                       (store.inactive(t, now) ? " <span class=\"badge warn inactive\">" +
                                                     context.tr("ticket.inactive") + "</span>"
                                               : ""));
    const tickets::SlaState sla = store.sla(t, now);
    out += slaRow(context, "sla.first_response", sla.firstResponse, store.zone()) +
           slaRow(context, "sla.resolution", sla.resolution, store.zone()) + "</dl>";
    if (!t.pauses.empty() && !t.pauses.back().to) {
        out += "<p class=\"note\">" + context.tr("sla.paused") + "</p>";
    }
    if (!t.description.empty()) {
        out += "<p class=\"description\">" + escape(t.description) + "</p>";
    }
    return out + "</section>";
}

// A string or number member as text; "" when absent or of another type.
std::string textOf(const Object::Ptr& object, const std::string& name) {
    if (!object || !object->has(name) || object->isNull(name)) {
        return "";
    }
    const Poco::Dynamic::Var value = object->get(name);
    return value.isString() || value.isNumeric() ? value.convert<std::string>() : "";
}

std::string firstOf(const std::string& a, const std::string& b) { return a.empty() ? b : a; }

std::string usbTable(const WebContext& context, const Poco::JSON::Array::Ptr& usb) {
    Table table;
    for (const char* key :
         {"ticket.snapshot.name", "ticket.snapshot.manufacturer", "ticket.snapshot.serial"}) {
        table.headers.push_back(context.raw(key));
    }
    for (std::size_t i = 0; usb && i < usb->size() && i < kUsbRowsShown; ++i) {
        const Object::Ptr item = usb->getObject(static_cast<unsigned>(i));
        const std::string name = firstOf(textOf(item, "name"), textOf(item, "caption"));
        const std::string ids = textOf(item, "vendorid") + ":" + textOf(item, "productid");
        table.rows.push_back({escape(name.empty() ? ids : name),
                              escape(textOf(item, "manufacturer")),
                              escape(textOf(item, "serial"))});
    }
    return "<h4>" + context.tr("ticket.snapshot.usb") + "</h4>" +
           tableHtml(table, context.raw("ticket.snapshot.usb_none"));
}

std::string snapshotFacts(const WebContext& context, const std::string& snapshot) {
    Object::Ptr root;
    try {
        Poco::JSON::Parser parser;
        root = parser.parse(snapshot).extract<Object::Ptr>();
    } catch (const Poco::Exception&) {
    } catch (const std::exception&) {
    }
    if (!root) {
        return "<p class=\"error\">" + context.tr("ticket.snapshot.unreadable") + "</p>";
    }
    const Object::Ptr device = root->getObject("device");
    const Object::Ptr inventory = root->getObject("inventory");
    const Object::Ptr hardware = inventory ? inventory->getObject("hardware") : Object::Ptr();
    const Object::Ptr bios = inventory ? inventory->getObject("bios") : Object::Ptr();
    const std::vector<std::pair<const char*, std::string>> facts = {
        {"ticket.snapshot.name", firstOf(textOf(hardware, "name"), textOf(device, "name"))},
        {"ticket.snapshot.manufacturer",
         firstOf(textOf(bios, "smanufacturer"), textOf(device, "manufacturer"))},
        {"ticket.snapshot.model", firstOf(textOf(bios, "smodel"), textOf(device, "model"))},
        {"ticket.snapshot.serial", firstOf(textOf(bios, "ssn"), textOf(device, "serial"))},
        {"ticket.snapshot.os", textOf(device, "os")}};
    std::string out = "<dl class=\"summary\">";
    for (const auto& [key, value] : facts) {
        out += summaryRow(context, key, escape(value));
    }
    return out + "</dl>" +
           usbTable(context,
                    inventory ? inventory->getArray("usbdevices") : Poco::JSON::Array::Ptr());
}

std::string snapshotSection(const WebContext& context,
                            const std::vector<tickets::LinkedDevice>& devices) {
    std::string out =
        "<section id=\"snapshot\"><h2>" + context.tr("ticket.snapshot.title") + "</h2>";
    if (devices.empty()) {
        out += "<p class=\"empty\">" + context.tr("ticket.snapshot.none") + "</p>";
    }
    for (const tickets::LinkedDevice& d : devices) {
        out += "<article class=\"device\" data-device-id=\"" + escape(d.deviceId) + "\"><h3>" +
               link("/devices/" + urlEncode(d.deviceId), d.deviceId) + " <small>" +
               context.tr("ticket.snapshot.linked_at", {{"time", context.localTime(d.linkedAt)}}) +
               "</small></h3>" + snapshotFacts(context, d.snapshot) + "</article>";
    }
    return out + "</section>";
}

std::string changeText(const WebContext& context, const tickets::DeviceChange& c) {
    const bool values = c.oldValue || c.newValue;
    std::string text = escape(c.section) + ": " + choiceText(context, "ticket.change.", c.type);
    if (!values || c.field) {
        text += " " + escape(c.component);
    }
    if (c.field) {
        text += " · " + escape(*c.field);
    }
    if (values) {
        text += ": " + escape(c.oldValue.value_or("—")) + " → " + escape(c.newValue.value_or("—"));
    }
    return text;
}

std::string changesSection(WebContext& context, const std::vector<tickets::LinkedDevice>& devices) {
    std::string items;
    for (const tickets::LinkedDevice& d : devices) {
        for (const tickets::DeviceChange& c : context.state.tickets.changesSince(d)) {
            items += "<li data-change-type=\"" + escape(c.type) + "\"><time>" +
                     escape(context.localTime(c.time)) + "</time> " +
                     (devices.size() > 1 ? escape(d.deviceId) + " · " : "") +
                     changeText(context, c) + "</li>";
        }
    }
    return "<section id=\"changes-since\"><h2>" + context.tr("ticket.changes.title") + "</h2>" +
           (items.empty() ? "<p class=\"unchanged\">" + context.tr("ticket.changes.none") + "</p>"
                          : "<ul class=\"changes\">" + items + "</ul>") +
           "</section>";
}

std::string activitySection(WebContext& context, std::int64_t ticketId) {
    std::string items;
    for (const tickets::Activity& a : context.state.tickets.activity(ticketId, false)) {
        items += "<li data-kind=\"" + escape(a.kind) + "\"><time>" +
                 escape(context.localTime(a.at)) + "</time> <strong>" + escape(a.actor) +
                 "</strong> " + choiceText(context, "ticket.kind.", a.kind) +
                 (a.isPublic && a.kind == "comment"
                      ? " <span class=\"badge public\">" + context.tr("ticket.activity.public") +
                            "</span>"
                      : "") +
                 ": <span class=\"text\">" + escape(a.text) + "</span></li>";
    }
    return "<section id=\"activity\"><h2>" + context.tr("ticket.activity.title") + "</h2>" +
           (items.empty() ? "<p class=\"empty\">" + context.tr("ticket.activity.none") + "</p>"
                          : "<ol class=\"activity\">" + items + "</ol>") +
           "</section>";
}

std::string formStart(const WebContext& context, const std::string& id, const tickets::Ticket& t,
                      const std::string& action) {
    return "<form id=\"" + id + "\" method=\"post\" action=\"" +
           escape(ticketPath(t.number) + "/" + action) + "\">" + context.csrfField();
}

std::string workForms(const WebContext& context, const tickets::Ticket& t) {
    std::vector<std::pair<std::string, std::string>> statuses;
    statuses.reserve(kTicketStatuses.size());
    for (const std::string& s : kTicketStatuses) {
        statuses.emplace_back(s, choiceText(context, "status.", s));
    }
    std::string out = "<section id=\"ticket-actions\"><h2>" + context.tr("ticket.actions.title") +
                      "</h2>" + formStart(context, "comment", t, "comment") + "<label>" +
                      context.tr("ticket.comment.text") +
                      "<textarea name=\"text\" rows=\"4\" maxlength=\"20000\" required>"
                      "</textarea></label><label class=\"check\"><input type=\"checkbox\""
                      " name=\"public\" value=\"1\"> " +
                      context.tr("ticket.comment.public") + "</label><button type=\"submit\">" +
                      context.tr("ticket.comment.submit") + "</button></form>";
    out += formStart(context, "status", t, "status") + "<label>" +
           context.tr("ticket.field.status") + selectHtml("status", statuses, t.status) +
           "</label><button type=\"submit\">" + context.tr("ticket.status.submit") +
           "</button></form>";
    if (t.level < kMaxLevel) {
        out += formStart(context, "escalate", t, "escalate") +
               "<input type=\"hidden\" name=\"from\" value=\"" + std::to_string(t.level) +
               "\"><button type=\"submit\">" +
               context.tr("ticket.escalate.submit", {{"level", std::to_string(t.level + 1)}}) +
               "</button></form>";
    }
    out += formStart(context, "assign", t, "assign") + "<label>" +
           context.tr("ticket.field.group") + "<input name=\"group\" maxlength=\"200\" value=\"" +
           escape(t.group) + "\"></label><label>" + context.tr("ticket.field.technician") +
           "<input name=\"technician\" maxlength=\"200\" value=\"" + escape(t.technician) +
           "\"></label><button type=\"submit\">" + context.tr("ticket.assign.submit") +
           "</button></form>";
    return out + "</section>";
}

}  // namespace

Response ticketView(WebContext& context, const std::string& number, int status,
                    const std::string& notice) {
    const auto ticket = context.state.tickets.find(number);
    if (!ticket) {
        throw WebError(404, "ticket.not_found", {{"number", number}});
    }
    const std::vector<tickets::LinkedDevice> devices = context.state.tickets.devices(ticket->id);
    std::string body = notice + summary(context, *ticket) + snapshotSection(context, devices) +
                       changesSection(context, devices) + activitySection(context, ticket->id);
    if (context.can(Need::Work)) {
        body += workForms(context, *ticket);
    }
    const std::string title = Messages::catalogue().format("ticket.page.title", context.language,
                                                           {{"number", ticket->number}});
    return htmlPage(context, title, body, status);
}

}  // namespace parque::collector::web
