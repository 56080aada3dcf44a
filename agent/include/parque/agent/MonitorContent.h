// From a decoded EDID to the inventory's monitor element, the same on every platform (Linux reads
// EDIDs from sysfs, Windows from the monitor's registry key), so both report a screen the same way.
#pragma once

#include "parque/agent/parsers/EdidParser.h"
#include "parque/inventory/Inventory.h"

#include <optional>
#include <string>
#include <string_view>

namespace parque::agent {

// manufacturer (`vendorName` when the PNP id is known, else the 3-letter id), name, the serial
// from the 0xFF descriptor with the numeric serial as altserial (the numeric one alone when there
// is no real text serial), the port and the raw EDID as base64.
inventory::Monitor monitorFromEdid(const edid::Edid& edid, std::string_view raw,
                                   std::optional<std::string> port,
                                   std::optional<std::string> vendorName);

}  // namespace parque::agent
