// networks from the kernel's view of each interface (sys/class/net/<if>/) and the addressing in
// /proc/net (fib_trie + route for IPv4, if_inet6 for IPv6): what "ip addr" shows, without netlink.
// GLPI wants one element per address, so an interface with N IPv4 and M IPv6 addresses gives
// max(1, N, M) elements, the i-th IPv4 address next to the i-th IPv6 one.
#include "parque/agent/NetworkElements.h"
#include "parque/agent/linux/LinuxContext.h"
#include "parque/agent/parsers/ProcNet.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <map>

namespace parque::agent::platform {
namespace {

using inventory::Text;
constexpr const char* kName = "networks";
constexpr std::int64_t iffUp = 0x1;            // IFF_UP in sys/class/net/<if>/flags
constexpr std::int64_t arphrdInfiniband = 32;  // ARPHRD_* in sys/class/net/<if>/type
constexpr std::int64_t arphrdPpp = 512;
constexpr std::int64_t arphrdLoopback = 772;

struct Ipv6Entry {
    std::string address, mask, subnet;
};

struct Addressing {
    std::map<std::string, std::vector<Ipv4Address>> ipv4;  // by interface
    std::map<std::string, std::vector<Ipv6Entry>> ipv6;
    std::map<std::string, std::string> gateway;  // the interface's default route's gateway
};

// "ffff:ffff:ffff:ffff::" for 64, and address & mask as the subnet.
Ipv6Entry ipv6Entry(const Inet6Address& inet6) {
    std::array<std::uint8_t, 16> mask{};
    for (std::size_t bit = 0; bit < static_cast<std::size_t>(inet6.prefixLength); ++bit) {
        mask[bit / 8] = static_cast<std::uint8_t>(mask[bit / 8] | (0x80U >> (bit % 8)));
    }
    std::array<std::uint8_t, 16> subnet{};
    if (::inet_pton(AF_INET6, inet6.address.c_str(), subnet.data()) != 1) {
        subnet.fill(0);  // cannot happen for ipv6ToString's output
    }
    for (std::size_t i = 0; i < subnet.size(); ++i) {
        subnet[i] = static_cast<std::uint8_t>(subnet[i] & mask[i]);
    }
    return {inet6.address, ipv6ToString(mask), ipv6ToString(subnet)};
}

// Per interface, the gateway of its default route with the lowest metric (the first on a tie).
std::map<std::string, std::string> defaultGateways(const std::vector<Route>& routes) {
    std::map<std::string, const Route*> best;
    for (const Route& route : routes) {
        if (route.destination != 0 || route.mask != 0 || (route.flags & routeFlagGateway) == 0 ||
            (route.flags & routeFlagReject) != 0) {
            continue;
        }
        const Route*& current = best[route.iface];
        if (current == nullptr || route.metric < current->metric) {
            current = &route;
        }
    }
    std::map<std::string, std::string> gateways;
    for (const auto& [iface, route] : best) {
        gateways[iface] = ipv4ToString(route->gateway);
    }
    return gateways;
}

Addressing readAddressing(const RootFs& fs, Report& report) {
    Addressing result;
    const auto fibTrie = readReported(fs, "proc/net/fib_trie", kName, report);
    const auto routeText = readReported(fs, "proc/net/route", kName, report);
    const auto routes = routeText ? parseRoutes(*routeText) : std::vector<Route>{};
    if (fibTrie) {
        for (Ipv4Address& address : assignIpv4(localIpv4Addresses(*fibTrie), routes)) {
            if (address.iface) {
                result.ipv4[*address.iface].push_back(std::move(address));
            }
        }
    }
    result.gateway = defaultGateways(routes);
    // No if_inet6 is a kernel without IPv6 (or with it disabled): nothing to report.
    if (const auto inet6 = readReported(fs, "proc/net/if_inet6", kName, report, false)) {
        for (const Inet6Address& address : parseIfInet6(*inet6)) {
            result.ipv6[address.iface].push_back(ipv6Entry(address));
        }
    }
    return result;
}

// "aa:bb:cc:dd:ee:ff" in lower case; nullopt for the all-zero address and for anything that is
// not colon-separated hex pairs.
Text macAddress(const std::optional<std::string>& text) {
    if (!text || text->size() % 3 != 2) {
        return std::nullopt;
    }
    std::string mac;
    bool allZero = true;
    for (std::size_t i = 0; i < text->size(); ++i) {
        const auto c = static_cast<unsigned char>((*text)[i]);
        const bool separator = i % 3 == 2;
        if (separator ? c != ':' : std::isxdigit(c) == 0) {
            return std::nullopt;
        }
        allZero = allZero && (separator || c == '0');
        mac += static_cast<char>(std::tolower(c));
    }
    return allZero ? std::nullopt : Text(mac);
}

Text status(const RootFs& fs, const std::string& dir) {
    static constexpr std::array<std::string_view, 7> known{
        "up", "down", "dormant", "notpresent", "lowerlayerdown", "unknown", "testing"};
    auto operstate = fs.attribute(dir + "/operstate");
    if (!operstate || std::find(known.begin(), known.end(), *operstate) == known.end()) {
        return std::nullopt;
    }
    // Loopback, tun and many virtual drivers never report a carrier: "unknown" while IFF_UP.
    const auto flags = fs.integerAttribute(dir + "/flags", 16);
    if (*operstate == "unknown" && flags && (*flags & iffUp) != 0) {
        return "up";
    }
    return operstate;
}

// Mb/s; the kernel prints SPEED_UNKNOWN as -1 (older kernels as 4294967295 or 65535).
Text speed(const RootFs& fs, const std::string& dir) {
    const auto value = fs.integerAttribute(dir + "/speed");
    if (!value || *value <= 0 || *value == 0xFFFF || *value == 0xFFFFFFFF) {
        return std::nullopt;
    }
    return std::to_string(*value);
}

std::string interfaceType(const RootFs& fs, const std::string& dir) {
    if (fs.exists(dir + "/wireless") || fs.linkName(dir + "/phy80211")) {
        return "wifi";
    }
    if (fs.exists(dir + "/bridge")) {
        return "bridge";
    }
    if (fs.exists(dir + "/bonding")) {
        return "aggregate";
    }
    const auto type = fs.integerAttribute(dir + "/type");
    if (type == arphrdLoopback) {
        return "loopback";
    }
    if (type == arphrdInfiniband) {
        return "infiniband";
    }
    return type == arphrdPpp ? "dialup" : "ethernet";
}

// "0000:00:1f.6": domain, bus, device and function in hex, as PCI device folders are named.
bool isPciAddress(std::string_view name) {
    static constexpr std::string_view shape = "xxxx:xx:xx.x";
    if (name.size() != shape.size()) {
        return false;
    }
    for (std::size_t i = 0; i < name.size(); ++i) {
        const bool ok = shape[i] == 'x' ? std::isxdigit(static_cast<unsigned char>(name[i])) != 0
                                        : name[i] == shape[i];
        if (!ok) {
            return false;
        }
    }
    return true;
}

// "sys/devices/pci0000:00/0000:00:1f.6" -> "0000:00:1f.6", also with a trailing '/' (which
// lexically_normal() leaves after a "..").
std::string lastComponent(std::string path) {
    while (!path.empty() && path.back() == '/') {
        path.pop_back();
    }
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

inventory::Network describe(const RootFs& fs, const std::string& name) {
    const std::string dir = "sys/class/net/" + name;
    inventory::Network network;
    network.description = name;
    network.mac = macAddress(fs.attribute(dir + "/address"));
    network.mtu = fs.integerAttribute(dir + "/mtu");
    network.status = status(fs, dir);
    network.speed = speed(fs, dir);
    network.type = interfaceType(fs, dir);
    // resolvedLink() works lexically, so the class link (sys/class/net/<if> -> sys/devices/...)
    // is followed first, and the device link from the real folder.
    const auto device = fs.resolvedLink(fs.resolvedLink(dir).value_or(dir) + "/device");
    network.virtualdev = !fs.linkName(dir + "/device").has_value();
    if (device) {
        const std::string slot = lastComponent(*device);
        if (isPciAddress(slot)) {
            network.pcislot = slot;
        }
    }
    network.driver = fs.linkName(dir + "/device/driver");
    return network;
}

// The interface's elements: one per address pair, everything else repeated.
void addElements(inventory::Network base, const Addressing& addressing,
                 std::vector<inventory::Network>& out) {
    static const std::vector<Ipv4Address> noIpv4;
    static const std::vector<Ipv6Entry> noIpv6;
    const auto v4 = addressing.ipv4.find(base.description);
    const auto v6 = addressing.ipv6.find(base.description);
    const auto& ipv4 = v4 == addressing.ipv4.end() ? noIpv4 : v4->second;
    const auto& ipv6 = v6 == addressing.ipv6.end() ? noIpv6 : v6->second;
    if (const auto gateway = addressing.gateway.find(base.description);
        gateway != addressing.gateway.end()) {
        base.ipgateway = gateway->second;
    }
    appendAddressPairs(base, ipv4, ipv6, out);
}

}  // namespace

void collectNetworks(LinuxContext& context, inventory::Content& content, Report& report) {
    const RootFs& fs = context.fs();
    if (!fs.exists("sys/class/net")) {
        report.add(kName, "sys/class/net", ProblemKind::Missing, "no network interfaces in sysfs");
        return;
    }
    const Addressing addressing = readAddressing(fs, report);
    for (const std::string& name : fs.list("sys/class/net")) {
        std::error_code error;
        // Skips bonding_masters and anything else that is not an interface (or a broken link).
        if (!std::filesystem::is_directory(fs.path("sys/class/net/" + name), error)) {
            continue;
        }
        addElements(describe(fs, name), addressing, content.networks);
    }
}

}  // namespace parque::agent::platform
