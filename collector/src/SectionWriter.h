// The write steps of one inventory, inside the caller's transaction (used by InventoryStore).
#pragma once

#include "parque/collector/ComponentDiff.h"
#include "parque/collector/Database.h"
#include "parque/collector/InventoryStore.h"
#include "parque/inventory/Inventory.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace parque::collector {

class SectionWriter {
public:
    SectionWriter(Database& database, Poco::Data::Session& session, std::string deviceId,
                  std::string at)
        : database_(database),
          session_(session),
          deviceId_(std::move(deviceId)),
          at_(std::move(at)) {}

    // The stored digest of every section of the device, or only of `sections` (a partial
    // inventory's, looked up one by one).
    std::map<std::string, std::string> storedDigests();
    std::map<std::string, std::string> storedDigests(const std::vector<std::string>& sections);
    void setDigest(const std::string& section, const std::optional<std::string>& digest);

    // Replaces the current components of `section` by `records`; `kinds` gives the peripheral
    // kind of a component key (usbdevices, monitors). Writes events unless `firstTime`.
    void writeComponents(const std::string& section,
                         const std::vector<inventory::ComponentRecord>& records,
                         const std::map<std::string, std::string>& kinds, bool firstTime);

    // Links the device to the shared software set with `digest`, creating it when new (with the
    // package rows `plan` found stored already; an empty plan is made here if needed).
    void writeSoftwares(const std::vector<inventory::Software>& softwares,
                        const std::vector<inventory::ComponentRecord>& records,
                        const std::string& digest, const PackagePlan& plan, bool firstTime);
    void clearSoftwares(bool firstTime);

    void writeSummary(const inventory::Content& content);
    std::size_t events() const { return events_; }
    const std::vector<ReplacedPeripheral>& replaced() const { return replaced_; }

private:
    std::vector<StoredComponent> currentComponents(const std::string& section);
    std::vector<StoredComponent> currentSoftwares();
    void recordChanges(const std::string& section, const std::vector<ComponentChange>& changes);
    void recordReplacements(const std::string& section, const std::vector<ComponentChange>& changes,
                            const std::map<std::string, std::string>& oldKinds,
                            const std::map<std::string, std::string>& newKinds);
    void event(const std::string& type, const std::string& section, const std::string& component,
               const std::optional<std::string>& field, const std::optional<std::string>& before,
               const std::optional<std::string>& after);
    std::int64_t softwareSet(const std::vector<inventory::Software>& softwares,
                             const std::vector<inventory::ComponentRecord>& records,
                             const std::string& digest, const PackagePlan& plan);
    std::int64_t packageRow(const inventory::Software& software,
                            const inventory::ComponentRecord& record,
                            const std::string& packageDigest);
    void writeAddresses(const inventory::Content& content);

    Database& database_;
    Poco::Data::Session& session_;
    std::string deviceId_;
    std::string at_;
    std::size_t events_ = 0;
    std::vector<ReplacedPeripheral> replaced_;
};

}  // namespace parque::collector
