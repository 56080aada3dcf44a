// Which sections a run sends: pure over the collected inventory, its section digests and the
// baseline (the digests of the last inventory the collector acknowledged).
#pragma once

#include "parque/inventory/Inventory.h"

#include <map>
#include <string>

namespace parque::agent {

struct PartialDecision {
    bool full = true;
    std::string reason;  // why full ("first inventory", "every 14 runs", ...) or "changed: a, b"
};

struct PartialPolicy {
    int fullEvery = 14;     // a full inventory every N runs
    int runsSinceFull = 0;  // acknowledged runs since the last full inventory
    bool collectorAskedFull = false;
};

PartialDecision decidePartial(const std::map<std::string, std::string>& digests,
                              const std::map<std::string, std::string>& baseline,
                              const PartialPolicy& policy);

// `inventory` reduced to the changed sections plus bios, hardware and versionclient (and
// operatingsystem when softwares travel), with "partial": true.
inventory::Inventory partialInventory(const inventory::Inventory& full,
                                      const std::map<std::string, std::string>& digests,
                                      const std::map<std::string, std::string>& baseline);

}  // namespace parque::agent
