#include "TicketJson.h"

#include "HttpServer.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <limits>
#include <sstream>

namespace parque::collector {
namespace {

using Poco::Dynamic::Var;

[[noreturn]] void badField(const std::string& name, const std::string& what) {
    throw HttpError(400, "bad_request", "$." + name + " must be " + what);
}

Var nullable(const std::optional<std::string>& text) { return text ? Var(*text) : Var(); }

Poco::JSON::Object::Ptr targetJson(const tickets::SlaTarget& target, const tickets::TimeZone& z) {
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object;
    out->set("status", tickets::toString(target.status));
    out->set("due_at", target.dueAt ? Var(utcTime(*target.dueAt)) : Var());
    out->set("due_local", target.dueAt ? Var(z.format(*target.dueAt)) : Var());
    out->set("remaining_seconds", target.remainingSeconds
                                      ? Var(static_cast<Poco::Int64>(*target.remainingSeconds))
                                      : Var());
    return out;
}

Poco::JSON::Array::Ptr devicesJson(tickets::TicketStore& store, std::int64_t ticketId) {
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const tickets::LinkedDevice& d : store.devices(ticketId)) {
        Poco::JSON::Object::Ptr item = new Poco::JSON::Object;
        item->set("device_id", d.deviceId);
        item->set("linked_at", d.linkedAt);
        Poco::JSON::Parser parser;
        item->set("snapshot", parser.parse(d.snapshot));
        Poco::JSON::Array::Ptr changes = new Poco::JSON::Array;
        for (const tickets::DeviceChange& c : store.changesSince(d)) {
            Poco::JSON::Object::Ptr e = new Poco::JSON::Object;
            e->set("id", static_cast<Poco::Int64>(c.id));
            e->set("time", c.time);
            e->set("type", c.type);
            e->set("section", c.section);
            e->set("component", c.component);
            e->set("field", nullable(c.field));
            e->set("old", nullable(c.oldValue));
            e->set("new", nullable(c.newValue));
            changes->add(e);
        }
        item->set("changed_since_opening", changes);
        list->add(item);
    }
    return list;
}

Poco::JSON::Array::Ptr activityJson(tickets::TicketStore& store, std::int64_t ticketId,
                                    bool publicOnly) {
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const tickets::Activity& a : store.activity(ticketId, publicOnly)) {
        Poco::JSON::Object::Ptr item = new Poco::JSON::Object;
        item->set("at", a.at);
        item->set("text", a.text);
        if (!publicOnly) {
            item->set("actor", a.actor);
            item->set("kind", a.kind);
            item->set("public", a.isPublic);
        }
        list->add(item);
    }
    return list;
}

}  // namespace

std::optional<std::string> optionalString(const Poco::JSON::Object& body, const std::string& name) {
    if (!body.has(name) || body.isNull(name)) {
        return std::nullopt;
    }
    if (!body.get(name).isString()) {
        badField(name, "a string");
    }
    return body.getValue<std::string>(name);
}

std::optional<std::int64_t> optionalInteger(const Poco::JSON::Object& body,
                                            const std::string& name) {
    if (!body.has(name) || body.isNull(name)) {
        return std::nullopt;
    }
    const Var value = body.get(name);
    if (!value.isInteger()) {
        badField(name, "an integer");
    }
    return value.convert<std::int64_t>();
}

int smallInteger(const std::string& name, std::int64_t value) {
    if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max()) {
        badField(name, "a smaller integer");
    }
    return static_cast<int>(value);
}

void onlyFields(const Poco::JSON::Object& body, std::initializer_list<const char*> allowed) {
    for (const auto& [name, value] : body) {
        bool known = false;
        for (const char* a : allowed) {
            known = known || name == a;
        }
        if (!known) {
            throw HttpError(400, "bad_request", "unknown field $." + name);
        }
    }
}

Poco::JSON::Object::Ptr requestObject(Request& request) {
    const std::string body = readBody(request, std::size_t{64} * 1024);
    try {
        Poco::JSON::Parser parser;
        parser.setDepth(4);
        const Var parsed = parser.parse(body);
        if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) {
            throw HttpError(400, "bad_request", "the body must be a JSON object");
        }
        return parsed.extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception& e) {
        throw HttpError(400, "bad_request", "malformed JSON: " + e.message());
    }
}

std::string jsonText(const Var& value) {
    std::ostringstream out;
    Poco::JSON::Stringifier::condense(value, out);
    return out.str();
}

std::string requiredString(const Poco::JSON::Object& body, const std::string& name) {
    const auto value = optionalString(body, name);
    if (!value) {
        badField(name, "a string");
    }
    return *value;
}

bool optionalBool(const Poco::JSON::Object& body, const std::string& name, bool fallback) {
    if (!body.has(name) || body.isNull(name)) {
        return fallback;
    }
    if (!body.get(name).isBoolean()) {
        badField(name, "true or false");
    }
    return body.getValue<bool>(name);
}

tickets::NewTicket newTicketFrom(const Poco::JSON::Object& body) {
    onlyFields(body, {"title", "description", "category_id", "urgency", "level", "site", "channel",
                      "requester_name", "requester_contact", "group", "technician", "device_ids"});
    tickets::NewTicket t;
    t.title = requiredString(body, "title");
    t.description = optionalString(body, "description").value_or("");
    t.categoryId = optionalInteger(body, "category_id");
    t.urgency = optionalString(body, "urgency").value_or("medium");
    t.level = smallInteger("level", optionalInteger(body, "level").value_or(1));
    t.site = optionalString(body, "site").value_or("");
    t.channel = optionalString(body, "channel").value_or("web");
    t.requesterName = optionalString(body, "requester_name").value_or("");
    t.requesterContact = optionalString(body, "requester_contact").value_or("");
    t.group = optionalString(body, "group").value_or("");
    t.technician = optionalString(body, "technician").value_or("");
    if (body.has("device_ids")) {
        const auto ids = body.getArray("device_ids");
        for (std::size_t i = 0; ids && i < ids->size(); ++i) {
            const Var id = ids->get(static_cast<unsigned>(i));
            if (!id.isString()) {
                badField("device_ids", "an array of device ids");
            }
            t.deviceIds.push_back(id.convert<std::string>());
        }
        if (!ids) {
            badField("device_ids", "an array of device ids");
        }
    }
    return t;
}

tickets::TicketChange ticketChangeFrom(const Poco::JSON::Object& body) {
    onlyFields(body, {"status", "level", "group", "technician", "urgency"});
    tickets::TicketChange c;
    c.status = optionalString(body, "status");
    if (const auto level = optionalInteger(body, "level")) {
        c.level = smallInteger("level", *level);
    }
    c.group = optionalString(body, "group");
    c.technician = optionalString(body, "technician");
    c.urgency = optionalString(body, "urgency");
    return c;
}

tickets::Category categoryFrom(const Poco::JSON::Object& body) {
    onlyFields(body, {"name", "first_response_minutes", "resolution_minutes", "calendar",
                      "start_minute", "end_minute", "work_days", "inactivity_hours"});
    tickets::Category c;
    c.name = requiredString(body, "name");
    c.targets.firstResponseMinutes = optionalInteger(body, "first_response_minutes").value_or(0);
    c.targets.resolutionMinutes = optionalInteger(body, "resolution_minutes").value_or(0);
    const std::string calendar = optionalString(body, "calendar").value_or("24x7");
    if (calendar != "24x7" && calendar != "business") {
        badField("calendar", "\"24x7\" or \"business\"");
    }
    tickets::Calendar& k = c.targets.calendar;
    k.allDay = calendar == "24x7";
    k.startMinute =
        smallInteger("start_minute", optionalInteger(body, "start_minute").value_or(k.startMinute));
    k.endMinute =
        smallInteger("end_minute", optionalInteger(body, "end_minute").value_or(k.endMinute));
    if (body.has("work_days")) {
        const auto days = body.getArray("work_days");
        if (!days) {
            badField("work_days", "an array of integers 0..6");
        }
        k.workDays.clear();
        for (std::size_t i = 0; i < days->size(); ++i) {
            const Var day = days->get(static_cast<unsigned>(i));
            if (!day.isInteger()) {
                badField("work_days", "an array of integers 0..6");
            }
            k.workDays.insert(smallInteger("work_days", day.convert<std::int64_t>()));
        }
    }
    c.inactivityHours =
        smallInteger("inactivity_hours", optionalInteger(body, "inactivity_hours").value_or(0));
    return c;
}

Poco::JSON::Object::Ptr categoryJson(const tickets::Category& c) {
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object;
    out->set("id", static_cast<Poco::Int64>(c.id));
    out->set("name", c.name);
    out->set("first_response_minutes", static_cast<Poco::Int64>(c.targets.firstResponseMinutes));
    out->set("resolution_minutes", static_cast<Poco::Int64>(c.targets.resolutionMinutes));
    const tickets::Calendar& k = c.targets.calendar;
    out->set("calendar", k.allDay ? "24x7" : "business");
    out->set("start_minute", k.startMinute);
    out->set("end_minute", k.endMinute);
    Poco::JSON::Array::Ptr days = new Poco::JSON::Array;
    for (const int day : k.workDays) {
        days->add(day);
    }
    out->set("work_days", days);
    out->set("inactivity_hours", c.inactivityHours);
    return out;
}

Poco::JSON::Object::Ptr ticketJson(tickets::TicketStore& store, const tickets::Ticket& t,
                                   std::int64_t now, bool full) {
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object;
    out->set("number", t.number);
    out->set("title", t.title);
    out->set("description", t.description);
    out->set("category_id", t.categoryId ? Var(static_cast<Poco::Int64>(*t.categoryId)) : Var());
    out->set("urgency", t.urgency);
    out->set("level", t.level);
    out->set("status", t.status);
    out->set("group", t.group.empty() ? Var() : Var(t.group));
    out->set("technician", t.technician.empty() ? Var() : Var(t.technician));
    out->set("requester_name", t.requesterName);
    out->set("requester_contact", t.requesterContact);
    out->set("site", t.site);
    out->set("channel", t.channel);
    out->set("created_at", t.createdAt);
    out->set("updated_at", t.updatedAt);
    out->set("first_response_at", nullable(t.firstResponseAt));
    out->set("resolved_at", nullable(t.resolvedAt));
    out->set("last_activity_at", t.lastActivityAt);
    out->set("inactive", store.inactive(t, now));
    const tickets::SlaState state = store.sla(t, now);
    Poco::JSON::Object::Ptr sla = new Poco::JSON::Object;
    sla->set("time_zone", store.zone().name());
    sla->set("paused", !t.pauses.empty() && !t.pauses.back().to);
    sla->set("first_response", targetJson(state.firstResponse, store.zone()));
    sla->set("resolution", targetJson(state.resolution, store.zone()));
    out->set("sla", sla);
    if (full) {
        out->set("devices", devicesJson(store, t.id));
        out->set("activity", activityJson(store, t.id, false));
    }
    return out;
}

Poco::JSON::Object::Ptr lookupJson(tickets::TicketStore& store, const tickets::Ticket& t) {
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object;
    out->set("number", t.number);
    out->set("title", t.title);
    out->set("status", t.status);
    out->set("created_at", t.createdAt);
    out->set("updated_at", t.updatedAt);
    out->set("comments", activityJson(store, t.id, true));
    return out;
}

}  // namespace parque::collector
