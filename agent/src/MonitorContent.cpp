#include "parque/agent/MonitorContent.h"

#include "parque/inventory/Placeholders.h"
#include "parque/util/Base64.h"

namespace parque::agent {

inventory::Monitor monitorFromEdid(const edid::Edid& edid, std::string_view raw,
                                   std::optional<std::string> port,
                                   std::optional<std::string> vendorName) {
    inventory::Monitor m;
    m.manufacturer = vendorName ? std::move(vendorName) : edid.manufacturer;
    m.caption = edid.monitorName;
    m.name = edid.monitorName;
    m.description = edid.manufacturer + std::to_string(edid.productCode);
    const std::optional<std::string> numeric =
        edid.serialNumber != 0 ? std::optional<std::string>(std::to_string(edid.serialNumber))
                               : std::nullopt;
    if (edid.serialString && !inventory::isPlaceholderSerial(*edid.serialString)) {
        m.serial = edid.serialString;
        m.altserial = numeric;
    } else {
        m.serial = numeric;
    }
    m.port = std::move(port);
    m.base64 = util::base64Encode(raw);
    return m;
}

}  // namespace parque::agent
