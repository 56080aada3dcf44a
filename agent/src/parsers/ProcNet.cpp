#include "parque/agent/parsers/ProcNet.h"

#include <algorithm>
#include <charconv>
#include <unordered_set>
#include <utility>

namespace parque::agent {

namespace {

bool isBlank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Calls onLine for every line of text, without its '\n'.
template <typename OnLine>
void forEachLine(std::string_view text, OnLine onLine) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto end = text.find('\n', pos);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        onLine(text.substr(pos, end - pos));
        pos = end + 1;
    }
}

std::vector<std::string_view> splitBlanks(std::string_view line) {
    std::vector<std::string_view> fields;
    std::size_t pos = 0;
    while (pos < line.size()) {
        while (pos < line.size() && isBlank(line[pos])) {
            ++pos;
        }
        const std::size_t start = pos;
        while (pos < line.size() && !isBlank(line[pos])) {
            ++pos;
        }
        if (pos > start) {
            fields.push_back(line.substr(start, pos - start));
        }
    }
    return fields;
}

// The whole of `text` as an unsigned number in `base`; no sign, no prefix.
template <typename Number>
std::optional<Number> parseNumber(std::string_view text, int base) {
    Number value{};
    const char* end = text.data() + text.size();
    if (text.empty() || text.front() == '-' || text.front() == '+') {
        return std::nullopt;
    }
    const auto result = std::from_chars(text.data(), end, value, base);
    if (result.ec != std::errc() || result.ptr != end) {
        return std::nullopt;
    }
    return value;
}

std::uint32_t byteSwap(std::uint32_t value) {
    return ((value & 0x000000FFu) << 24) | ((value & 0x0000FF00u) << 8) |
           ((value & 0x00FF0000u) >> 8) | ((value & 0xFF000000u) >> 24);
}

// A route address column: the kernel's "%08X" of a network-order value on a little-endian CPU.
std::optional<std::uint32_t> parseRouteAddress(std::string_view hex) {
    if (hex.size() != 8) {
        return std::nullopt;
    }
    const auto raw = parseNumber<std::uint32_t>(hex, 16);
    if (!raw) {
        return std::nullopt;
    }
    return byteSwap(*raw);
}

// The metric column is printed with "%d" from an unsigned priority, so it may come out negative.
std::optional<std::uint32_t> parseMetric(std::string_view text) {
    const bool negative = !text.empty() && text.front() == '-';
    const auto magnitude = parseNumber<std::uint32_t>(negative ? text.substr(1) : text, 10);
    if (!magnitude || (negative && *magnitude > 0x80000000u)) {
        return std::nullopt;
    }
    return negative ? static_cast<std::uint32_t>(0u - *magnitude) : *magnitude;
}

std::optional<Route> parseRouteLine(std::string_view line) {
    const auto fields = splitBlanks(line);
    if (fields.size() < 8) {
        return std::nullopt;
    }
    const auto destination = parseRouteAddress(fields[1]);
    const auto gateway = parseRouteAddress(fields[2]);
    const auto flags = parseNumber<unsigned>(fields[3], 16);
    const auto metric = parseMetric(fields[6]);
    const auto mask = parseRouteAddress(fields[7]);
    if (!destination || !gateway || !flags || !metric || !mask) {
        return std::nullopt;  // also the header line
    }
    return Route{std::string(fields[0]), *destination, *gateway, *mask, *flags, *metric};
}

std::string hexGroup(unsigned group) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string text;
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
        const unsigned digit = (group >> static_cast<unsigned>(shift)) & 0xFu;
        if (digit != 0 || started || shift == 0) {
            text += digits[digit];
            started = true;
        }
    }
    return text;
}

std::optional<Inet6Address> parseIfInet6Line(std::string_view line) {
    const auto fields = splitBlanks(line);
    if (fields.size() != 6 || fields[0].size() != 32) {
        return std::nullopt;
    }
    std::array<std::uint8_t, 16> bytes{};
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const auto byte = parseNumber<std::uint8_t>(fields[0].substr(i * 2, 2), 16);
        if (!byte) {
            return std::nullopt;
        }
        bytes[i] = *byte;
    }
    const auto index = parseNumber<unsigned>(fields[1], 16);
    const auto prefix = parseNumber<unsigned>(fields[2], 16);
    const auto scope = parseNumber<unsigned>(fields[3], 16);
    const auto flags = parseNumber<unsigned>(fields[4], 16);
    if (!index || !prefix || *prefix > 128 || !scope || *scope > 0xFF || !flags) {
        return std::nullopt;
    }
    return Inet6Address{std::string(fields[5]), ipv6ToString(bytes), static_cast<int>(*prefix),
                        static_cast<int>(*scope)};
}

// Strict dotted quad "a.b.c.d", each part 0..255 in decimal.
std::optional<std::uint32_t> parseDottedQuad(std::string_view text) {
    std::uint32_t address = 0;
    for (int part = 0; part < 4; ++part) {
        const auto dot = text.find('.');
        const bool last = part == 3;
        if (last != (dot == std::string_view::npos)) {
            return std::nullopt;
        }
        const std::string_view digits = last ? text : text.substr(0, dot);
        const auto octet = digits.size() <= 3 ? parseNumber<unsigned>(digits, 10) : std::nullopt;
        if (!octet || *octet > 255) {
            return std::nullopt;
        }
        address = (address << 8) | *octet;
        text = last ? std::string_view() : text.substr(dot + 1);
    }
    return address;
}

std::string_view trimLeft(std::string_view text) {
    std::size_t pos = 0;
    while (pos < text.size() && isBlank(text[pos])) {
        ++pos;
    }
    return text.substr(pos);
}

bool startsWith(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

// An alias line "/32 host LOCAL" (optionally followed by " tos=N").
bool isLocalHostAlias(std::string_view alias) {
    const auto fields = splitBlanks(alias);
    return fields.size() >= 3 && fields[0] == "/32" && fields[1] == "host" && fields[2] == "LOCAL";
}

struct FibTable {
    std::string_view name;
    std::vector<std::uint32_t> local;
    std::unordered_set<std::uint32_t> seen;  // keeps hostile input with many leaves linear
};

// Splits the trie into its tables ("Main:", "Local:", "Id 100:") and collects, per table, the
// leaves that carry a "/32 host LOCAL" alias. Leaf lines before any table header form an unnamed
// table.
std::vector<FibTable> readFibTables(std::string_view text) {
    std::vector<FibTable> tables;
    std::optional<std::uint32_t> leaf;
    forEachLine(text, [&](std::string_view line) {
        if (!line.empty() && !isBlank(line.front())) {
            tables.push_back({line.substr(0, line.find(':')), {}, {}});
            leaf.reset();
            return;
        }
        const std::string_view body = trimLeft(line);
        if (startsWith(body, "|-- ")) {
            const auto fields = splitBlanks(body.substr(4));
            leaf = fields.empty() ? std::nullopt : parseDottedQuad(fields.front());
        } else if (startsWith(body, "+-- ")) {
            leaf.reset();
        } else if (startsWith(body, "/") && leaf && isLocalHostAlias(body)) {
            if (tables.empty()) {
                tables.push_back({std::string_view(), {}, {}});
            }
            FibTable& table = tables.back();
            if (table.seen.insert(*leaf).second) {
                table.local.push_back(*leaf);
            }
        }
    });
    return tables;
}

int maskLength(std::uint32_t mask) {
    int bits = 0;
    for (; mask != 0; mask &= mask - 1) {
        ++bits;
    }
    return bits;
}

// The link route that contains address: longest mask, then lowest metric, then first.
const Route* linkRouteFor(std::uint32_t address, const std::vector<Route>& routes) {
    const Route* best = nullptr;
    for (const Route& route : routes) {
        if (route.gateway != 0 || route.mask == 0 || (route.flags & routeFlagReject) != 0 ||
            (address & route.mask) != route.destination) {
            continue;
        }
        if (best == nullptr || maskLength(route.mask) > maskLength(best->mask) ||
            (maskLength(route.mask) == maskLength(best->mask) && route.metric < best->metric)) {
            best = &route;
        }
    }
    return best;
}

}  // namespace

std::vector<Route> parseRoutes(std::string_view text) {
    std::vector<Route> routes;
    forEachLine(text, [&routes](std::string_view line) {
        if (auto route = parseRouteLine(line)) {
            routes.push_back(std::move(*route));
        }
    });
    return routes;
}

std::string ipv4ToString(std::uint32_t address) {
    std::string text;
    for (int shift = 24; shift >= 0; shift -= 8) {
        text += std::to_string((address >> static_cast<unsigned>(shift)) & 0xFFu);
        if (shift != 0) {
            text += '.';
        }
    }
    return text;
}

std::optional<std::string> defaultGateway(const std::vector<Route>& routes) {
    const Route* best = nullptr;
    for (const Route& route : routes) {
        if (route.destination != 0 || route.mask != 0 || (route.flags & routeFlagGateway) == 0 ||
            (route.flags & routeFlagReject) != 0) {
            continue;
        }
        if (best == nullptr || route.metric < best->metric) {
            best = &route;
        }
    }
    if (best == nullptr) {
        return std::nullopt;
    }
    return ipv4ToString(best->gateway);
}

std::vector<Inet6Address> parseIfInet6(std::string_view text) {
    std::vector<Inet6Address> addresses;
    forEachLine(text, [&addresses](std::string_view line) {
        if (auto address = parseIfInet6Line(line)) {
            addresses.push_back(std::move(*address));
        }
    });
    return addresses;
}

std::string ipv6ToString(const std::array<std::uint8_t, 16>& address) {
    std::array<unsigned, 8> groups{};
    for (std::size_t i = 0; i < groups.size(); ++i) {
        groups[i] = (static_cast<unsigned>(address[i * 2]) << 8) | address[i * 2 + 1];
    }
    const bool mapped = std::all_of(groups.begin(), groups.begin() + 5,
                                    [](unsigned group) { return group == 0; }) &&
                        groups[5] == 0xFFFFu;
    if (mapped) {
        const std::uint32_t v4 = (static_cast<std::uint32_t>(groups[6]) << 16) | groups[7];
        return "::ffff:" + ipv4ToString(v4);
    }
    std::size_t bestStart = groups.size();
    std::size_t bestLength = 1;  // a single zero group is never shortened
    for (std::size_t i = 0; i < groups.size();) {
        std::size_t run = 0;
        while (i + run < groups.size() && groups[i + run] == 0) {
            ++run;
        }
        if (run > bestLength) {
            bestStart = i;
            bestLength = run;
        }
        i += run == 0 ? 1 : run;
    }
    std::string text;
    for (std::size_t i = 0; i < groups.size(); ++i) {
        if (i == bestStart) {
            text += "::";
            i += bestLength - 1;
            continue;
        }
        if (!text.empty() && text.back() != ':') {
            text += ':';
        }
        text += hexGroup(groups[i]);
    }
    return text;
}

std::vector<std::uint32_t> localIpv4Addresses(std::string_view fibTrie) {
    const auto tables = readFibTables(fibTrie);
    for (const std::string_view name : {"Main", "Local"}) {
        for (const FibTable& table : tables) {
            if (table.name == name && !table.local.empty()) {
                return table.local;
            }
        }
    }
    const bool named = std::any_of(tables.begin(), tables.end(), [](const FibTable& table) {
        return table.name == "Main" || table.name == "Local";
    });
    if (named || tables.empty()) {
        return {};
    }
    return tables.front().local;
}

std::vector<Ipv4Address> assignIpv4(const std::vector<std::uint32_t>& local,
                                    const std::vector<Route>& routes) {
    constexpr std::uint32_t loopbackMask = 0xFF000000u;
    constexpr std::uint32_t loopbackNet = 0x7F000000u;
    std::vector<Ipv4Address> assigned;
    assigned.reserve(local.size());
    for (const std::uint32_t address : local) {
        Ipv4Address entry;
        entry.address = ipv4ToString(address);
        if ((address & loopbackMask) == loopbackNet) {
            entry.iface = "lo";
            entry.mask = ipv4ToString(loopbackMask);
            entry.subnet = ipv4ToString(loopbackNet);
        } else if (const Route* route = linkRouteFor(address, routes)) {
            entry.iface = route->iface;
            entry.mask = ipv4ToString(route->mask);
            entry.subnet = ipv4ToString(route->destination);
        }
        assigned.push_back(std::move(entry));
    }
    return assigned;
}

}  // namespace parque::agent
