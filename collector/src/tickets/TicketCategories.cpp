// Ticket categories: SLA targets, calendar and inactivity threshold.
#include "TicketRows.h"

#include <Poco/Data/Statement.h>
#include <Poco/StringTokenizer.h>

using namespace Poco::Data::Keywords;

namespace parque::collector::tickets {
namespace {

void checkCategory(const Category& c) {
    const auto bad = [](const std::string& message) {
        throw TicketError(TicketError::Code::BadRequest, message);
    };
    if (c.name.empty() || c.name.size() > 100) {
        bad("name must have 1 to 100 characters");
    }
    const std::int64_t year = 366LL * 24 * 60;
    if (c.targets.firstResponseMinutes < 0 || c.targets.firstResponseMinutes > year ||
        c.targets.resolutionMinutes < 0 || c.targets.resolutionMinutes > year) {
        bad("SLA minutes must be from 0 to " + std::to_string(year));
    }
    const Calendar& k = c.targets.calendar;
    if (!k.allDay && (k.startMinute < 0 || k.endMinute > 1440 || k.startMinute >= k.endMinute ||
                      k.workDays.empty())) {
        bad("business hours need 0 <= start_minute < end_minute <= 1440 and work days");
    }
    for (const int day : k.workDays) {
        if (day < 0 || day > 6) {
            bad("work days are 0 (Sunday) to 6 (Saturday)");
        }
    }
    if (c.inactivityHours < 0 || c.inactivityHours > 24 * 366) {
        bad("inactivity_hours must be from 0 to " + std::to_string(24 * 366));
    }
}

std::string daysText(const std::set<int>& days) {
    std::string out;
    for (const int day : days) {
        out += (out.empty() ? "" : ",") + std::to_string(day);
    }
    return out;
}

std::set<int> daysFrom(const std::string& text) {
    std::set<int> days;
    for (const std::string& token : Poco::StringTokenizer(text, ",", 3)) {
        days.insert(std::stoi(token));
    }
    return days;
}

std::vector<Category> select(Database& database, const std::string& where,
                             const std::optional<std::int64_t>& id) {
    Poco::Data::Session session = database.session();
    Poco::Data::Statement statement(session);
    statement << database.sql(
        "SELECT id, name, first_response_minutes, resolution_minutes, calendar,"
        " work_start_minute, work_end_minute, work_days, inactivity_hours"
        " FROM ticket_categories" +
        where + " ORDER BY id");
    if (id) {
        statement.addBind(bind(*id));
    }
    statement.execute();
    Poco::Data::RecordSet rows(statement);
    std::vector<Category> out;
    for (std::size_t r = 0; r < rows.rowCount(); ++r) {
        Category c;
        c.id = rows.value(0, r).convert<std::int64_t>();
        c.name = rows.value(1, r).convert<std::string>();
        c.targets.firstResponseMinutes = rows.value(2, r).convert<std::int64_t>();
        c.targets.resolutionMinutes = rows.value(3, r).convert<std::int64_t>();
        c.targets.calendar.allDay = rows.value(4, r).convert<std::string>() == "24x7";
        c.targets.calendar.startMinute = rows.value(5, r).convert<int>();
        c.targets.calendar.endMinute = rows.value(6, r).convert<int>();
        c.targets.calendar.workDays = daysFrom(rows.value(7, r).convert<std::string>());
        c.inactivityHours = rows.value(8, r).convert<int>();
        out.push_back(std::move(c));
    }
    return out;
}

}  // namespace

Category TicketStore::addCategory(const Category& category, std::int64_t when) {
    checkCategory(category);
    Category stored = category;
    const Calendar& k = category.targets.calendar;
    const std::string calendar = k.allDay ? "24x7" : "business";
    const std::string at = utcTime(when);
    database_.write([&](Poco::Data::Session& s) {
        Poco::Int64 existing = 0;
        s << database_.sql("SELECT COUNT(*) FROM ticket_categories WHERE name = ?"),
            bind(category.name), into(existing), now;
        if (existing > 0) {
            throw TicketError(TicketError::Code::Conflict,
                              "a category named '" + category.name + "' exists");
        }
        Poco::Int64 id = 0;
        s << database_.sql(
            "INSERT INTO ticket_categories (name, first_response_minutes,"
            " resolution_minutes, calendar, work_start_minute, work_end_minute, work_days,"
            " inactivity_hours, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"),
            bind(category.name), bind(category.targets.firstResponseMinutes),
            bind(category.targets.resolutionMinutes), bind(calendar), bind(k.startMinute),
            bind(k.endMinute), bind(daysText(k.workDays)), bind(category.inactivityHours), bind(at),
            into(id), now;
        stored.id = id;
    });
    return stored;
}

std::vector<Category> TicketStore::categories() { return select(database_, "", std::nullopt); }

std::optional<Category> TicketStore::category(std::int64_t id) {
    auto found = select(database_, " WHERE id = ?", id);
    if (found.empty()) {
        return std::nullopt;
    }
    return found.front();
}

}  // namespace parque::collector::tickets
