// JSON for the helpdesk API: ticket, category and lookup answers, and request bodies read into
// the ticket store's types (HttpError 400 naming the field for anything malformed).
#pragma once

#include "parque/collector/Router.h"
#include "parque/collector/tickets/TicketStore.h"

#include <Poco/JSON/Object.h>

#include <initializer_list>
#include <optional>
#include <string>

namespace parque::collector {

Poco::JSON::Object::Ptr requestObject(Request& request);  // the body, a JSON object
std::string jsonText(const Poco::Dynamic::Var& value);

tickets::NewTicket newTicketFrom(const Poco::JSON::Object& body);
tickets::TicketChange ticketChangeFrom(const Poco::JSON::Object& body);
tickets::Category categoryFrom(const Poco::JSON::Object& body);
std::optional<std::string> optionalString(const Poco::JSON::Object& body, const std::string& name);
std::optional<std::int64_t> optionalInteger(const Poco::JSON::Object& body,
                                            const std::string& name);
int smallInteger(const std::string& name, std::int64_t value);  // HttpError 400 beyond int
void onlyFields(const Poco::JSON::Object& body, std::initializer_list<const char*> allowed);
std::string requiredString(const Poco::JSON::Object& body, const std::string& name);
bool optionalBool(const Poco::JSON::Object& body, const std::string& name, bool fallback);

Poco::JSON::Object::Ptr categoryJson(const tickets::Category& category);
// The ticket with its SLA state at `now` and inactivity flag; `full` adds the linked devices
// (snapshot and changes since linking) and the activity log.
Poco::JSON::Object::Ptr ticketJson(tickets::TicketStore& store, const tickets::Ticket& ticket,
                                   std::int64_t now, bool full);
// What the customer sees: status, title and public comments.
Poco::JSON::Object::Ptr lookupJson(tickets::TicketStore& store, const tickets::Ticket& ticket);

}  // namespace parque::collector
