// Applies an inventory to a device in one transaction: current components per section, the
// history events of what changed, the shared software sets, and the device's summary columns.
#pragma once

#include "parque/collector/Database.h"
#include "parque/inventory/Delta.h"
#include "parque/inventory/Inventory.h"

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace parque::collector {

// A peripheral swapped for another in one inventory (a `peripheral_replaced` event).
struct ReplacedPeripheral {
    std::string section;  // usbdevices | monitors
    std::string kind;     // pin-pad, receipt-printer, ..., monitor
    std::string oldKey, newKey;
};

struct ApplyResult {
    bool duplicate = false;      // the idempotency key was seen before: nothing applied again
    std::size_t events = 0;      // history events written
    bool fullRequested = false;  // the collector wants a full inventory next
    std::vector<ReplacedPeripheral> replaced;
};

// The shared package rows of an inventory's software, looked up before joining the writers:
// the SHA-256 of each software record's canonical form and its row id, 0 when not stored yet.
// Both empty when the inventory's whole software set is stored already.
struct PackagePlan {
    std::vector<std::string> digests;
    std::vector<std::int64_t> ids;
};

// Row ids of `softwares` by package digest, as read from committed data: those rows are never
// changed or deleted, so a kept id stays right. Most packages of a fleet are shared, so after the
// first devices an inventory's ~1,000 lookups are answered here instead of by SQLite. Bounded:
// once full it keeps nothing more (a miss only costs the query).
class PackageIdCache {
public:
    // Sets plan.ids[i] for every digest kept; returns how many are still 0.
    std::size_t fill(PackagePlan& plan) const;
    void remember(const PackagePlan& plan);

private:
    static constexpr std::size_t kMaxEntries = 50000;  // ~7 MiB
    mutable std::mutex mutex_;
    std::unordered_map<std::string, std::int64_t> ids_;
};

class InventoryStore {
public:
    explicit InventoryStore(Database& database) : database_(database) {}

    // `idempotencyKey` may be empty (stock GLPI agents send none). History starts with a section's
    // first inventory: its components are stored with first_seen, without "added" events.
    ApplyResult apply(const std::string& deviceId, const inventory::Inventory& inventory,
                      const std::string& idempotencyKey);

    // A device reporting without a certificate (stock GLPI agent): found by a real hardware UUID,
    // then a real system serial, then a physical MAC, then the agent's id; created if new.
    std::string resolveAnonymous(const inventory::Inventory& inventory, const std::string& agentId,
                                 const std::string& site);

    bool fullRequested(const std::string& deviceId);
    // last_contact = now, buffered: check-ins stay read-only; flushContacts() writes the buffer in
    // one transaction (every second from the service, and before device queries). The
    // last_contact and last_inventory of partial inventories and replays wait in the same buffer.
    void recordContact(const std::string& deviceId);
    void flushContacts();
    void requestFull(const std::string& deviceId);
    // Forgets idempotency keys received before `before` (UTC text); returns how many.
    std::size_t pruneSubmissions(const std::string& before);

private:
    // What apply() computes before joining the writers.
    struct Prepared {
        const std::map<std::string, std::vector<inventory::ComponentRecord>>& records;
        const std::map<std::string, std::string>& digests;  // per section
        const std::map<std::string, std::string>& kinds;    // peripheral kind per component key
        const PackagePlan& packages;
    };
    // A device's buffered times (UTC text); inventory is empty for a contact.
    struct Seen {
        std::string contact;
        std::string inventory;
    };
    ApplyResult applyInTransaction(Poco::Data::Session& session, const std::string& deviceId,
                                   const inventory::Content& content, bool partial,
                                   const Prepared& prepared, const std::string& idempotencyKey,
                                   const std::string& at, Seen& seen);
    bool partialReceived(Poco::Data::Session& session, const std::string& deviceId);
    void remember(const std::string& deviceId, const Seen& seen);

    Database& database_;
    PackageIdCache packageIds_;
    std::mutex contactsMutex_;
    std::map<std::string, Seen> contacts_;  // device -> its latest times
};

}  // namespace parque::collector
