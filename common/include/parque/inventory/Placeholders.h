// Values that firmware and drivers write when they know nothing ("To Be Filled By O.E.M.", all-zero
// serials, the QEMU UUID 03000200-...). They are never reported as serials and never used as
// identity.
#pragma once

#include <string_view>

namespace parque::inventory {

bool isPlaceholderSerial(std::string_view value);
bool isPlaceholderUuid(std::string_view value);

}  // namespace parque::inventory
