// `parque-agent inventory`: run the collectors once and write one full inventory.
#pragma once

#include "parque/agent/Report.h"
#include "parque/inventory/Inventory.h"

#include <filesystem>
#include <iosfwd>
#include <set>
#include <string>
#include <vector>

namespace parque::agent {

struct InventoryOptions {
    std::string format = "json";       // json | table
    std::string output = "-";          // a file, or "-" for standard output
    std::filesystem::path root = "/";  // read every file below this folder
    std::set<std::string> categories;  // GLPI section names; empty = all
};

// Parses the arguments after "inventory"; throws std::invalid_argument with a usage message.
InventoryOptions parseInventoryOptions(const std::vector<std::string>& arguments);

// Collects one full inventory (deviceid, versionclient and itemtype set) and its problems.
inventory::Inventory collectInventory(const InventoryOptions& options, Report& report);

// A human-readable summary: the device, its peripherals first, then each section.
std::string formatTable(const inventory::Content& content);

// The whole command: collect, log problems to `log`, write the output. Returns the exit status.
int runInventoryCommand(const std::vector<std::string>& arguments, std::ostream& out,
                        std::ostream& log);

extern const char* const kAgentVersion;  // "0.1.0"

}  // namespace parque::agent
