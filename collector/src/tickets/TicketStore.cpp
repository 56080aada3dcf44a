// Reading tickets: one ticket, filtered pages, activity, the customer lookup and SLA state.
#include "TicketRows.h"
#include "parque/collector/Registry.h"

#include <Poco/Data/Statement.h>

#include <cstdio>
#include <ctime>

using namespace Poco::Data::Keywords;

namespace parque::collector::tickets {
namespace {

long boundedNumber(const std::string& name, const std::string& text, long min, long max) {
    std::size_t used = 0;
    long value = 0;
    try {
        value = std::stol(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (text.empty() || used != text.size() || value < min || value > max) {
        throw TicketError(TicketError::Code::BadRequest, name + " must be an integer from " +
                                                             std::to_string(min) + " to " +
                                                             std::to_string(max));
    }
    return value;
}

bool flag(const std::string& name, const std::string& value) {
    if (value != "true" && value != "false") {
        throw TicketError(TicketError::Code::BadRequest, name + " must be true or false");
    }
    return value == "true";
}

struct ListQuery {
    std::string where = " WHERE 1 = 1";
    std::vector<std::string> values;
    std::size_t limit = 50;
    bool breached = false;
    bool inactive = false;
    std::optional<std::string> cursor;
};

ListQuery listQuery(const std::map<std::string, std::string>& filters) {
    ListQuery q;
    for (const auto& [name, value] : filters) {
        if (name == "status") {
            checkStatus(value);
            q.where += " AND t.status = ?";
        } else if (name == "level") {
            boundedNumber("level", value, 1, 4);
            q.where += " AND t.level = CAST(? AS INTEGER)";
        } else if (name == "site") {
            q.where += " AND t.site = ?";
        } else if (name == "category") {
            boundedNumber("category", value, 1, 2147483647L);
            q.where += " AND t.category_id = CAST(? AS INTEGER)";
        } else if (name == "device") {
            q.where +=
                " AND EXISTS (SELECT 1 FROM ticket_devices l WHERE l.ticket_id = t.id AND"
                " l.device_id = ? AND l.unlinked_at IS NULL)";
        } else if (name == "breached" || name == "inactive") {
            (name == "breached" ? q.breached : q.inactive) = flag(name, value);
            continue;
        } else if (name == "limit") {
            q.limit = static_cast<std::size_t>(boundedNumber("limit", value, 1, 500));
            continue;
        } else if (name == "cursor") {
            boundedNumber("cursor", value, 1, 9007199254740991L);
            q.cursor = value;
            continue;
        } else {
            throw TicketError(TicketError::Code::BadRequest, "unknown filter '" + name + "'");
        }
        q.values.push_back(value);
    }
    return q;
}

}  // namespace

std::int64_t parseUtc(const std::string& text) {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    char zulu = 0;
    if (text.size() != 20 ||
        std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &year, &month, &day, &hour, &minute,
                    &second, &zulu) != 7 ||
        zulu != 'Z' || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 ||
        second > 60) {
        throw TicketError(TicketError::Code::BadRequest, "not a UTC time: '" + text + "'");
    }
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = second;
    return static_cast<std::int64_t>(timegm(&tm));
}

TicketStore::TicketStore(Database& database, TimeZone zone)
    : database_(database), zone_(std::move(zone)) {}

std::optional<Ticket> selectTicket(Poco::Data::Session& session, Database& database,
                                   const std::string& number) {
    Poco::Data::Statement select(session);
    select << database.sql(std::string("SELECT ") + kTicketColumns +
                           " FROM tickets t WHERE t.number = ?"),
        bind(number);
    select.execute();
    Poco::Data::RecordSet rows(select);
    if (rows.rowCount() == 0) {
        return std::nullopt;
    }
    Ticket ticket = ticketFromRow(rows, 0);
    loadPauses(session, database, ticket);
    return ticket;
}

Ticket requiredTicket(Poco::Data::Session& session, Database& database, const std::string& number) {
    auto ticket = selectTicket(session, database, number);
    if (!ticket) {
        throw TicketError(TicketError::Code::NotFound, "no ticket " + number);
    }
    return *ticket;
}

std::optional<Ticket> TicketStore::find(const std::string& number) {
    Poco::Data::Session session = database_.session();
    return selectTicket(session, database_, number);
}

TicketPage TicketStore::list(const std::map<std::string, std::string>& filters, std::int64_t when) {
    const ListQuery q = listQuery(filters);
    const bool computed = q.breached || q.inactive;
    const std::size_t batch = computed ? 200 : q.limit + 1;
    std::optional<std::string> cursor = q.cursor;
    TicketPage page;
    Poco::Data::Session session = database_.session();
    while (page.items.size() <= q.limit) {
        Poco::Data::Statement select(session);
        select << database_.sql(std::string("SELECT ") + kTicketColumns + " FROM tickets t" +
                                q.where + (cursor ? " AND t.id < CAST(? AS INTEGER)" : "") +
                                " ORDER BY t.id DESC LIMIT " + std::to_string(batch));
        for (const std::string& value : q.values) {
            select.addBind(bind(value));
        }
        if (cursor) {
            select.addBind(bind(*cursor));
        }
        select.execute();
        Poco::Data::RecordSet rows(select);
        for (std::size_t row = 0; row < rows.rowCount() && page.items.size() <= q.limit; ++row) {
            Ticket ticket = ticketFromRow(rows, row);
            cursor = std::to_string(ticket.id);
            loadPauses(session, database_, ticket);
            if (q.breached) {
                const SlaState state = sla(ticket, when);
                if (state.firstResponse.status != SlaStatus::Breached &&
                    state.resolution.status != SlaStatus::Breached) {
                    continue;
                }
            }
            if (q.inactive && !inactive(ticket, when)) {
                continue;
            }
            page.items.push_back(std::move(ticket));
        }
        if (rows.rowCount() < batch) {
            break;
        }
    }
    if (page.items.size() > q.limit) {
        page.items.pop_back();
        page.nextCursor = std::to_string(page.items.back().id);
    }
    return page;
}

std::vector<Activity> TicketStore::activity(std::int64_t ticketId, bool publicOnly) {
    std::vector<std::string> actors, ats, kinds, bodies;
    std::vector<int> shown;
    Poco::Data::Session session = database_.session();
    session << database_.sql(std::string("SELECT actor, at, kind, public, body FROM"
                                         " ticket_activity WHERE ticket_id = ?") +
                             (publicOnly ? " AND public = 1 AND kind = 'comment'" : "") +
                             " ORDER BY id"),
        bind(ticketId), into(actors), into(ats), into(kinds), into(shown), into(bodies), now;
    std::vector<Activity> out;
    for (std::size_t i = 0; i < actors.size(); ++i) {
        out.push_back({actors[i], ats[i], kinds[i], shown[i] != 0, bodies[i]});
    }
    return out;
}

std::optional<Ticket> TicketStore::lookup(const std::string& number,
                                          const std::string& accessCode) {
    Poco::Nullable<std::string> hash;
    Poco::Data::Session session = database_.session();
    session << database_.sql("SELECT access_code_hash FROM tickets WHERE number = ?"), bind(number),
        into(hash), now;
    // The code is hashed with the ticket's number, so another ticket's code never matches.
    if (hash.isNull() || accessCode.empty() ||
        hash.value() != sha256Hex(number + ":" + accessCode)) {
        return std::nullopt;
    }
    return find(number);
}

SlaState TicketStore::sla(const Ticket& ticket, std::int64_t when) {
    SlaTargets targets;  // no category: no targets
    if (ticket.categoryId) {
        if (const auto c = category(*ticket.categoryId)) {
            targets = c->targets;
        }
    }
    TicketClock clock;
    clock.openedAt = parseUtc(ticket.createdAt);
    clock.pauses = ticket.pauses;
    if (ticket.firstResponseAt) {
        clock.firstResponseAt = parseUtc(*ticket.firstResponseAt);
    }
    if (ticket.resolvedAt) {
        clock.resolvedAt = parseUtc(*ticket.resolvedAt);
    }
    return evaluate(targets, zone_, clock, when);
}

bool TicketStore::inactive(const Ticket& ticket, std::int64_t when) {
    if (!ticket.categoryId || ticket.status == "resolved" || ticket.status == "closed") {
        return false;
    }
    const auto c = category(*ticket.categoryId);
    if (!c || c->inactivityHours <= 0) {
        return false;
    }
    return when - parseUtc(ticket.lastActivityAt) >= std::int64_t{c->inactivityHours} * 3600;
}

}  // namespace parque::collector::tickets
