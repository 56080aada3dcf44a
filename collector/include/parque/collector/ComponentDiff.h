// What changed in one section between the stored components and a new inventory's components:
// pure, over identity keys and canonical JSON (see parque/inventory/Delta.h).
#pragma once

#include "parque/inventory/Delta.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace parque::collector {

struct StoredComponent {
    std::int64_t id = 0;
    std::string key;
    std::string canonical;
    std::string kind;  // peripheral kind for usbdevices, else empty
};

struct FieldChange {
    std::string field;  // wire name; empty for a text-valued section
    std::optional<std::string> before;
    std::optional<std::string> after;
};

struct ComponentChange {
    enum class Kind { Added, Removed, Modified };
    Kind kind = Kind::Added;
    std::string key;
    std::int64_t storedId = 0;        // Removed, Modified: the stored row that ends
    std::string canonical;            // Added, Modified: the new component
    std::vector<FieldChange> fields;  // Modified only
};

// Components are matched by key; several with one key are matched by equal content first, then
// paired in canonical order, as inventory::computeDelta does.
std::vector<ComponentChange> diffComponents(const std::vector<StoredComponent>& before,
                                            const std::vector<inventory::ComponentRecord>& after);

// Field-level differences of two canonical JSON objects (values as their canonical JSON text);
// for text values (not objects) one change with an empty field name.
std::vector<FieldChange> diffFields(const std::string& before, const std::string& after);

const char* toString(ComponentChange::Kind kind);

}  // namespace parque::collector
