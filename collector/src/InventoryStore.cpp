#include "parque/collector/InventoryStore.h"

#include "SectionWriter.h"
#include "parque/inventory/ComponentKey.h"
#include "parque/inventory/Delta.h"
#include "parque/inventory/PeripheralKind.h"
#include "parque/inventory/Placeholders.h"

#include <Poco/Nullable.h>
#include <Poco/UUIDGenerator.h>

#include <set>

using namespace Poco::Data::Keywords;

namespace parque::collector {
namespace {

// The peripheral kind of each USB device and monitor, by component key.
std::map<std::string, std::string> peripheralKinds(const inventory::Content& content) {
    std::map<std::string, std::string> kinds;
    for (const auto& usb : content.usbdevices) {
        kinds[inventory::componentKey(usb)] = toString(inventory::classifyUsbDevice(usb));
    }
    for (const auto& monitor : content.monitors) {
        kinds[inventory::componentKey(monitor)] = "monitor";
    }
    return kinds;
}

bool seenBefore(Database& database, Poco::Data::Session& session, const std::string& deviceId,
                const std::string& key) {
    if (key.empty()) {
        return false;
    }
    std::string device = deviceId;
    std::string k = key;
    int count = 0;
    session << database.sql(
        "SELECT COUNT(*) FROM submissions WHERE device_id = ?"
        " AND idempotency_key = ?"),
        use(device), use(k), into(count), now;
    return count > 0;
}

}  // namespace

ApplyResult InventoryStore::apply(const std::string& deviceId,
                                  const inventory::Inventory& inventory,
                                  const std::string& idempotencyKey) {
    // Everything that needs no database is done before joining the writers.
    const std::string at = utcNow();
    const bool partial = inventory.partial.value_or(false);
    const auto& content = inventory.content;
    const auto records = inventory::componentRecords(content);
    std::map<std::string, std::string> digests;
    for (const auto& [section, components] : records) {
        digests[section] = inventory::sectionDigest(components);
    }
    const auto kinds = peripheralKinds(content);
    ApplyResult result;
    database_.write([&](Poco::Data::Session& session) {
        result = applyInTransaction(session, deviceId, content, partial, records, digests, kinds,
                                    idempotencyKey, at);
    });
    return result;
}

ApplyResult InventoryStore::applyInTransaction(
    Poco::Data::Session& session, const std::string& deviceId, const inventory::Content& content,
    bool partial, const std::map<std::string, std::vector<inventory::ComponentRecord>>& records,
    const std::map<std::string, std::string>& digests,
    const std::map<std::string, std::string>& kinds, const std::string& idempotencyKey,
    const std::string& at) {
    ApplyResult result;
    std::string device = deviceId;
    std::string stamp = at;
    if (seenBefore(database_, session, deviceId, idempotencyKey)) {
        session << database_.sql("UPDATE devices SET last_contact = ? WHERE id = ?"), use(stamp),
            use(device), now;
        result.duplicate = true;
        return result;
    }
    SectionWriter writer(database_, session, deviceId, at);
    const auto stored = writer.storedDigests();

    std::set<std::string> sections;
    for (const auto& entry : records) {
        sections.insert(entry.first);
    }
    if (!partial) {
        for (const auto& entry : stored) {
            sections.insert(entry.first);
        }
    }
    bool changed = false;
    for (const std::string& section : sections) {
        const auto present = records.find(section);
        const auto old = stored.find(section);
        const bool firstTime = old == stored.end();
        if (present == records.end()) {  // a full inventory without this section: all removed
            if (section == "softwares") {
                writer.clearSoftwares(false);
            } else {
                writer.writeComponents(section, {}, kinds, false);
            }
            writer.setDigest(section, std::nullopt);
            changed = true;
            continue;
        }
        const std::string& digest = digests.at(section);
        if (!firstTime && old->second == digest) {
            continue;
        }
        if (section == "softwares") {
            writer.writeSoftwares(content.softwares, present->second, digest, firstTime);
        } else {
            writer.writeComponents(section, present->second, kinds, firstTime);
        }
        writer.setDigest(section, digest);
        changed = true;
    }
    if (changed) {  // an unchanged check-in writes only its receipt and the timestamps
        writer.writeSummary(content);
    }

    if (!idempotencyKey.empty()) {
        std::string key = idempotencyKey;
        session << database_.sql(
            "INSERT INTO submissions (device_id, idempotency_key,"
            " received_at) VALUES (?, ?, ?)"),
            use(device), use(key), use(stamp), now;
    }
    Poco::Nullable<std::string> lastFull;
    session << database_.sql("SELECT last_full_inventory FROM devices WHERE id = ?"), use(device),
        into(lastFull), now;
    if (!partial) {
        session << database_.sql(
            "UPDATE devices SET last_contact = ?, last_inventory = ?,"
            " last_full_inventory = ?, full_requested = 0 WHERE id = ?"),
            use(stamp), use(stamp), use(stamp), use(device), now;
    } else {
        result.fullRequested = lastFull.isNull();
        int flag = result.fullRequested ? 1 : 0;
        session << database_.sql(
            "UPDATE devices SET last_contact = ?, last_inventory = ?,"
            " full_requested = MAX(full_requested, ?) WHERE id = ?"),
            use(stamp), use(stamp), use(flag), use(device), now;
    }
    result.events = writer.events();
    result.replaced = writer.replaced();
    return result;
}

bool InventoryStore::fullRequested(const std::string& deviceId) {
    std::string id = deviceId;
    Poco::Nullable<int> flag;
    Poco::Data::Session s = database_.session();
    s << database_.sql("SELECT full_requested FROM devices WHERE id = ?"), use(id), into(flag), now;
    return !flag.isNull() && flag.value() != 0;
}

void InventoryStore::recordContact(const std::string& deviceId) {
    const std::lock_guard<std::mutex> lock(contactsMutex_);
    contacts_[deviceId] = utcNow();
}

void InventoryStore::flushContacts() {
    std::map<std::string, std::string> pending;
    {
        const std::lock_guard<std::mutex> lock(contactsMutex_);
        pending.swap(contacts_);
    }
    if (pending.empty()) {
        return;
    }
    Database::WriteTransaction tx(database_);
    std::string id;
    std::string at;
    Poco::Data::Statement update(tx.session());
    update << database_.sql(
        "UPDATE devices SET last_contact = ? WHERE id = ? AND"
        " (last_contact IS NULL OR last_contact < ?)"),
        use(at), use(id), use(at);
    for (const auto& [device, time] : pending) {
        id = device;
        at = time;
        update.execute();
    }
    tx.commit();
}

std::size_t InventoryStore::pruneSubmissions(const std::string& before) {
    std::string limit = before;
    Database::WriteTransaction tx(database_);
    Poco::Data::Statement prune(tx.session());
    prune << database_.sql("DELETE FROM submissions WHERE received_at < ?"), use(limit);
    const std::size_t removed = prune.execute();
    tx.commit();
    return removed;
}

void InventoryStore::requestFull(const std::string& deviceId) {
    std::string id = deviceId;
    Database::WriteTransaction tx(database_);
    tx.session() << database_.sql("UPDATE devices SET full_requested = 1 WHERE id = ?"), use(id),
        now;
    tx.commit();
}

std::string InventoryStore::resolveAnonymous(const inventory::Inventory& inventory,
                                             const std::string& agentId, const std::string& site) {
    const auto& content = inventory.content;
    std::vector<std::pair<std::string, std::string>> probes;  // (query, value), strongest first
    if (content.hardware && content.hardware->uuid &&
        !inventory::isPlaceholderUuid(*content.hardware->uuid)) {
        probes.emplace_back(
            "SELECT id FROM devices WHERE identity = 'hardware'"
            " AND hardware_uuid = ?",
            *content.hardware->uuid);
    }
    if (content.bios && content.bios->ssn && !inventory::isPlaceholderSerial(*content.bios->ssn)) {
        probes.emplace_back("SELECT id FROM devices WHERE identity = 'hardware' AND serial = ?",
                            *content.bios->ssn);
    }
    for (const auto& n : content.networks) {
        if (n.mac && !n.virtualdev.value_or(false) && *n.mac != "00:00:00:00:00:00") {
            probes.emplace_back(
                "SELECT d.id FROM devices d JOIN device_addresses a"
                " ON a.device_id = d.id WHERE d.identity = 'hardware'"
                " AND a.kind = 'mac' AND a.value = ?",
                *n.mac);
        }
    }
    const std::string agent = agentId.empty() ? inventory.deviceid : agentId;
    probes.emplace_back("SELECT id FROM devices WHERE identity = 'hardware' AND agent_id = ?",
                        agent);
    Database::WriteTransaction tx(database_);
    for (auto& [query, value] : probes) {
        Poco::Nullable<std::string> id;
        tx.session() << database_.sql(query + " LIMIT 1"), use(value), into(id), now;
        if (!id.isNull()) {
            return id.value();
        }
    }
    std::string id = Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
    std::string at = utcNow();
    std::string siteName = site;
    std::string agentName = agent;
    tx.session() << database_.sql(
        "INSERT INTO devices (id, site, identity, agent_id, created_at)"
        " VALUES (?, ?, 'hardware', ?, ?)"),
        use(id), use(siteName), use(agentName), use(at), now;
    tx.commit();
    return id;
}

}  // namespace parque::collector
