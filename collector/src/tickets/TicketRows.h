// Shared internals of the ticket store: the ticket columns, row reading and value checks.
#pragma once

#include "parque/collector/tickets/TicketStore.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>

#include <string>

namespace parque::collector::tickets {

extern const char* const kTicketColumns;  // for "SELECT ... FROM tickets t"

Ticket ticketFromRow(const Poco::Data::RecordSet& rows, std::size_t row);
// The ticket (with its pauses) read through `session`, e.g. inside a write transaction.
std::optional<Ticket> selectTicket(Poco::Data::Session& session, Database& database,
                                   const std::string& number);
Ticket requiredTicket(Poco::Data::Session& session, Database& database,
                      const std::string& number);  // TicketError(NotFound) when unknown
void loadPauses(Poco::Data::Session& session, Database& database, Ticket& ticket);

// Throw TicketError(BadRequest) naming the field unless the value is one of the allowed ones.
void checkStatus(const std::string& status);
void checkUrgency(const std::string& urgency);
void checkChannel(const std::string& channel);
void checkLevel(int level);

// Links the device with its current inventory as the snapshot (the caller holds a
// WriteTransaction, see TicketStore::linkDevice). TicketError NotFound / Conflict.
void linkInTransaction(Poco::Data::Session& session, Database& database, std::int64_t ticketId,
                       const std::string& deviceId, const std::string& actor,
                       const std::string& at);

// The first matching assignment rule's group, technician and level, applied to the new ticket.
void applyRules(Poco::Data::Session& session, Database& database, std::int64_t ticketId,
                const NewTicket& ticket, const std::vector<AssignmentRule>& rules,
                const std::string& at);

void logActivity(Poco::Data::Session& session, Database& database, std::int64_t ticketId,
                 const std::string& actor, const std::string& kind, bool isPublic,
                 const std::string& text, const std::string& at);

}  // namespace parque::collector::tickets
