#include "parque/collector/InventoryStore.h"

#include "SectionWriter.h"
#include "parque/inventory/ComponentKey.h"
#include "parque/inventory/Delta.h"
#include "parque/inventory/PeripheralKind.h"
#include "parque/inventory/Placeholders.h"
#include "parque/util/Sha256.h"

#include <Poco/Nullable.h>
#include <Poco/UUIDGenerator.h>

#include <algorithm>
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

// The receipt of a submission; false when its key was received before (a replay).
bool recordSubmission(Database& database, Poco::Data::Session& session, const std::string& deviceId,
                      const std::string& key, const std::string& at) {
    if (key.empty()) {
        return true;
    }
    return database
               .prepare(session,
                        "INSERT INTO submissions (device_id, idempotency_key, received_at)"
                        " VALUES (?, ?, ?) ON CONFLICT (device_id, idempotency_key) DO NOTHING")
               .bind(1, deviceId)
               .bind(2, key)
               .bind(3, at)
               .run()
               .changes() > 0;
}

// A JSON array of strings, for json_each(): the digests are lower-case hex, nothing to escape.
std::string jsonArray(const std::vector<std::string>& items) {
    std::string out = "[";
    for (const std::string& item : items) {
        out += out.size() > 1 ? ",\"" : "\"";
        out += item;
        out += '"';
    }
    return out + "]";
}

// The shared package rows, looked up before joining the writers: in the cache, then the ones it
// lacks on a reader. Nothing when the inventory's software set is stored already.
PackagePlan planPackages(
    Database& database, PackageIdCache& cache,
    const std::map<std::string, std::vector<inventory::ComponentRecord>>& records,
    const std::map<std::string, std::string>& digests) {
    const auto softwares = records.find("softwares");
    PackagePlan plan;
    if (softwares == records.end()) {
        return plan;
    }
    database.read([&](Poco::Data::Session& session) {
        if (database.prepare(session, "SELECT 1 FROM software_sets WHERE digest = ?")
                .bind(1, digests.at("softwares"))
                .step()) {
            return;
        }
        for (const inventory::ComponentRecord& record : softwares->second) {
            plan.digests.push_back(util::sha256Hex(record.canonical));
        }
        plan.ids.assign(plan.digests.size(), 0);
        if (cache.fill(plan) == 0) {
            return;
        }
        std::vector<std::string> missing;
        std::vector<std::size_t> where;  // the plan's index of each missing digest
        for (std::size_t i = 0; i < plan.ids.size(); ++i) {
            if (plan.ids[i] == 0) {
                missing.push_back(plan.digests[i]);
                where.push_back(i);
            }
        }
        SqlStatement known = database.prepare(
            session,
            "SELECT j.key, s.id FROM json_each(?) j JOIN softwares s ON s.digest = j.value");
        known.bind(1, jsonArray(missing));
        while (known.step()) {
            const auto index = static_cast<std::size_t>(known.integer(0));
            if (index < where.size()) {
                plan.ids[where[index]] = known.integer(1);
            }
        }
    });
    cache.remember(plan);
    return plan;
}

}  // namespace

std::size_t PackageIdCache::fill(PackagePlan& plan) const {
    std::size_t missing = 0;
    const std::lock_guard<std::mutex> lock(mutex_);
    for (std::size_t i = 0; i < plan.digests.size(); ++i) {
        const auto found = ids_.find(plan.digests[i]);
        if (found != ids_.end()) {
            plan.ids[i] = found->second;
        } else {
            ++missing;
        }
    }
    return missing;
}

void PackageIdCache::remember(const PackagePlan& plan) {
    const std::lock_guard<std::mutex> lock(mutex_);
    for (std::size_t i = 0; i < plan.digests.size() && ids_.size() < kMaxEntries; ++i) {
        if (plan.ids[i] != 0) {
            ids_.emplace(plan.digests[i], plan.ids[i]);
        }
    }
}

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
    const auto packages = planPackages(database_, packageIds_, records, digests);
    ApplyResult result;
    Seen seen;  // the device's timestamps, when they wait in the buffer
    database_.write([&](Poco::Data::Session& session) {
        seen = {};
        result = applyInTransaction(session, deviceId, content, partial,
                                    {records, digests, kinds, packages}, idempotencyKey, at, seen);
    });
    if (!seen.contact.empty()) {  // only once the transaction is committed
        remember(deviceId, seen);
    }
    return result;
}

ApplyResult InventoryStore::applyInTransaction(Poco::Data::Session& session,
                                               const std::string& deviceId,
                                               const inventory::Content& content, bool partial,
                                               const Prepared& prepared,
                                               const std::string& idempotencyKey,
                                               const std::string& at, Seen& seen) {
    const auto& records = prepared.records;
    const auto& digests = prepared.digests;
    const auto& kinds = prepared.kinds;
    ApplyResult result;
    if (!recordSubmission(database_, session, deviceId, idempotencyKey, at)) {
        seen.contact = at;
        result.duplicate = true;
        return result;
    }
    SectionWriter writer(database_, session, deviceId, at);
    std::vector<std::string> received;
    received.reserve(records.size());
    for (const auto& entry : records) {
        received.push_back(entry.first);
    }
    // A partial inventory leaves the other sections alone; a full one removes what it lacks.
    const auto stored = partial ? writer.storedDigests(received) : writer.storedDigests();
    std::set<std::string> sections(received.begin(), received.end());
    for (const auto& entry : stored) {
        sections.insert(entry.first);
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
            writer.writeSoftwares(content.softwares, present->second, digest, prepared.packages,
                                  firstTime);
        } else {
            writer.writeComponents(section, present->second, kinds, firstTime);
        }
        writer.setDigest(section, digest);
        changed = true;
    }
    if (changed) {  // an unchanged check-in writes only its receipt (timestamps are buffered)
        writer.writeSummary(content);
    }
    if (partial) {
        result.fullRequested = partialReceived(session, deviceId);
        seen = {at, at};
    } else {
        database_
            .prepare(session,
                     "UPDATE devices SET last_contact = ?, last_inventory = ?,"
                     " last_full_inventory = ?, full_requested = 0 WHERE id = ?")
            .bind(1, at)
            .bind(2, at)
            .bind(3, at)
            .bind(4, deviceId)
            .run();
    }
    result.events = writer.events();
    result.replaced = writer.replaced();
    return result;
}

// A partial inventory of a device without a full one asks for a full one; true then.
bool InventoryStore::partialReceived(Poco::Data::Session& session, const std::string& deviceId) {
    bool lacksFull = true;
    {
        SqlStatement select = database_.prepare(
            session, "SELECT last_full_inventory IS NULL FROM devices WHERE id = ?");
        if (select.bind(1, deviceId).step()) {
            lacksFull = select.integer(0) != 0;
        }
    }
    if (lacksFull) {
        database_.prepare(session, "UPDATE devices SET full_requested = 1 WHERE id = ?")
            .bind(1, deviceId)
            .run();
    }
    return lacksFull;
}

bool InventoryStore::fullRequested(const std::string& deviceId) {
    bool requested = false;
    database_.read([&](Poco::Data::Session& session) {
        SqlStatement select =
            database_.prepare(session, "SELECT full_requested FROM devices WHERE id = ?");
        requested = select.bind(1, deviceId).step() && !select.isNull(0) && select.integer(0) != 0;
    });
    return requested;
}

void InventoryStore::recordContact(const std::string& deviceId) {
    remember(deviceId, {utcNow(), {}});
}

void InventoryStore::remember(const std::string& deviceId, const Seen& seen) {
    const std::lock_guard<std::mutex> lock(contactsMutex_);
    Seen& pending = contacts_[deviceId];
    pending.contact = std::max(pending.contact, seen.contact);
    pending.inventory = std::max(pending.inventory, seen.inventory);
}

void InventoryStore::flushContacts() {
    std::map<std::string, Seen> pending;
    {
        const std::lock_guard<std::mutex> lock(contactsMutex_);
        pending.swap(contacts_);
    }
    if (pending.empty()) {
        return;
    }
    Database::WriteTransaction tx(database_);
    for (const auto& [device, seen] : pending) {  // times only move forward
        if (seen.inventory.empty()) {
            database_
                .prepare(tx.session(),
                         "UPDATE devices SET last_contact = ? WHERE id = ? AND"
                         " (last_contact IS NULL OR last_contact < ?)")
                .bind(1, seen.contact)
                .bind(2, device)
                .bind(3, seen.contact)
                .run();
        } else {
            database_
                .prepare(tx.session(),
                         "UPDATE devices SET last_contact = MAX(COALESCE(last_contact, ''), ?),"
                         " last_inventory = MAX(COALESCE(last_inventory, ''), ?) WHERE id = ?")
                .bind(1, seen.contact)
                .bind(2, seen.inventory)
                .bind(3, device)
                .run();
        }
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
