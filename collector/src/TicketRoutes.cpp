// The helpdesk API: tickets, their comments and linked devices, categories, assignment rules,
// a device's tickets, and the customer's lookup by number and access code (no API token).
#include "ApiAuth.h"
#include "Queries.h"
#include "TicketJson.h"
#include "parque/collector/Service.h"
#include "parque/collector/tickets/TicketStore.h"

#include <Poco/Data/Session.h>

#include <ctime>
#include <memory>
#include <stdexcept>

namespace parque::collector {
namespace {

using tickets::TicketError;
using tickets::TicketStore;
using TicketHandler = std::function<Response(Request&, const ApiIdentity&)>;

std::int64_t currentTime() { return static_cast<std::int64_t>(std::time(nullptr)); }

Response json(const Poco::Dynamic::Var& value, int status = 200) {
    Response response;
    response.status = status;
    response.body = jsonText(value);
    return response;
}

Response ticketErrors(const std::function<Response()>& work) {
    try {
        return work();
    } catch (const TicketError& e) {
        switch (e.code()) {
        case TicketError::Code::NotFound:
            throw HttpError(404, "not_found", e.what());
        case TicketError::Code::Conflict:
            throw HttpError(409, "conflict", e.what());
        case TicketError::Code::BadRequest:
            break;
        }
        throw HttpError(400, "bad_request", e.what());
    } catch (const std::invalid_argument& e) {
        throw HttpError(400, "bad_request", e.what());
    }
}

Handler guarded(Services& services, Access access, TicketHandler handler) {
    return [&services, access, handler](Request& request) {
        const ApiIdentity who = authorize(services, request, access);
        return ticketErrors([&] { return handler(request, who); });
    };
}

Response ticketPage(TicketStore& store, const std::map<std::string, std::string>& filters) {
    const std::int64_t now = currentTime();
    const tickets::TicketPage page = store.list(filters, now);
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const tickets::Ticket& t : page.items) {
        items->add(ticketJson(store, t, now, false));
    }
    Poco::JSON::Object::Ptr root = new Poco::JSON::Object;
    root->set("tickets", items);
    root->set("next_cursor",
              page.nextCursor ? Poco::Dynamic::Var(*page.nextCursor) : Poco::Dynamic::Var());
    return json(root);
}

Response ticketDetail(TicketStore& store, const std::string& number, int status = 200) {
    const auto ticket = store.find(number);
    if (!ticket) {
        throw HttpError(404, "not_found", "no ticket " + number);
    }
    return json(ticketJson(store, *ticket, currentTime(), true), status);
}

// The same answer for an unknown number and a wrong code: no way to learn which numbers exist.
Response lookup(TicketStore& store, Request& request) {
    return ticketErrors([&] {
        const auto body = requestObject(request);
        const auto ticket =
            store.lookup(requiredString(*body, "number"), requiredString(*body, "access_code"));
        if (!ticket) {
            throw HttpError(404, "not_found", "no ticket with that number and access code");
        }
        return json(lookupJson(store, *ticket));
    });
}

tickets::AssignmentRule ruleFrom(const Poco::JSON::Object& body) {
    onlyFields(body, {"position", "category_id", "site", "urgency", "device_model",
                      "peripheral_kind", "group", "technician", "level"});
    tickets::AssignmentRule rule;
    rule.position = optionalInteger(body, "position");
    rule.categoryId = optionalInteger(body, "category_id");
    rule.site = optionalString(body, "site");
    rule.urgency = optionalString(body, "urgency");
    rule.deviceModel = optionalString(body, "device_model");
    rule.peripheralKind = optionalString(body, "peripheral_kind");
    rule.group = optionalString(body, "group");
    rule.technician = optionalString(body, "technician");
    if (const auto level = optionalInteger(body, "level")) {
        rule.level = smallInteger("level", *level);
    }
    return rule;
}

Poco::JSON::Object::Ptr ruleJson(const tickets::AssignmentRule& rule) {
    using Poco::Dynamic::Var;
    const auto text = [](const std::optional<std::string>& value) {
        return value ? Var(*value) : Var();
    };
    const auto number = [](const auto& value) {
        return value ? Var(static_cast<Poco::Int64>(*value)) : Var();
    };
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object;
    out->set("id", static_cast<Poco::Int64>(rule.id));
    out->set("position", number(rule.position));
    out->set("category_id", number(rule.categoryId));
    out->set("site", text(rule.site));
    out->set("urgency", text(rule.urgency));
    out->set("device_model", text(rule.deviceModel));
    out->set("peripheral_kind", text(rule.peripheralKind));
    out->set("group", text(rule.group));
    out->set("technician", text(rule.technician));
    out->set("level", number(rule.level));
    return out;
}

void addRuleRoutes(Router& router, Services& services, const std::shared_ptr<TicketStore>& s) {
    router.add("GET", "/api/v1/rules",
               guarded(services, Access::Read, [s](Request&, const ApiIdentity&) {
                   Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
                   for (const tickets::AssignmentRule& rule : s->rules()) {
                       list->add(ruleJson(rule));
                   }
                   Poco::JSON::Object::Ptr root = new Poco::JSON::Object;
                   root->set("rules", list);
                   return json(root);
               }));
    router.add("POST", "/api/v1/rules",
               guarded(services, Access::Admin, [s](Request& request, const ApiIdentity&) {
                   return json(
                       ruleJson(s->addRule(ruleFrom(*requestObject(request)), currentTime())), 201);
               }));
}

void addTicketReads(Router& router, Services& services, const std::shared_ptr<TicketStore>& s) {
    router.add("GET", "/api/v1/tickets",
               guarded(services, Access::Read, [s](Request& request, const ApiIdentity&) {
                   return ticketPage(*s, request.query);
               }));
    router.add("GET", "/api/v1/tickets/{number}",
               guarded(services, Access::Read, [s](Request& request, const ApiIdentity&) {
                   return ticketDetail(*s, request.param("number"));
               }));
    Database& db = services.database;
    router.add("GET", "/api/v1/devices/{id}/tickets",
               guarded(services, Access::Read, [s, &db](Request& request, const ApiIdentity&) {
                   if (!deviceDetail(db, request.param("id"))) {
                       throw HttpError(404, "not_found", "no device " + request.param("id"));
                   }
                   auto filters = request.query;
                   filters["device"] = request.param("id");
                   return ticketPage(*s, filters);
               }));
    router.add("GET", "/api/v1/categories",
               guarded(services, Access::Read, [s](Request&, const ApiIdentity&) {
                   Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
                   for (const tickets::Category& c : s->categories()) {
                       list->add(categoryJson(c));
                   }
                   Poco::JSON::Object::Ptr root = new Poco::JSON::Object;
                   root->set("categories", list);
                   return json(root);
               }));
}

void addTicketWrites(Router& router, Services& services, const std::shared_ptr<TicketStore>& s) {
    router.add("POST", "/api/v1/tickets",
               guarded(services, Access::Work, [s](Request& request, const ApiIdentity& who) {
                   const auto created =
                       s->create(newTicketFrom(*requestObject(request)), who.name, currentTime());
                   Poco::JSON::Object::Ptr root = new Poco::JSON::Object;
                   root->set("number", created.number);
                   root->set("access_code", created.accessCode);
                   return json(root, 201);
               }));
    router.add("PATCH", "/api/v1/tickets/{number}",
               guarded(services, Access::Work, [s](Request& request, const ApiIdentity& who) {
                   const std::string number = request.param("number");
                   s->update(number, ticketChangeFrom(*requestObject(request)), who.name,
                             currentTime());
                   return ticketDetail(*s, number);
               }));
    router.add("POST", "/api/v1/tickets/{number}/comments",
               guarded(services, Access::Work, [s](Request& request, const ApiIdentity& who) {
                   const auto body = requestObject(request);
                   const std::string number = request.param("number");
                   s->comment(number, who.name, requiredString(*body, "text"),
                              optionalBool(*body, "public", false), currentTime());
                   return ticketDetail(*s, number, 201);
               }));
    router.add("POST", "/api/v1/tickets/{number}/devices",
               guarded(services, Access::Work, [s](Request& request, const ApiIdentity& who) {
                   const std::string number = request.param("number");
                   s->linkDevice(number, requiredString(*requestObject(request), "device_id"),
                                 who.name, currentTime());
                   return ticketDetail(*s, number, 201);
               }));
    router.add("DELETE", "/api/v1/tickets/{number}/devices/{id}",
               guarded(services, Access::Work, [s](Request& request, const ApiIdentity& who) {
                   const std::string number = request.param("number");
                   s->unlinkDevice(number, request.param("id"), who.name, currentTime());
                   return ticketDetail(*s, number);
               }));
    router.add("POST", "/api/v1/categories",
               guarded(services, Access::Admin, [s](Request& request, const ApiIdentity&) {
                   return json(categoryJson(s->addCategory(categoryFrom(*requestObject(request)),
                                                           currentTime())),
                               201);
               }));
}

}  // namespace

// The rule that is on by default: a payment peripheral replaced opens a ticket with the device
// linked (its snapshot shows the new peripheral, its history the old one).
void openReplacementTickets(TicketStore& store, Services& services, const std::string& deviceId,
                            const std::vector<ReplacedPeripheral>& replaced) {
    for (const ReplacedPeripheral& r : replaced) {
        if (r.kind != "pin-pad" && r.kind != "receipt-printer" && r.kind != "barcode-scanner") {
            continue;
        }
        std::string id = deviceId;
        std::string site;
        Poco::Data::Session session = services.database.session();
        session << services.database.sql("SELECT site FROM devices WHERE id = ?"),
            Poco::Data::Keywords::use(id), Poco::Data::Keywords::into(site),
            Poco::Data::Keywords::now;
        tickets::NewTicket ticket;
        ticket.title = "Payment peripheral replaced: " + r.kind;
        ticket.description = "The inventory found " + r.kind + " " + r.newKey + " where " +
                             r.oldKey + " was. Check that the replacement was authorised " +
                             "(PCI DSS 9.5.1).";
        ticket.urgency = "high";
        ticket.site = site;
        ticket.deviceIds = {deviceId};
        store.create(ticket, "parque", currentTime());
    }
}

void addTicketRoutes(Router& router, Services& services) {
    auto store = std::make_shared<TicketStore>(services.database,
                                               tickets::siteZone(services.config.timeZone));
    services.everyMinute = [store] { store->escalateAtRisk(currentTime()); };
    if (services.config.ticketOnPaymentReplacement) {
        services.onPeripheralsReplaced = [store, &services](const std::string& deviceId,
                                                            const auto& replaced) {
            openReplacementTickets(*store, services, deviceId, replaced);
        };
    }
    addTicketReads(router, services, store);
    addTicketWrites(router, services, store);
    addRuleRoutes(router, services, store);
    router.add("POST", "/api/v1/lookup",
               [store](Request& request) { return lookup(*store, request); });
}

}  // namespace parque::collector
