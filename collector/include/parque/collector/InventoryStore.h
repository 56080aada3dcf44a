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
    // one transaction (every second from the service, and before device queries).
    void recordContact(const std::string& deviceId);
    void flushContacts();
    void requestFull(const std::string& deviceId);
    // Forgets idempotency keys received before `before` (UTC text); returns how many.
    std::size_t pruneSubmissions(const std::string& before);

private:
    ApplyResult applyInTransaction(
        Poco::Data::Session& session, const std::string& deviceId,
        const inventory::Content& content, bool partial,
        const std::map<std::string, std::vector<inventory::ComponentRecord>>& records,
        const std::map<std::string, std::string>& digests,
        const std::map<std::string, std::string>& kinds, const std::string& idempotencyKey,
        const std::string& at);

    Database& database_;
    std::mutex contactsMutex_;
    std::map<std::string, std::string> contacts_;  // device -> time
};

}  // namespace parque::collector
