// A collector fills one or more sections of the inventory from one kind of source. Each platform
// (agent/src/linux, agent/src/windows) provides its list; the runner is shared.
#pragma once

#include "parque/agent/Report.h"
#include "parque/inventory/Inventory.h"

#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <vector>

namespace parque::agent {

struct Collector {
    std::string name;                   // what the log says: "smbios", "usbdevices", ...
    std::vector<std::string> sections;  // GLPI sections it fills: "bios", "memories", ...
    std::function<void(inventory::Content&, Report&)> collect;
};

struct PlatformOptions {
    std::filesystem::path root = "/";  // Linux: read every file below this folder
};

// The collectors of the platform this agent was built for, in the order they must run.
std::vector<Collector> platformCollectors(const PlatformOptions& options);

// Every section name a collector can fill, sorted (the valid --category values).
std::set<std::string> knownSections(const std::vector<Collector>& collectors);

// Runs each collector whose sections meet `categories` (all when empty), catching whatever one
// throws into `report`, and keeps only the requested sections.
inventory::Content runCollectors(const std::vector<Collector>& collectors,
                                 const std::set<std::string>& categories, Report& report);

}  // namespace parque::agent
