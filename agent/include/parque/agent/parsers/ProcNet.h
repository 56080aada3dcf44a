// IPv4/IPv6 addressing from /proc/net: the routing table (/proc/net/route), the IPv6 addresses
// (/proc/net/if_inet6), the local IPv4 addresses (/proc/net/fib_trie), and the join of the
// latter with the routes that tells which interface and subnet each IPv4 address belongs to.
// Together they give what "ip addr" shows without netlink.
//
// Addresses in /proc/net/route are printed by the kernel as "%08X" of the network-order value
// read as a CPU integer; every target Parque ships for (x86, x86_64, aarch64, armhf, riscv64) is
// little-endian, so the hex is always byte-swapped here. All addresses in this API are host-order
// integers: 192.0.2.1 is 0xC0000201.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parque::agent {

// Route flags as in <linux/route.h>.
constexpr unsigned routeFlagUp = 0x0001;
constexpr unsigned routeFlagGateway = 0x0002;
constexpr unsigned routeFlagHost = 0x0004;
constexpr unsigned routeFlagReject = 0x0200;

struct Route {
    std::string iface;  // "*" for unreachable/prohibit routes, as the kernel prints it
    std::uint32_t destination = 0;
    std::uint32_t gateway = 0;
    std::uint32_t mask = 0;
    unsigned flags = 0;
    std::uint32_t metric = 0;
};

// /proc/net/route. The header line and lines that do not have the kernel's columns (iface,
// destination, gateway, flags, refcnt, use, metric, mask) in readable form are skipped.
std::vector<Route> parseRoutes(std::string_view text);

// 0xC0000201 -> "192.0.2.1".
std::string ipv4ToString(std::uint32_t address);

// The gateway of the default route (destination 0, mask 0, RTF_GATEWAY set, not RTF_REJECT)
// with the lowest metric, the first such route on a tie; nullopt when there is none.
std::optional<std::string> defaultGateway(const std::vector<Route>& routes);

struct Inet6Address {
    std::string iface;
    std::string address;   // RFC 5952 text, e.g. "fe80::5054:ff:fe12:3456"
    int prefixLength = 0;  // 0..128
    int scope = 0;         // the kernel's value: 0x00 global, 0x10 host, 0x20 link, 0x40 site
};

// /proc/net/if_inet6: "<32 hex> <ifindex> <plen> <scope> <flags> <name>", hex fields.
// Lines that do not have all six fields in that form are skipped.
std::vector<Inet6Address> parseIfInet6(std::string_view text);

// RFC 5952 text of a 16-byte address: lower-case hex, leading zeros dropped, the longest run of
// two or more zero groups (the first on a tie) written "::", and ::ffff:0:0/96 as ::ffff:a.b.c.d.
std::string ipv6ToString(const std::array<std::uint8_t, 16>& address);

// /proc/net/fib_trie -> the machine's local IPv4 addresses: the leaves with an alias
// "/32 host LOCAL" in the "Main:" table, in the file's order (ascending), without duplicates.
// When "Main:" has none (the local and main tables are kept apart once policy-routing rules
// exist, and then the local routes live only in "Local:"), those of "Local:" are taken; when
// neither section exists, those of the first table.
std::vector<std::uint32_t> localIpv4Addresses(std::string_view fibTrie);

struct Ipv4Address {
    std::optional<std::string> iface;   // nullopt when no route tells (e.g. a /32 address)
    std::string address;                // "192.0.2.2"
    std::optional<std::string> mask;    // "255.255.255.0"
    std::optional<std::string> subnet;  // "192.0.2.0"
};

// Each local address goes to the interface of the link route (gateway 0, mask not 0, not
// RTF_REJECT) that contains it, the longest mask winning, then the lowest metric, then the first.
// 127.x.x.x goes to "lo" with mask 255.0.0.0 (the loopback routes are only in the local table,
// which /proc/net/route does not list). Addresses no link route contains keep only the address.
// The result follows the order of `local`.
std::vector<Ipv4Address> assignIpv4(const std::vector<std::uint32_t>& local,
                                    const std::vector<Route>& routes);

}  // namespace parque::agent
