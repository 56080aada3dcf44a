// monitors: the EDID of every connected display output (sys/class/drm/card*-*/edid), read by the
// pure EDID parser; the raw EDID travels too (base64) so the collector can read it again.
#include "parque/agent/linux/LinuxContext.h"
#include "parque/agent/parsers/EdidParser.h"
#include "parque/agent/parsers/ParseError.h"
#include "parque/inventory/Placeholders.h"

#include <array>
#include <cstdint>

namespace parque::agent::platform {
namespace {

constexpr const char* kName = "monitors";
const std::string kDrm = "sys/class/drm/";

// Standard base64 (RFC 4648, with padding, no line breaks).
std::string base64(const std::string& bytes) {
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

inventory::Monitor describe(LinuxContext& context, const edid::Edid& e, const std::string& port,
                            const std::string& raw) {
    inventory::Monitor m;
    m.manufacturer = context.pnpIds().name(e.manufacturer);
    if (!m.manufacturer) {
        m.manufacturer = e.manufacturer;
    }
    m.caption = e.monitorName;
    m.name = e.monitorName;
    m.description = e.manufacturer + std::to_string(e.productCode);
    const std::optional<std::string> numeric =
        e.serialNumber != 0 ? std::optional<std::string>(std::to_string(e.serialNumber))
                            : std::nullopt;
    if (e.serialString && !inventory::isPlaceholderSerial(*e.serialString)) {
        m.serial = e.serialString;
        m.altserial = numeric;
    } else {
        m.serial = numeric;
    }
    m.port = port;
    m.base64 = base64(raw);
    return m;
}

}  // namespace

void collectMonitors(LinuxContext& context, inventory::Content& content, Report& report) {
    const RootFs& fs = context.fs();
    for (const auto& output : fs.list(kDrm)) {
        const std::string dir = kDrm + output + "/";
        const auto dash = output.find('-');
        if (dash == std::string::npos ||
            fs.attribute(dir + "status") != std::optional<std::string>("connected")) {
            continue;  // a card itself, or an unused port
        }
        const FileRead raw = fs.read(dir + "edid", 1U << 16U);
        if (!raw.data || raw.data->empty()) {
            continue;
        }
        try {
            const edid::Edid parsed = edid::parse(*raw.data);
            content.monitors.push_back(
                describe(context, parsed, output.substr(dash + 1), *raw.data));
        } catch (const ParseError& e) {
            report.add(kName, dir + "edid", ProblemKind::Malformed, e.what());
        }
    }
}

}  // namespace parque::agent::platform
