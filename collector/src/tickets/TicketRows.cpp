#include "TicketRows.h"

#include <Poco/Data/Statement.h>

#include <set>

using namespace Poco::Data::Keywords;

namespace parque::collector::tickets {
namespace {

std::string text(const Poco::Data::RecordSet& rows, std::size_t column, std::size_t row) {
    const Poco::Dynamic::Var value = rows.value(column, row);
    return value.isEmpty() ? std::string() : value.convert<std::string>();
}

std::optional<std::string> optionalText(const Poco::Data::RecordSet& rows, std::size_t column,
                                        std::size_t row) {
    const Poco::Dynamic::Var value = rows.value(column, row);
    if (value.isEmpty()) {
        return std::nullopt;
    }
    return value.convert<std::string>();
}

void checkOneOf(const char* field, const std::string& value, const std::set<std::string>& allowed) {
    if (allowed.count(value) == 0) {
        std::string list;
        for (const std::string& a : allowed) {
            list += (list.empty() ? "" : ", ") + a;
        }
        throw TicketError(TicketError::Code::BadRequest,
                          std::string(field) + " must be one of: " + list);
    }
}

}  // namespace

const char* const kTicketColumns =
    "t.id, t.number, t.title, t.description, t.category_id, t.urgency, t.level, t.status,"
    " t.assigned_group, t.technician, t.requester_name, t.requester_contact, t.site, t.channel,"
    " t.created_at, t.updated_at, t.first_response_at, t.resolved_at, t.last_activity_at";

Ticket ticketFromRow(const Poco::Data::RecordSet& rows, std::size_t row) {
    Ticket t;
    t.id = rows.value(0, row).convert<std::int64_t>();
    t.number = text(rows, 1, row);
    t.title = text(rows, 2, row);
    t.description = text(rows, 3, row);
    if (!rows.value(4, row).isEmpty()) {
        t.categoryId = rows.value(4, row).convert<std::int64_t>();
    }
    t.urgency = text(rows, 5, row);
    t.level = rows.value(6, row).convert<int>();
    t.status = text(rows, 7, row);
    t.group = text(rows, 8, row);
    t.technician = text(rows, 9, row);
    t.requesterName = text(rows, 10, row);
    t.requesterContact = text(rows, 11, row);
    t.site = text(rows, 12, row);
    t.channel = text(rows, 13, row);
    t.createdAt = text(rows, 14, row);
    t.updatedAt = text(rows, 15, row);
    t.firstResponseAt = optionalText(rows, 16, row);
    t.resolvedAt = optionalText(rows, 17, row);
    t.lastActivityAt = text(rows, 18, row);
    return t;
}

void loadPauses(Poco::Data::Session& session, Database& database, Ticket& ticket) {
    std::vector<std::string> from;
    std::vector<Poco::Nullable<std::string>> to;
    session << database.sql(
        "SELECT from_at, to_at FROM ticket_pauses WHERE ticket_id = ? ORDER BY id"),
        bind(ticket.id), into(from), into(to), now;
    ticket.pauses.clear();
    for (std::size_t i = 0; i < from.size(); ++i) {
        Pause pause;
        pause.from = parseUtc(from[i]);
        if (!to[i].isNull()) {
            pause.to = parseUtc(to[i].value());
        }
        ticket.pauses.push_back(pause);
    }
}

void checkStatus(const std::string& status) {
    checkOneOf("status", status,
               {"new", "assigned", "in_progress", "pending", "resolved", "closed"});
}

void checkUrgency(const std::string& urgency) {
    checkOneOf("urgency", urgency, {"low", "medium", "high", "critical"});
}

void checkChannel(const std::string& channel) {
    checkOneOf("channel", channel, {"phone", "mail", "chat", "web", "social"});
}

void checkLevel(int level) {
    if (level < 1 || level > 4) {
        throw TicketError(TicketError::Code::BadRequest, "level must be from 1 to 4");
    }
}

void logActivity(Poco::Data::Session& session, Database& database, std::int64_t ticketId,
                 const std::string& actor, const std::string& kind, bool isPublic,
                 const std::string& text, const std::string& at) {
    const int shown = isPublic ? 1 : 0;
    session << database.sql(
        "INSERT INTO ticket_activity (ticket_id, actor, at, kind, public, body)"
        " VALUES (?, ?, ?, ?, ?, ?)"),
        bind(ticketId), bind(actor), bind(at), bind(kind), bind(shown), bind(text), now;
    session << database.sql("UPDATE tickets SET last_activity_at = ?, updated_at = ? WHERE id = ?"),
        bind(at), bind(at), bind(ticketId), now;
}

}  // namespace parque::collector::tickets
