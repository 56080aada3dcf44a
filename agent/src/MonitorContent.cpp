#include "parque/agent/MonitorContent.h"

#include "parque/inventory/Placeholders.h"

#include <array>
#include <cstdint>

namespace parque::agent {

std::string base64(std::string_view bytes) {
    static constexpr std::array<char, 64> kAlphabet{
        'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P',
        'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z', 'a', 'b', 'c', 'd', 'e', 'f',
        'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v',
        'w', 'x', 'y', 'z', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '+', '/'};
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        const std::size_t left = bytes.size() - i;
        std::uint32_t group = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i]))
                              << 16U;
        if (left > 1) {
            group |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8U;
        }
        if (left > 2) {
            group |= static_cast<unsigned char>(bytes[i + 2]);
        }
        out += kAlphabet[(group >> 18U) & 63U];
        out += kAlphabet[(group >> 12U) & 63U];
        out += left > 1 ? kAlphabet[(group >> 6U) & 63U] : '=';
        out += left > 2 ? kAlphabet[group & 63U] : '=';
    }
    return out;
}

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
    m.base64 = base64(raw);
    return m;
}

}  // namespace parque::agent
