// The GLPI inventory JSON codec: model <-> wire. Field names come from Fields.h only.
// Encoding writes compact JSON with keys in alphabetical order and leaves out unknown values and
// empty sections. Decoding ignores unknown keys, is strict on types and value rules, and names the
// failing JSON path in its error.
#pragma once

#include "parque/inventory/Inventory.h"

#include <Poco/Dynamic/Var.h>

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parque::inventory {

class DecodeError : public std::runtime_error {
public:
    DecodeError(std::string path, const std::string& problem);
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

// Thrown when the model holds a value the schema forbids (a collector bug, caught by tests).
class EncodeError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct DecodeLimits {
    std::size_t maxDepth = 32;          // nesting of arrays and objects
    std::size_t maxBytes = 64u << 20u;  // input size
};

std::string encode(const Inventory& inventory);
Inventory decodeInventory(std::string_view json, const DecodeLimits& limits = {});
// The same for a document already parsed (with a depth limit) by Poco::JSON::Parser.
Inventory decodeInventoryTree(const Poco::Dynamic::Var& root);

// One component or section object as canonical JSON: sorted keys, no whitespace, volatile fields
// (free space, boot time, ...) left out. Equal canonical text means "unchanged".
template <class T>
std::string canonicalJson(const T& component);

// The same, split per field: (wire name, canonical JSON value), in alphabetical order.
template <class T>
std::vector<std::pair<const char*, std::string>> canonicalFields(const T& component);

}  // namespace parque::inventory
