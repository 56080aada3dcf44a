#include "AuditQueries.h"

#include "parque/inventory/PeripheralKind.h"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Nullable.h>

#include <algorithm>
#include <ctime>
#include <map>
#include <set>

using namespace Poco::Data::Keywords;

namespace parque::collector::web {
namespace {

const std::string kActive = "active";
constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kMebibytesPerGibibyte = 1024;

std::string trimmed(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) {
        return "";
    }
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::string textOf(const Poco::Nullable<std::string>& value) {
    return value.isNull() ? std::string() : trimmed(value.value());
}

// The member `key` of the JSON object `body`, when it is there with the wanted type.
Poco::Dynamic::Var member(const std::string& body, const std::string& key) {
    try {
        Poco::JSON::Parser parser;
        const auto object = parser.parse(body).extract<Poco::JSON::Object::Ptr>();
        return object.isNull() ? Poco::Dynamic::Var() : object->get(key);
    } catch (const std::exception&) {
        return {};
    }
}

std::string memberText(const std::string& body, const std::string& key) {
    const Poco::Dynamic::Var value = member(body, key);
    return value.isString() ? trimmed(value.extract<std::string>()) : std::string();
}

std::optional<std::int64_t> memberInteger(const std::string& body, const std::string& key) {
    const Poco::Dynamic::Var value = member(body, key);
    if (!value.isInteger()) {
        return std::nullopt;
    }
    try {
        return value.convert<Poco::Int64>();
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

// Largest count first, then by key; the empty key (not reported) last.
template <typename Row, typename Key>
void sortCounts(std::vector<Row>& rows, Key key) {
    std::sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
        const bool aUnknown = key(a).empty();
        const bool bUnknown = key(b).empty();
        if (aUnknown != bUnknown) {
            return bUnknown;
        }
        if (a.devices != b.devices) {
            return a.devices > b.devices;
        }
        return key(a) < key(b);
    });
}

std::vector<NameCount> namedCounts(const std::map<std::string, std::int64_t>& counts) {
    std::vector<NameCount> out;
    out.reserve(counts.size());
    for (const auto& [name, devices] : counts) {
        out.push_back({name, devices});
    }
    sortCounts(out, [](const NameCount& row) -> const std::string& { return row.name; });
    return out;
}

std::int64_t activeDevices(Poco::Data::Session& session, Database& database) {
    Poco::Int64 count = 0;
    session << database.sql("SELECT COUNT(*) FROM devices WHERE status = ?"), bind(kActive),
        into(count), now;
    return count;
}

// Device id and body of the current components of `section` on active devices.
void currentBodies(Poco::Data::Session& session, Database& database, const std::string& section,
                   std::vector<std::string>& devices, std::vector<std::string>& bodies) {
    session << database.sql(
        "SELECT c.device_id, c.body FROM components c JOIN devices d ON d.id = c.device_id"
        " WHERE c.section = ? AND c.closed_at IS NULL AND d.status = ?"),
        bind(section), bind(kActive), into(devices), into(bodies), now;
}

std::int64_t floorDivide(std::int64_t value, std::int64_t divisor) {
    const std::int64_t quotient = value / divisor;
    return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient;
}

// The local day number (days since 1970-01-01) of the Monday that starts the week of `unix`.
std::int64_t mondayOf(std::int64_t unix, const tickets::TimeZone& zone) {
    const std::int64_t day = floorDivide(unix + zone.offsetAt(unix), kDay);
    return day - (day + 3 - floorDivide(day + 3, 7) * 7);  // 1970-01-01 was a Thursday
}

std::string dateOfDay(std::int64_t day) {
    const auto seconds = static_cast<std::time_t>(day * kDay);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char text[16];
    std::strftime(text, sizeof text, "%Y-%m-%d", &tm);
    return text;
}

std::vector<std::string> paymentKinds() {
    using inventory::PeripheralKind;
    std::vector<std::string> out;
    for (const PeripheralKind kind :
         {PeripheralKind::PinPad, PeripheralKind::ReceiptPrinter, PeripheralKind::BarcodeScanner,
          PeripheralKind::Hid, PeripheralKind::MassStorage, PeripheralKind::Hub,
          PeripheralKind::Other}) {
        if (inventory::isPaymentDevice(kind)) {
            out.emplace_back(inventory::toString(kind));
        }
    }
    return out;
}

std::string cellText(const Poco::Data::RecordSet& rows, std::size_t column, std::size_t row) {
    const Poco::Dynamic::Var value = rows.value(column, row);
    return value.isEmpty() ? std::string() : value.convert<std::string>();
}

PaymentDevice paymentDevice(const Poco::Data::RecordSet& rows, std::size_t row) {
    PaymentDevice device;
    device.deviceId = cellText(rows, 0, row);
    device.deviceName = cellText(rows, 1, row);
    device.site = cellText(rows, 2, row);
    device.kind = cellText(rows, 3, row);
    const std::string body = cellText(rows, 4, row);
    device.firstSeen = cellText(rows, 5, row);
    device.manufacturer = memberText(body, "manufacturer");
    device.model = memberText(body, "name");
    if (device.model.empty()) {
        device.model = memberText(body, "caption");
    }
    device.serial = memberText(body, "serial");
    const std::string vendor = memberText(body, "vendorid");
    const std::string product = memberText(body, "productid");
    if (!vendor.empty() || !product.empty()) {
        device.usbId = vendor + ":" + product;
    }
    return device;
}

void tally(SlaTally& row, const tickets::SlaTarget& resolution) {
    switch (resolution.status) {
    case tickets::SlaStatus::Met:
        ++row.met;
        break;
    case tickets::SlaStatus::Breached:
        ++row.breached;
        break;
    case tickets::SlaStatus::OnTrack:
    case tickets::SlaStatus::AtRisk:
        ++row.open;
        break;
    case tickets::SlaStatus::None:
        ++row.noTarget;
        break;
    }
}

}  // namespace

MemoryBucket memoryBucket(std::optional<std::int64_t> megabytes) {
    if (!megabytes || *megabytes <= 0) {
        return MemoryBucket::Unknown;
    }
    const std::int64_t mebibytes = *megabytes;
    if (mebibytes <= 4 * kMebibytesPerGibibyte) {
        return MemoryBucket::UpTo4;
    }
    if (mebibytes <= 8 * kMebibytesPerGibibyte) {
        return MemoryBucket::UpTo8;
    }
    if (mebibytes <= 16 * kMebibytesPerGibibyte) {
        return MemoryBucket::UpTo16;
    }
    return mebibytes <= 32 * kMebibytesPerGibibyte ? MemoryBucket::UpTo32 : MemoryBucket::Over32;
}

SilenceBucket silenceBucket(std::optional<std::int64_t> lastContact, std::int64_t when) {
    if (!lastContact) {
        return SilenceBucket::Never;
    }
    const std::int64_t age = when - *lastContact;
    if (age < kDay) {
        return SilenceBucket::UnderDay;
    }
    if (age < 7 * kDay) {
        return SilenceBucket::UpToWeek;
    }
    return age < 30 * kDay ? SilenceBucket::UpToMonth : SilenceBucket::OverMonth;
}

std::optional<double> SlaTally::compliance() const {
    if (met + breached == 0) {
        return std::nullopt;
    }
    return 100.0 * static_cast<double>(met) / static_cast<double>(met + breached);
}

std::vector<ModelCount> devicesByModel(Database& database) {
    std::vector<Poco::Nullable<std::string>> manufacturers, models;
    std::vector<Poco::Int64> counts;
    Poco::Data::Session session = database.session();
    session << database.sql(
        "SELECT manufacturer, model, COUNT(*) FROM devices WHERE status = ?"
        " GROUP BY manufacturer, model"),
        bind(kActive), into(manufacturers), into(models), into(counts), now;
    std::map<std::pair<std::string, std::string>, std::int64_t> merged;  // NULL and "" alike
    for (std::size_t i = 0; i < counts.size(); ++i) {
        merged[{textOf(manufacturers[i]), textOf(models[i])}] += counts[i];
    }
    std::vector<ModelCount> out;
    out.reserve(merged.size());
    for (const auto& [key, devices] : merged) {
        out.push_back({key.first, key.second, devices});
    }
    sortCounts(out, [](const ModelCount& row) { return row.manufacturer + row.model; });
    return out;
}

std::vector<NameCount> devicesByOs(Database& database) {
    std::vector<Poco::Nullable<std::string>> names;
    std::vector<Poco::Int64> counts;
    Poco::Data::Session session = database.session();
    session << database.sql("SELECT os, COUNT(*) FROM devices WHERE status = ? GROUP BY os"),
        bind(kActive), into(names), into(counts), now;
    std::map<std::string, std::int64_t> merged;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        merged[textOf(names[i])] += counts[i];
    }
    return namedCounts(merged);
}

std::vector<NameCount> devicesByCpu(Database& database) {
    std::vector<std::string> devices, bodies;
    Poco::Data::Session session = database.session();
    currentBodies(session, database, "cpus", devices, bodies);
    std::set<std::pair<std::string, std::string>> pairs;  // (name, device): each device once
    std::set<std::string> known;
    for (std::size_t i = 0; i < bodies.size(); ++i) {
        const std::string name = memberText(bodies[i], "name");
        if (!name.empty()) {
            pairs.insert({name, devices[i]});
            known.insert(devices[i]);
        }
    }
    std::map<std::string, std::int64_t> counts;
    for (const auto& pair : pairs) {
        ++counts[pair.first];
    }
    const std::int64_t unknown =
        activeDevices(session, database) - static_cast<std::int64_t>(known.size());
    if (unknown > 0) {
        counts[""] = unknown;
    }
    return namedCounts(counts);
}

std::array<std::int64_t, kMemoryBuckets> devicesByMemory(Database& database) {
    std::vector<std::string> devices, bodies;
    Poco::Data::Session session = database.session();
    currentBodies(session, database, "hardware", devices, bodies);
    std::array<std::int64_t, kMemoryBuckets> counts{};
    std::set<std::string> seen;
    for (std::size_t i = 0; i < bodies.size(); ++i) {
        if (seen.insert(devices[i]).second) {
            ++counts[static_cast<std::size_t>(memoryBucket(memberInteger(bodies[i], "memory")))];
        }
    }
    const auto unknown = static_cast<std::size_t>(MemoryBucket::Unknown);
    counts[unknown] += activeDevices(session, database) - static_cast<std::int64_t>(seen.size());
    return counts;
}

std::array<std::int64_t, kSilenceBuckets> devicesBySilence(Database& database, std::int64_t when) {
    std::vector<Poco::Nullable<std::string>> contacts;
    Poco::Data::Session session = database.session();
    session << database.sql("SELECT last_contact FROM devices WHERE status = ?"), bind(kActive),
        into(contacts), now;
    std::array<std::int64_t, kSilenceBuckets> counts{};
    for (const auto& contact : contacts) {
        std::optional<std::int64_t> at;
        if (!contact.isNull()) {
            try {
                at = tickets::parseUtc(contact.value());
            } catch (const std::exception&) {
                at.reset();  // unreadable: counted as never heard from
            }
        }
        ++counts[static_cast<std::size_t>(silenceBucket(at, when))];
    }
    return counts;
}

std::vector<WeekCount> replacementsPerWeek(Database& database, const tickets::TimeZone& zone,
                                           std::int64_t when, int weeks) {
    const std::int64_t span = std::max(weeks, 1);
    const std::int64_t first = mondayOf(when, zone) - 7 * (span - 1);
    std::vector<WeekCount> out;
    for (std::int64_t week = 0; week < span; ++week) {
        out.push_back({dateOfDay(first + 7 * week), 0});
    }
    std::vector<std::string> times;
    Poco::Data::Session session = database.session();
    session << database.sql("SELECT time FROM events WHERE type = ? AND time >= ?"),
        bind(std::string("peripheral_replaced")), bind(utcTime((first - 1) * kDay)), into(times),
        now;
    for (const std::string& time : times) {
        std::int64_t at = 0;
        try {
            at = tickets::parseUtc(time);
        } catch (const std::exception&) {
            continue;
        }
        const std::int64_t index = (mondayOf(at, zone) - first) / 7;
        if (index >= 0 && index < span) {
            ++out[static_cast<std::size_t>(index)].replacements;
        }
    }
    return out;
}

std::vector<PaymentDevice> paymentDevices(Database& database) {
    const std::vector<std::string> kinds = paymentKinds();
    std::string marks;
    for (std::size_t i = 0; i < kinds.size(); ++i) {
        marks += i == 0 ? "?" : ", ?";
    }
    Poco::Data::Session session = database.session();
    Poco::Data::Statement select(session);
    select << database.sql(
        "SELECT d.id, d.name, d.site, c.kind, c.body, c.first_seen FROM components c"
        " JOIN devices d ON d.id = c.device_id WHERE c.section = ? AND c.closed_at IS NULL"
        " AND d.status = ? AND c.kind IN (" +
        marks + ") ORDER BY d.site, d.name, d.id, c.kind, c.id");
    select.addBind(bind(std::string("usbdevices")));
    select.addBind(bind(kActive));
    for (const std::string& kind : kinds) {
        select.addBind(bind(kind));
    }
    select.execute();
    Poco::Data::RecordSet rows(select);
    std::vector<PaymentDevice> out;
    for (std::size_t row = 0; row < rows.rowCount(); ++row) {
        out.push_back(paymentDevice(rows, row));
    }
    return out;
}

SlaCompliance slaCompliance(tickets::TicketStore& store, std::int64_t when) {
    std::map<std::int64_t, std::string> names;
    for (const tickets::Category& category : store.categories()) {
        names[category.id] = category.name;
    }
    std::map<std::string, SlaTally> byCategory;
    std::map<int, SlaTally> byLevel;
    for (int level = 1; level <= 4; ++level) {
        byLevel[level].group = std::to_string(level);
    }
    std::map<std::string, std::string> filters{{"limit", "500"}};
    for (;;) {
        const tickets::TicketPage page = store.list(filters, when);
        for (const tickets::Ticket& ticket : page.items) {
            const tickets::SlaTarget resolution = store.sla(ticket, when).resolution;
            const auto name = ticket.categoryId ? names.find(*ticket.categoryId) : names.end();
            const std::string group = name == names.end() ? std::string() : name->second;
            byCategory[group].group = group;
            tally(byCategory[group], resolution);
            byLevel[ticket.level].group = std::to_string(ticket.level);
            tally(byLevel[ticket.level], resolution);
        }
        if (!page.nextCursor) {
            break;
        }
        filters["cursor"] = *page.nextCursor;
    }
    SlaCompliance out;
    for (auto& [group, row] : byCategory) {
        if (!group.empty()) {
            out.byCategory.push_back(row);
        }
    }
    if (const auto none = byCategory.find(""); none != byCategory.end()) {
        out.byCategory.push_back(none->second);
    }
    for (auto& entry : byLevel) {
        out.byLevel.push_back(entry.second);
    }
    return out;
}

}  // namespace parque::collector::web
