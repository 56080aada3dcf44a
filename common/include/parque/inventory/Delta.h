// Section digests and the difference between two inventories. Pure functions over the model.
#pragma once

#include "parque/inventory/Inventory.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace parque::inventory {

// SHA-256 (hex) of each section present in `content`, over its canonical form: components sorted,
// keys sorted, volatile fields left out. A section's digest does not depend on component order.
std::map<std::string, std::string> sectionDigests(const Content& content);

// One component as the collector stores it: its identity key and its canonical JSON (for the
// text-valued section "versionclient", the text itself).
struct ComponentRecord {
    std::string key;
    std::string canonical;
};

// The components of every present section, by wire name.
std::map<std::string, std::vector<ComponentRecord>> componentRecords(const Content& content);

// The digest sectionDigests() gives a section with these components.
std::string sectionDigest(const std::vector<ComponentRecord>& components);

enum class ChangeKind { Added, Removed, Modified };
const char* toString(ChangeKind kind);

struct ComponentChange {
    ChangeKind kind;
    std::string key;                  // componentKey(), or the section name for object sections
    std::vector<std::string> fields;  // Modified: the wire names of the fields that changed
};

struct SectionDelta {
    std::string section;  // wire name: "softwares", "bios", ...
    std::vector<ComponentChange> changes;
};

struct Delta {
    std::vector<SectionDelta> sections;  // changed sections only, in wire-name order
    bool empty() const { return sections.empty(); }
    const SectionDelta* section(std::string_view name) const;
};

// What changed from `previous` to `current`, both full inventories. Components are matched by
// componentKey(); several components with one key are first matched by equal content, then in
// canonical order, so duplicates never produce spurious changes.
Delta computeDelta(const Content& previous, const Content& current);

}  // namespace parque::inventory
