#include "parque/agent/InventoryCommand.h"

#include "parque/agent/Collector.h"
#include "parque/inventory/JsonCodec.h"

#include <ctime>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>
#include <stdexcept>

namespace parque::agent {

const char* const kAgentVersion = "0.1.0";

namespace {

const char* const kUsage =
    "usage: parque-agent inventory [--format json|table] [--output FILE|-] [--root DIR]\n"
    "                              [--category SECTION,SECTION...]";

std::set<std::string> splitList(const std::string& text) {
    std::set<std::string> items;
    std::istringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        if (!item.empty()) {
            items.insert(item);
        }
    }
    return items;
}

// GLPI's device id: "<host name>-YYYY-MM-DD-HH-MM-SS".
std::string deviceId(const inventory::Content& content) {
    const std::string host =
        content.hardware && content.hardware->name ? *content.hardware->name : "unknown";
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "-%Y-%m-%d-%H-%M-%S", &tm);
    return host + stamp;
}

// A regular file is replaced atomically (a reader never sees half an inventory); anything else
// (/dev/null, a pipe, a terminal) is written in place: renaming over it would replace the device.
void writeOutput(const std::string& path, const std::string& text) {
    std::error_code error;
    const auto status = std::filesystem::status(path, error);
    if (!error && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
        std::ofstream file(path, std::ios::binary);
        file << text;
        if (!file.flush()) {
            throw std::runtime_error("cannot write " + path);
        }
        return;
    }
    const std::string temporary = path + ".tmp";
    {
        std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
        file << text;
        file.flush();
        if (!file) {
            throw std::runtime_error("cannot write " + temporary);
        }
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        std::remove(temporary.c_str());
        throw std::runtime_error("cannot replace " + path);
    }
}

}  // namespace

InventoryOptions parseInventoryOptions(const std::vector<std::string>& arguments) {
    InventoryOptions options;
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        const std::string& name = arguments[i];
        if (i + 1 >= arguments.size()) {
            throw std::invalid_argument("missing value after " + name + "\n" + kUsage);
        }
        const std::string& value = arguments[++i];
        if (name == "--format" && (value == "json" || value == "table")) {
            options.format = value;
        } else if (name == "--output") {
            options.output = value;
        } else if (name == "--root") {
            options.root = value;
        } else if (name == "--category") {
            options.categories = splitList(value);
        } else {
            throw std::invalid_argument("unknown option or value: " + name + " " + value + "\n" +
                                        kUsage);
        }
    }
    return options;
}

inventory::Inventory collectInventory(const InventoryOptions& options, Report& report) {
    const auto collectors = platformCollectors(PlatformOptions{options.root});
    const auto known = knownSections(collectors);
    for (const auto& category : options.categories) {
        if (known.count(category) == 0) {
            std::string list;
            for (const auto& section : known) {
                list += " " + section;
            }
            throw std::invalid_argument("unknown category \"" + category + "\"; known:" + list);
        }
    }
    inventory::Inventory inv;
    inv.content = runCollectors(collectors, options.categories, report);
    inv.content.versionclient = std::string("Parque-Agent_v") + kAgentVersion;
    inv.deviceid = deviceId(inv.content);
    inv.action = "inventory";
    inv.itemtype = "Computer";
    return inv;
}

int runInventoryCommand(const std::vector<std::string>& arguments, std::ostream& out,
                        std::ostream& log) {
    try {
        const InventoryOptions options = parseInventoryOptions(arguments);
        Report report;
        const inventory::Inventory inv = collectInventory(options, report);
        for (const auto& p : report.problems()) {
            log << "parque-agent: " << p.collector << ": " << p.source << ": " << toString(p.kind)
                << ": " << p.detail << "\n";
        }
        const std::string text =
            options.format == "table" ? formatTable(inv.content) : inventory::encode(inv) + "\n";
        if (options.output == "-") {
            out << text;
        } else {
            writeOutput(options.output, text);
        }
        return 0;
    } catch (const std::invalid_argument& e) {
        log << "parque-agent: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        log << "parque-agent: error: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace parque::agent
