// The XML protocol of the legacy agents (FusionInventory 2.6, OCS Inventory agent 2.x): a PROLOG
// message, then an INVENTORY message whose CONTENT maps onto the GLPI native inventory format.
// Parsing is hardened: no DTD (refused), no entities beyond the predefined ones, limits on size,
// depth, element count and text length. The mapped inventory goes through the same decoder as the
// JSON intake (inventory::decodeInventoryTree), so the rules are the same.
#pragma once

#include "parque/inventory/Inventory.h"

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace parque::collector {

class LegacyXmlError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct LegacyXmlLimits {
    std::size_t maxBytes = 8u << 20u;
    std::size_t maxDepth = 32;
    std::size_t maxElements = 200000;
    std::size_t maxTextBytes = 64u << 10u;  // character data of one element
};

struct LegacyMessage {
    std::string query;     // "PROLOG" or "INVENTORY" (upper case, from <REQUEST><QUERY>)
    std::string deviceid;  // <REQUEST><DEVICEID>
    std::optional<inventory::Inventory> inventory;  // INVENTORY only
};

// content.versionclient when the XML has no <VERSIONCLIENT> (OCS agents name themselves only in
// the HTTP User-Agent; the caller may overwrite it with that). The schema requires the field.
inline constexpr const char* kUnknownLegacyClient = "legacy-xml-agent";

// Parses one request. An unknown QUERY is returned as-is (upper-cased), without an inventory.
// Throws LegacyXmlError on malformed or hostile XML, on a missing QUERY, on a PROLOG or INVENTORY
// without DEVICEID, and on an INVENTORY without CONTENT.
LegacyMessage parseLegacyMessage(std::string_view xml, const LegacyXmlLimits& limits = {});

// <REPLY> to a PROLOG: ask for an inventory, and for the next PROLOG after `frequencyHours`.
std::string prologReply(int frequencyHours);
// <REPLY> to an INVENTORY: accepted.
std::string inventoryReply();

}  // namespace parque::collector
