// Read-side queries for the API: device search, one device's current inventory, and events.
#pragma once

#include "parque/collector/Database.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <map>
#include <optional>
#include <string>

namespace parque::collector {

struct Page {
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    std::optional<std::string> nextCursor;
};

// A query value that must be a whole decimal number from `min` to `max`; std::invalid_argument
// naming `name` otherwise (also for trailing characters and values out of range).
long boundedInteger(const std::string& name, const std::string& text, long min, long max);

// Filters by the API's query names (q, name, serial, mac, ip, site, model, os, peripheral,
// stale_days, open_tickets), `limit` 1..500 and an opaque `cursor`. Throws std::invalid_argument
// for bad values.
Page searchDevices(Database& database, const std::map<std::string, std::string>& filters);

// The web pages' device list: the same filters plus sort ("name", "-last_contact", ...) and
// offset paging, with the total count of matching devices.
struct DeviceListing {
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    std::size_t total = 0;
};
DeviceListing listDevices(Database& database, const std::map<std::string, std::string>& filters);

// {"device": summary, "inventory": content}, or nothing for an unknown id.
std::optional<Poco::JSON::Object::Ptr> deviceDetail(Database& database, const std::string& id);

// Events newest first; filters: device (id), type, site, since (RFC 3339), limit, cursor.
Page searchEvents(Database& database, const std::map<std::string, std::string>& filters);

}  // namespace parque::collector
