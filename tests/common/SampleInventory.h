// Inventories for tests: one with every field of every section set to a valid value.
#pragma once

#include "parque/inventory/Inventory.h"

namespace parque::testing {

// Every field of every section holds a valid value (chosen per field rule), two components per
// array section. Used to prove that the codec writes every field and that the result validates.
inventory::Inventory fullySetInventory();

}  // namespace parque::testing
