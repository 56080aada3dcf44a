// One device's current inventory (reassembled from its components and software set) and the
// event queries.
#include "Queries.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/JSON/Parser.h>

#include <set>
#include <stdexcept>

using namespace Poco::Data::Keywords;

namespace parque::collector {
namespace {

Poco::Dynamic::Var parsed(const std::string& canonical) {
    Poco::JSON::Parser parser;
    return parser.parse(canonical);
}

bool isObjectSection(const std::string& section) {
    static const std::set<std::string> objects = {"bios", "hardware", "operatingsystem"};
    return objects.count(section) > 0;
}

Poco::JSON::Object::Ptr currentContent(Poco::Data::Session& session, Database& database,
                                       const std::string& deviceId) {
    std::string id = deviceId;
    std::vector<std::string> sections;
    std::vector<std::string> bodies;
    session << database.sql(
        "SELECT section, body FROM components WHERE device_id = ? AND"
        " closed_at IS NULL ORDER BY section, component_key, id"),
        use(id), into(sections), into(bodies), now;
    Poco::JSON::Object::Ptr content = new Poco::JSON::Object;
    for (std::size_t i = 0; i < sections.size(); ++i) {
        const std::string& section = sections[i];
        if (section == "versionclient") {
            content->set(section, bodies[i]);
        } else if (isObjectSection(section)) {
            content->set(section, parsed(bodies[i]));
        } else {
            if (!content->has(section)) {
                content->set(section, Poco::JSON::Array::Ptr(new Poco::JSON::Array));
            }
            content->getArray(section)->add(parsed(bodies[i]));
        }
    }
    std::vector<std::string> softwares;
    session << database.sql(
        "SELECT s.body FROM devices d JOIN software_set_items i"
        " ON i.set_id = d.software_set_id JOIN softwares s"
        " ON s.id = i.software_id WHERE d.id = ? ORDER BY s.component_key"),
        use(id), into(softwares), now;
    if (!softwares.empty()) {
        Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
        for (const std::string& body : softwares) {
            list->add(parsed(body));
        }
        content->set("softwares", list);
    }
    return content;
}

Poco::Dynamic::Var nullableText(const Poco::Data::RecordSet& rows, std::size_t c, std::size_t r) {
    const Poco::Dynamic::Var value = rows.value(c, r);
    return value.isEmpty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(value.toString());
}

}  // namespace

std::optional<Poco::JSON::Object::Ptr> deviceDetail(Database& database, const std::string& id) {
    Poco::Data::Session session = database.session();
    Poco::Data::Statement statement(session);
    std::string deviceId = id;
    statement << database.sql(
        "SELECT d.id, d.name, d.site, d.status, d.serial, d.model, d.manufacturer,"
        " d.os, d.last_contact, d.last_full_inventory FROM devices d WHERE d.id = ?"),
        use(deviceId);
    statement.execute();
    Poco::Data::RecordSet rows(statement);
    if (rows.rowCount() == 0) {
        return std::nullopt;
    }
    static const char* const names[] = {
        "id",    "name",         "site", "status",       "serial",
        "model", "manufacturer", "os",   "last_contact", "last_full_inventory"};
    Poco::JSON::Object::Ptr device = new Poco::JSON::Object;
    for (std::size_t column = 0; column < 10; ++column) {
        device->set(names[column], nullableText(rows, column, 0));
    }
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object;
    out->set("device", device);
    out->set("inventory", currentContent(session, database, id));
    return out;
}

Page searchEvents(Database& database, const std::map<std::string, std::string>& filters) {
    std::string where;
    std::vector<std::string> values;
    std::size_t limit = 100;
    for (const auto& [name, value] : filters) {
        std::string fragment;
        if (name == "device") {
            fragment = "e.device_id = ?";
        } else if (name == "type") {
            fragment = "e.type = ?";
        } else if (name == "since") {
            fragment = "e.time >= ?";
        } else if (name == "site") {
            fragment = "e.device_id IN (SELECT id FROM devices WHERE site = ?)";
        } else if (name == "cursor") {
            fragment = "e.id < CAST(? AS INTEGER)";
        } else if (name == "limit") {
            limit = static_cast<std::size_t>(boundedInteger("limit", value, 1, 500));
            continue;
        } else {
            throw std::invalid_argument("unknown filter '" + name + "'");
        }
        where += (where.empty() ? " WHERE " : " AND ") + fragment;
        values.push_back(value);
    }
    Poco::Data::Session session = database.session();
    Poco::Data::Statement statement(session);
    statement << database.sql(
        "SELECT e.id, e.device_id, e.time, e.type, e.section, e.component,"
        " e.field, e.old_value, e.new_value FROM events e" +
        where + " ORDER BY e.id DESC LIMIT " + std::to_string(limit + 1));
    for (const std::string& value : values) {
        statement.addBind(bind(value));
    }
    statement.execute();
    Poco::Data::RecordSet rows(statement);
    static const char* const names[] = {"id",        "device_id", "time", "type", "section",
                                        "component", "field",     "old",  "new"};
    Page page;
    for (std::size_t row = 0; row < rows.rowCount() && row < limit; ++row) {
        Poco::JSON::Object::Ptr event = new Poco::JSON::Object;
        event->set("id", rows.value(0, row).convert<Poco::Int64>());
        for (std::size_t column = 1; column < 9; ++column) {
            event->set(names[column], nullableText(rows, column, row));
        }
        page.items->add(event);
    }
    if (rows.rowCount() > limit) {
        page.nextCursor = rows.value(0, limit - 1).toString();
    }
    return page;
}

}  // namespace parque::collector
