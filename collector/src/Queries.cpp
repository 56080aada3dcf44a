#include "Queries.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/JSON/Parser.h>

#include <ctime>
#include <set>
#include <stdexcept>

using namespace Poco::Data::Keywords;

namespace parque::collector {
namespace {

const char* const kSummaryColumns =
    "d.id, d.name, d.site, d.status, d.serial, d.model, d.manufacturer, d.os, d.last_contact,"
    " d.last_full_inventory";

// A WHERE clause under construction: fixed SQL fragments, values always bound.
struct Filter {
    std::string where;
    std::vector<std::string> values;
    void add(const std::string& fragment, std::initializer_list<std::string> bound) {
        where += where.empty() ? " WHERE " : " AND ";
        where += fragment;
        values.insert(values.end(), bound);
    }
};

// `text` with LIKE's wildcards and the escape character escaped (ESCAPE '\\').
std::string likeEscaped(const std::string& text) {
    std::string out;
    for (const char c : text) {
        if (c == '%' || c == '_' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out;
}

std::string likePattern(const std::string& text) { return "%" + likeEscaped(text) + "%"; }

// A current peripheral's serial as it starts in its canonical JSON body ("serial":"PP0001").
std::string peripheralSerialPattern(const std::string& text) {
    return "%\"serial\":\"" + likeEscaped(text) + "%";
}

std::size_t pageLimit(const std::map<std::string, std::string>& filters) {
    const auto it = filters.find("limit");
    if (it == filters.end()) {
        return 50;
    }
    return static_cast<std::size_t>(boundedInteger("limit", it->second, 1, 500));
}

Poco::Dynamic::Var cell(const Poco::Data::RecordSet& rows, std::size_t column, std::size_t row) {
    const Poco::Dynamic::Var value = rows.value(column, row);
    return value.isEmpty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(value.toString());
}

Poco::JSON::Object::Ptr summary(const Poco::Data::RecordSet& rows, std::size_t row) {
    static const char* const names[] = {
        "id",    "name",         "site", "status",       "serial",
        "model", "manufacturer", "os",   "last_contact", "last_full_inventory"};
    Poco::JSON::Object::Ptr device = new Poco::JSON::Object;
    for (std::size_t column = 0; column < 10; ++column) {
        device->set(names[column], cell(rows, column, row));
    }
    return device;
}

Poco::Data::Statement prepared(Poco::Data::Session& session, const std::string& sql,
                               const std::vector<std::string>& values) {
    Poco::Data::Statement statement(session);
    statement << sql;
    for (const std::string& value : values) {
        statement.addBind(bind(value));
    }
    return statement;
}

// `listing`: the web list's sort and offset are allowed too (the API pages by cursor only).
void addDeviceFilters(Filter& f, const std::map<std::string, std::string>& filters, bool listing) {
    for (const auto& [name, value] : filters) {
        if (name == "q") {
            const std::string p = likePattern(value);
            f.add(
                "(d.name LIKE ? ESCAPE '\\' OR d.serial LIKE ? ESCAPE '\\' OR d.model LIKE ?"
                " ESCAPE '\\' OR d.os LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM"
                " device_addresses a WHERE a.device_id = d.id AND a.value LIKE ? ESCAPE '\\')"
                " OR EXISTS (SELECT 1 FROM components c WHERE c.device_id = d.id AND"
                " c.section IN ('usbdevices', 'monitors') AND c.closed_at IS NULL AND"
                " c.body LIKE ? ESCAPE '\\'))",
                {p, p, p, p, p, peripheralSerialPattern(value)});
        } else if (name == "name" || name == "serial" || name == "model" || name == "os") {
            f.add("d." + name + " LIKE ? ESCAPE '\\'", {likePattern(value)});
        } else if (name == "site") {
            f.add("d.site = ?", {value});
        } else if (name == "mac" || name == "ip") {
            f.add(
                "EXISTS (SELECT 1 FROM device_addresses a WHERE a.device_id = d.id AND a.kind = ?"
                " AND LOWER(a.value) = LOWER(?))",
                {name, value});
        } else if (name == "peripheral") {
            f.add(
                "EXISTS (SELECT 1 FROM components c WHERE c.device_id = d.id AND"
                " c.closed_at IS NULL AND c.kind = ?)",
                {value});
        } else if (name == "stale_days") {
            const long days = boundedInteger("stale_days", value, 0, 36500);
            f.add("(d.last_contact IS NULL OR d.last_contact < ?)",
                  {utcTime(static_cast<std::int64_t>(std::time(nullptr)) - days * 86400)});
        } else if (name == "open_tickets") {
            if (value != "1" && value != "true") {
                throw std::invalid_argument("open_tickets must be 1 or true");
            }
            f.add(
                "EXISTS (SELECT 1 FROM ticket_devices td JOIN tickets t ON t.id = td.ticket_id"
                " WHERE td.device_id = d.id AND td.unlinked_at IS NULL AND t.status NOT IN"
                " ('resolved', 'closed'))",
                {});
        } else if (name == "cursor") {
            f.add("d.id > ?", {value});
        } else if (name != "limit" && !(listing && (name == "sort" || name == "offset"))) {
            throw std::invalid_argument("unknown filter '" + name + "'");
        }
    }
}

// "name" or "-last_contact": a whitelisted column, descending with '-'; then by id.
std::string deviceOrder(const std::map<std::string, std::string>& filters) {
    static const std::set<std::string> columns = {
        "name",   "site", "model",        "manufacturer",
        "serial", "os",   "last_contact", "last_full_inventory"};
    const auto it = filters.find("sort");
    if (it == filters.end() || it->second.empty()) {
        return " ORDER BY d.id";
    }
    const bool descending = it->second[0] == '-';
    const std::string column = it->second.substr(descending ? 1 : 0);
    if (columns.count(column) == 0) {
        throw std::invalid_argument(
            "sort must be one of name, site, model, manufacturer, serial,"
            " os, last_contact, last_full_inventory (with - to reverse)");
    }
    return " ORDER BY d." + column + (descending ? " DESC" : "") + ", d.id";
}

}  // namespace

long boundedInteger(const std::string& name, const std::string& text, long min, long max) {
    std::size_t used = 0;
    long value = 0;
    try {
        value = std::stol(text, &used);
    } catch (const std::exception&) {  // not a number, or out of the range of long
        used = 0;
    }
    if (text.empty() || used != text.size() || value < min || value > max) {
        throw std::invalid_argument(name + " must be an integer from " + std::to_string(min) +
                                    " to " + std::to_string(max));
    }
    return value;
}

Page searchDevices(Database& database, const std::map<std::string, std::string>& filters) {
    Filter f;
    addDeviceFilters(f, filters, false);
    const std::size_t limit = pageLimit(filters);
    Poco::Data::Session session = database.session();
    const std::string sql = std::string("SELECT ") + kSummaryColumns + " FROM devices d" + f.where +
                            " ORDER BY d.id LIMIT " + std::to_string(limit + 1);
    Poco::Data::Statement statement = prepared(session, database.sql(sql), f.values);
    statement.execute();
    Poco::Data::RecordSet rows(statement);
    Page page;
    for (std::size_t row = 0; row < rows.rowCount() && row < limit; ++row) {
        page.items->add(summary(rows, row));
    }
    if (rows.rowCount() > limit) {
        page.nextCursor = rows.value(0, limit - 1).toString();
    }
    return page;
}

}  // namespace parque::collector

namespace parque::collector {

DeviceListing listDevices(Database& database, const std::map<std::string, std::string>& filters) {
    Filter f;
    addDeviceFilters(f, filters, true);
    const std::size_t limit = pageLimit(filters);
    const auto offsetText = filters.find("offset");
    const long offset = offsetText == filters.end()
                            ? 0
                            : boundedInteger("offset", offsetText->second, 0, 100000000);
    Poco::Data::Session session = database.session();
    DeviceListing listing;
    {
        Poco::Data::Statement count =
            prepared(session, database.sql("SELECT COUNT(*) FROM devices d" + f.where), f.values);
        count.execute();
        Poco::Data::RecordSet rows(count);
        listing.total = rows.value(0, 0).convert<std::size_t>();
    }
    const std::string sql = std::string("SELECT ") + kSummaryColumns + " FROM devices d" + f.where +
                            deviceOrder(filters) + " LIMIT " + std::to_string(limit) + " OFFSET " +
                            std::to_string(offset);
    Poco::Data::Statement statement = prepared(session, database.sql(sql), f.values);
    statement.execute();
    Poco::Data::RecordSet rows(statement);
    for (std::size_t row = 0; row < rows.rowCount(); ++row) {
        listing.items->add(summary(rows, row));
    }
    return listing;
}

}  // namespace parque::collector
