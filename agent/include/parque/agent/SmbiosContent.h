// From decoded SMBIOS tables to the inventory: bios, hardware.uuid/chassis_type, memories and a
// first view of cpus. Shared by every platform (Linux reads the tables from sysfs, Windows from
// GetSystemFirmwareTable('RSMB')), so both report a machine the same way.
#pragma once

#include "parque/agent/parsers/SmbiosParser.h"
#include "parque/inventory/Inventory.h"

#include <optional>
#include <string>

namespace parque::agent {

// Firmware filler ("To Be Filled By O.E.M.", "Not Specified", ...) is no value at all.
inventory::Text realSmbiosText(const std::optional<std::string>& value);

// "MM/DD/YYYY" (or "MM/DD/YY") as firmware writes it -> "YYYY-MM-DD"; nullopt for other shapes.
inventory::Text smbiosIsoDate(const std::optional<std::string>& date);

// Lower-case, or nullopt for a placeholder UUID.
inventory::Text realSmbiosUuid(const std::optional<std::string>& uuid);

// Fills bios, hardware.uuid/chassis_type, memories (populated slots) and cpus (populated central
// processors) from `tables`.
void applySmbiosTables(const smbios::Tables& tables, inventory::Content& content);

}  // namespace parque::agent
