// Changing tickets: creation (number and access code), field and status changes with their
// pauses and activity, comments.
#include "TicketRows.h"
#include "parque/collector/Registry.h"

#include <Poco/Data/Statement.h>
#include <openssl/rand.h>

using namespace Poco::Data::Keywords;

namespace parque::collector::tickets {
namespace {

// 12 characters without look-alikes (no 0/O, 1/I): 60 random bits, easy to read out on the phone.
std::string accessCode() {
    static constexpr char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    unsigned char bytes[12];
    if (RAND_bytes(bytes, sizeof bytes) != 1) {
        throw std::runtime_error("the random number generator failed");
    }
    std::string code;
    for (const unsigned char byte : bytes) {
        code += alphabet[byte & 31U];
    }
    return code;
}

std::string nextNumber(Poco::Data::Session& session, Database& database, const std::string& at) {
    const std::string prefix = "T-" + at.substr(0, 4) + "-";
    Poco::Int64 last = 0;
    session << database.sql(
        "SELECT COALESCE(MAX(CAST(substr(number, 8) AS INTEGER)), 0) FROM tickets"
        " WHERE number LIKE ?"),
        bind(prefix + "%"), into(last), now;
    std::string digits = std::to_string(last + 1);
    if (digits.size() < 6) {
        digits.insert(0, 6 - digits.size(), '0');
    }
    return prefix + digits;
}

void checkNewTicket(const NewTicket& t) {
    if (t.title.empty() || t.title.size() > 200) {
        throw TicketError(TicketError::Code::BadRequest, "title must have 1 to 200 characters");
    }
    if (t.description.size() > 20000) {
        throw TicketError(TicketError::Code::BadRequest, "description is longer than 20000");
    }
    checkUrgency(t.urgency);
    checkChannel(t.channel);
    checkLevel(t.level);
    if (t.deviceIds.size() > 50) {
        throw TicketError(TicketError::Code::BadRequest, "at most 50 devices per ticket");
    }
}

Poco::Nullable<std::string> nullableText(const std::string& text) {
    return text.empty() ? Poco::Nullable<std::string>() : Poco::Nullable<std::string>(text);
}

}  // namespace

// One WriteTransaction for the ticket, its devices (see linkDevice) and its assignment.
CreatedTicket TicketStore::create(const NewTicket& t, const std::string& actor, std::int64_t when) {
    checkNewTicket(t);
    if (t.categoryId && !category(*t.categoryId)) {
        throw TicketError(TicketError::Code::BadRequest,
                          "no category " + std::to_string(*t.categoryId));
    }
    const std::vector<AssignmentRule> ordered = rules();
    CreatedTicket created;
    created.accessCode = accessCode();
    const std::string at = utcTime(when);
    Poco::Nullable<Poco::Int64> category;
    if (t.categoryId) {
        category = *t.categoryId;
    }
    Database::WriteTransaction tx(database_);
    Poco::Data::Session& s = tx.session();
    created.number = nextNumber(s, database_, at);
    const std::string hash = sha256Hex(created.number + ":" + created.accessCode);
    const std::string status = t.technician.empty() && t.group.empty() ? "new" : "assigned";
    Poco::Int64 id = 0;
    s << database_.sql(
        "INSERT INTO tickets (number, title, description, category_id, urgency, level,"
        " status, assigned_group, technician, requester_name, requester_contact, site,"
        " channel, created_at, updated_at, last_activity_at, access_code_hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"),
        bind(created.number), bind(t.title), bind(t.description), bind(category), bind(t.urgency),
        bind(t.level), bind(status), bind(nullableText(t.group)), bind(nullableText(t.technician)),
        bind(t.requesterName), bind(t.requesterContact), bind(t.site), bind(t.channel), bind(at),
        bind(at), bind(at), bind(hash), into(id), now;
    logActivity(s, database_, id, actor, "created", true, "ticket opened by " + t.channel, at);
    for (const std::string& device : t.deviceIds) {
        linkInTransaction(s, database_, id, device, actor, at);
    }
    applyRules(s, database_, id, t, ordered, at);
    tx.commit();
    return created;
}

namespace {

void changeStatus(Poco::Data::Session& s, Database& db, const Ticket& ticket,
                  const std::string& status, const std::string& actor, const std::string& at) {
    if (ticket.status == "pending" && status != "pending") {
        s << db.sql("UPDATE ticket_pauses SET to_at = ? WHERE ticket_id = ? AND to_at IS NULL"),
            bind(at), bind(ticket.id), now;
    } else if (ticket.status != "pending" && status == "pending") {
        s << db.sql("INSERT INTO ticket_pauses (ticket_id, from_at) VALUES (?, ?)"),
            bind(ticket.id), bind(at), now;
    }
    if (ticket.status == "new" && status != "new" && !ticket.firstResponseAt) {
        s << db.sql("UPDATE tickets SET first_response_at = ? WHERE id = ?"), bind(at),
            bind(ticket.id), now;
    }
    if ((status == "resolved" || status == "closed") && !ticket.resolvedAt) {
        s << db.sql("UPDATE tickets SET resolved_at = ? WHERE id = ?"), bind(at), bind(ticket.id),
            now;
    } else if (status != "resolved" && status != "closed" && ticket.resolvedAt) {
        s << db.sql("UPDATE tickets SET resolved_at = NULL WHERE id = ?"), bind(ticket.id),
            now;  // reopened: the resolution clock runs again
    }
    s << db.sql("UPDATE tickets SET status = ? WHERE id = ?"), bind(status), bind(ticket.id), now;
    logActivity(s, db, ticket.id, actor, "status", true, ticket.status + " -> " + status, at);
}

void changeField(Poco::Data::Session& s, Database& db, const Ticket& ticket, const char* column,
                 const std::string& kind, const std::string& label, const std::string& before,
                 const std::string& after, const std::string& actor, const std::string& at) {
    s << db.sql(std::string("UPDATE tickets SET ") + column + " = ? WHERE id = ?"),
        bind(nullableText(after)), bind(ticket.id), now;
    logActivity(
        s, db, ticket.id, actor, kind, false,
        label + ": " + (before.empty() ? "-" : before) + " -> " + (after.empty() ? "-" : after),
        at);
}

}  // namespace

void TicketStore::update(const std::string& number, const TicketChange& change,
                         const std::string& actor, std::int64_t when) {
    if (change.status) {
        checkStatus(*change.status);
    }
    if (change.urgency) {
        checkUrgency(*change.urgency);
    }
    if (change.level) {
        checkLevel(*change.level);
    }
    const std::string at = utcTime(when);
    database_.write([&](Poco::Data::Session& s) {
        const Ticket t = requiredTicket(s, database_, number);
        if (change.status && *change.status != t.status) {
            changeStatus(s, database_, t, *change.status, actor, at);
        }
        if (change.level && *change.level != t.level) {
            changeField(s, database_, t, "level", "escalated", "level", std::to_string(t.level),
                        std::to_string(*change.level), actor, at);
        }
        if (change.urgency && *change.urgency != t.urgency) {
            changeField(s, database_, t, "urgency", "escalated", "urgency", t.urgency,
                        *change.urgency, actor, at);
        }
        if (change.group && *change.group != t.group) {
            changeField(s, database_, t, "assigned_group", "assigned", "group", t.group,
                        *change.group, actor, at);
        }
        if (change.technician && *change.technician != t.technician) {
            changeField(s, database_, t, "technician", "assigned", "technician", t.technician,
                        *change.technician, actor, at);
        }
    });
}

void TicketStore::comment(const std::string& number, const std::string& actor,
                          const std::string& text, bool isPublic, std::int64_t when) {
    if (text.empty() || text.size() > 20000) {
        throw TicketError(TicketError::Code::BadRequest, "text must have 1 to 20000 characters");
    }
    const std::string at = utcTime(when);
    database_.write([&](Poco::Data::Session& s) {
        const Ticket t = requiredTicket(s, database_, number);
        logActivity(s, database_, t.id, actor, "comment", isPublic, text, at);
    });
}

}  // namespace parque::collector::tickets
