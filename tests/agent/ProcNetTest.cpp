#include <catch2/catch.hpp>

#include <arpa/inet.h>

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "parque/agent/parsers/ProcNet.h"

using namespace parque::agent;

namespace {

// This machine's /proc/net/route (a VM: eth0 192.0.2.2/24, default via 192.0.2.1). The kernel
// pads every line with spaces to 127 characters; the padding is left out here and put back by
// kernelPadded(), which reproduces the file byte for byte.
constexpr std::string_view realRoute =
    R"txt(Iface	Destination	Gateway 	Flags	RefCnt	Use	Metric	Mask		MTU	Window	IRTT
eth0	00000000	010200C0	0003	0	0	0	00000000	0	0	0
eth0	000200C0	00000000	0001	0	0	0	00FFFFFF	0	0	0
)txt";

// This machine's /proc/net/if_inet6, byte for byte ("%pi6 %02x %02x %02x %02x %8s").
constexpr std::string_view realIfInet6 = R"txt(fe8000000000000000fc00fffe000001 04 40 20 80     eth0
fd000000000000000000000000000002 04 40 00 82     eth0
00000000000000000000000000000001 01 80 10 80       lo
)txt";

// This machine's /proc/net/fib_trie, byte for byte (local and main tables merged).
constexpr std::string_view realFibTrie = R"txt(Main:
  +-- 0.0.0.0/0 3 0 5
     |-- 0.0.0.0
        /0 universe UNICAST
     +-- 127.0.0.0/8 2 0 2
        +-- 127.0.0.0/31 1 0 0
           |-- 127.0.0.0
              /8 host LOCAL
           |-- 127.0.0.1
              /32 host LOCAL
        |-- 127.255.255.255
           /32 link BROADCAST
     +-- 192.0.2.0/24 2 0 2
        +-- 192.0.2.0/30 2 0 2
           |-- 192.0.2.0
              /24 link UNICAST
           |-- 192.0.2.2
              /32 host LOCAL
        |-- 192.0.2.255
           /32 link BROADCAST
Local:
  +-- 0.0.0.0/0 3 0 5
     |-- 0.0.0.0
        /0 universe UNICAST
     +-- 127.0.0.0/8 2 0 2
        +-- 127.0.0.0/31 1 0 0
           |-- 127.0.0.0
              /8 host LOCAL
           |-- 127.0.0.1
              /32 host LOCAL
        |-- 127.255.255.255
           /32 link BROADCAST
     +-- 192.0.2.0/24 2 0 2
        +-- 192.0.2.0/30 2 0 2
           |-- 192.0.2.0
              /24 link UNICAST
           |-- 192.0.2.2
              /32 host LOCAL
        |-- 192.0.2.255
           /32 link BROADCAST
)txt";

// A laptop written by hand in the kernel's layouts: eth0 192.168.1.23/24 (default via
// 192.168.1.1 metric 100), wlan0 10.20.1.147/22 (default via 10.20.0.1 metric 600, plus
// NetworkManager's 169.254.0.0/16 metric 1000) and docker0 172.17.0.1/16 (no containers).
constexpr std::string_view laptopRoute =
    R"txt(Iface	Destination	Gateway 	Flags	RefCnt	Use	Metric	Mask		MTU	Window	IRTT
eth0	00000000	0101A8C0	0003	0	0	100	00000000	0	0	0
wlan0	00000000	0100140A	0003	0	0	600	00000000	0	0	0
wlan0	0000140A	00000000	0001	0	0	600	00FCFFFF	0	0	0
wlan0	0000FEA9	00000000	0001	0	0	1000	0000FFFF	0	0	0
docker0	000011AC	00000000	0001	0	0	0	0000FFFF	0	0	0
eth0	0001A8C0	00000000	0001	0	0	100	00FFFFFF	0	0	0
)txt";

// Its fib_trie, merged tables, so "Local:" repeats "Main:". The tnode counters are worked out by
// hand; the parser reads only the line shapes and the addresses.
constexpr std::string_view laptopFibTrie = R"txt(Main:
  +-- 0.0.0.0/0 3 0 4
     +-- 0.0.0.0/4 1 0 0
        |-- 0.0.0.0
           /0 universe UNICAST
           /0 universe UNICAST
        +-- 10.20.0.0/22 2 0 1
           |-- 10.20.0.0
              /22 link UNICAST
           |-- 10.20.1.147
              /32 host LOCAL
           |-- 10.20.3.255
              /32 link BROADCAST
     +-- 127.0.0.0/8 2 0 2
        +-- 127.0.0.0/31 1 0 0
           |-- 127.0.0.0
              /8 host LOCAL
           |-- 127.0.0.1
              /32 host LOCAL
        |-- 127.255.255.255
           /32 link BROADCAST
     +-- 168.0.0.0/5 1 0 0
        |-- 169.254.0.0
           /16 link UNICAST
        +-- 172.17.0.0/16 2 0 2
           +-- 172.17.0.0/31 1 0 0
              |-- 172.17.0.0
                 /16 link UNICAST
              |-- 172.17.0.1
                 /32 host LOCAL
           |-- 172.17.255.255
              /32 link BROADCAST
     +-- 192.168.1.0/24 2 0 2
        +-- 192.168.1.0/27 1 0 0
           |-- 192.168.1.0
              /24 link UNICAST
           |-- 192.168.1.23
              /32 host LOCAL
        |-- 192.168.1.255
           /32 link BROADCAST
Local:
  +-- 0.0.0.0/0 3 0 4
     +-- 0.0.0.0/4 1 0 0
        |-- 0.0.0.0
           /0 universe UNICAST
           /0 universe UNICAST
        +-- 10.20.0.0/22 2 0 1
           |-- 10.20.0.0
              /22 link UNICAST
           |-- 10.20.1.147
              /32 host LOCAL
           |-- 10.20.3.255
              /32 link BROADCAST
     +-- 127.0.0.0/8 2 0 2
        +-- 127.0.0.0/31 1 0 0
           |-- 127.0.0.0
              /8 host LOCAL
           |-- 127.0.0.1
              /32 host LOCAL
        |-- 127.255.255.255
           /32 link BROADCAST
     +-- 168.0.0.0/5 1 0 0
        |-- 169.254.0.0
           /16 link UNICAST
        +-- 172.17.0.0/16 2 0 2
           +-- 172.17.0.0/31 1 0 0
              |-- 172.17.0.0
                 /16 link UNICAST
              |-- 172.17.0.1
                 /32 host LOCAL
           |-- 172.17.255.255
              /32 link BROADCAST
     +-- 192.168.1.0/24 2 0 2
        +-- 192.168.1.0/27 1 0 0
           |-- 192.168.1.0
              /24 link UNICAST
           |-- 192.168.1.23
              /32 host LOCAL
        |-- 192.168.1.255
           /32 link BROADCAST
)txt";

// Its if_inet6: loopback, a global address and a SLAAC address on eth0, link-local everywhere.
constexpr std::string_view laptopIfInet6 =
    R"txt(00000000000000000000000000000001 01 80 10 80       lo
20010db8000a000100000000000000b2 02 40 00 00     eth0
20010db8000a00018a3e12fffe4c5d6e 02 40 00 00     eth0
fe800000000000008a3e12fffe4c5d6e 02 40 20 80     eth0
fe800000000000004a51c5fffe7a9b10 03 40 20 80    wlan0
fe8000000000000000421afffe9c2e01 04 40 20 80  docker0
)txt";

// Tables kept apart (wg-quick added policy rules): the local routes are only in "Local:", and a
// third table "Id 51820:" holds the tunnel's default route as a single leaf.
constexpr std::string_view splitFibTrie = R"txt(Main:
  +-- 0.0.0.0/0 1 0 0
     |-- 0.0.0.0
        /0 universe UNICAST
     |-- 192.168.1.0
        /24 link UNICAST
Local:
  +-- 0.0.0.0/0 1 0 0
     +-- 127.0.0.0/8 2 0 2
        +-- 127.0.0.0/31 1 0 0
           |-- 127.0.0.0
              /8 host LOCAL
           |-- 127.0.0.1
              /32 host LOCAL
        |-- 127.255.255.255
           /32 link BROADCAST
     +-- 192.168.1.0/24 2 0 2
        +-- 192.168.1.0/27 1 0 0
           |-- 192.168.1.0
              /24 link UNICAST
           |-- 192.168.1.23
              /32 host LOCAL
        |-- 192.168.1.255
           /32 link BROADCAST
Id 51820:
  |-- 0.0.0.0
     /0 link UNICAST
)txt";

// The kernel writes each /proc/net/route line with seq_pad(): spaces up to 127 characters.
std::string kernelPadded(std::string_view text) {
    constexpr std::size_t width = 127;
    std::string padded;
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto end = text.find('\n', pos);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        std::string line(text.substr(pos, end - pos));
        if (line.size() < width) {
            line.append(width - line.size(), ' ');
        }
        padded += line + '\n';
        pos = end + 1;
    }
    return padded;
}

constexpr std::uint32_t ip(unsigned a, unsigned b, unsigned c, unsigned d) {
    return (a << 24) | (b << 16) | (c << 8) | d;
}

template <typename Check>
void withExactBuffer(std::string_view text, Check check) {
    const std::vector<char> buffer(text.begin(), text.end());
    check(std::string_view(buffer.data(), buffer.size()));
}

std::string randomBytes(std::mt19937& random, std::size_t size) {
    std::uniform_int_distribution<int> byte(0, 255);
    std::string junk(size, '\0');
    for (char& c : junk) {
        c = static_cast<char>(byte(random));
    }
    return junk;
}

std::string reference(const std::array<std::uint8_t, 16>& bytes) {
    char text[INET6_ADDRSTRLEN] = {};
    REQUIRE(inet_ntop(AF_INET6, bytes.data(), text, sizeof text) != nullptr);
    return text;
}

}  // namespace

TEST_CASE("ProcNet: this machine's routes and default gateway", "[ProcNet]") {
    const auto routes = parseRoutes(kernelPadded(realRoute));
    REQUIRE(routes.size() == 2);
    CHECK(routes[0].iface == "eth0");
    CHECK(routes[0].destination == 0);
    CHECK(routes[0].gateway == ip(192, 0, 2, 1));
    CHECK(routes[0].mask == 0);
    CHECK(routes[0].flags == (routeFlagUp | routeFlagGateway));
    CHECK(routes[1].destination == ip(192, 0, 2, 0));
    CHECK(routes[1].gateway == 0);
    CHECK(routes[1].mask == ip(255, 255, 255, 0));
    CHECK(routes[1].flags == routeFlagUp);
    CHECK(defaultGateway(routes) == "192.0.2.1");
    CHECK(parseRoutes(realRoute).size() == 2);  // the padding is optional
}

TEST_CASE("ProcNet: several interfaces, metrics and the default gateway", "[ProcNet]") {
    const auto routes = parseRoutes(kernelPadded(laptopRoute));
    REQUIRE(routes.size() == 6);
    CHECK(routes[1].iface == "wlan0");
    CHECK(routes[1].gateway == ip(10, 20, 0, 1));
    CHECK(routes[1].metric == 600);
    CHECK(routes[2].destination == ip(10, 20, 0, 0));
    CHECK(routes[2].mask == ip(255, 255, 252, 0));
    CHECK(routes[3].metric == 1000);
    CHECK(routes[4].iface == "docker0");
    CHECK(routes[4].destination == ip(172, 17, 0, 0));
    CHECK(defaultGateway(routes) == "192.168.1.1");  // metric 100 beats 600

    SECTION("the lowest metric wins wherever it is listed, the first on a tie") {
        auto reordered = routes;
        reordered[0].metric = 700;
        CHECK(defaultGateway(reordered) == "10.20.0.1");
        reordered[0].metric = 600;
        CHECK(defaultGateway(reordered) == "192.168.1.1");
    }
    SECTION("no gateway flag, a reject route or a non-zero mask is no default gateway") {
        auto changed = routes;
        changed[0].flags = routeFlagUp;
        changed[1].flags |= routeFlagReject;
        CHECK_FALSE(defaultGateway(changed));
        changed[1].flags = routeFlagUp | routeFlagGateway;
        changed[1].mask = ip(255, 0, 0, 0);
        CHECK_FALSE(defaultGateway(changed));
        CHECK_FALSE(defaultGateway({}));
    }
}

TEST_CASE("ProcNet: route lines that are not readable are skipped", "[ProcNet][junk]") {
    const std::string_view odd =
        "eth0\t00000000\t010200C0\t0003\t0\t0\t-1\t00000000\t0\t0\t0\n"
        "eth0\t0000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
        "eth0\t00000000\t010200CG\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
        "eth0\t00000000\t010200C0\t0003\t0\t0\t0\n"
        "eth0\t00000000\t010200C0\t-3\t0\t0\t0\t00000000\t0\t0\t0\n"
        "*\t0000000A\t00000000\t0201\t0\t0\t0\t000000FF\t0\t0\t0\n";
    const auto routes = parseRoutes(odd);
    REQUIRE(routes.size() == 2);
    CHECK(routes[0].metric == 0xFFFFFFFFu);  // "%d" of a large unsigned priority
    CHECK(routes[1].iface == "*");
    CHECK(routes[1].flags == (routeFlagUp | routeFlagReject));
    CHECK(routes[1].destination == ip(10, 0, 0, 0));
}

TEST_CASE("ProcNet: ipv4ToString", "[ProcNet]") {
    CHECK(ipv4ToString(0) == "0.0.0.0");
    CHECK(ipv4ToString(ip(192, 0, 2, 1)) == "192.0.2.1");
    CHECK(ipv4ToString(0xFFFFFFFFu) == "255.255.255.255");
}

TEST_CASE("ProcNet: this machine's IPv6 addresses", "[ProcNet]") {
    const auto addresses = parseIfInet6(realIfInet6);
    REQUIRE(addresses.size() == 3);
    CHECK(addresses[0].iface == "eth0");
    CHECK(addresses[0].address == "fe80::fc:ff:fe00:1");
    CHECK(addresses[0].prefixLength == 64);
    CHECK(addresses[0].scope == 0x20);
    CHECK(addresses[1].address == "fd00::2");
    CHECK(addresses[1].scope == 0);
    CHECK(addresses[2].iface == "lo");
    CHECK(addresses[2].address == "::1");
    CHECK(addresses[2].prefixLength == 128);
    CHECK(addresses[2].scope == 0x10);
}

TEST_CASE("ProcNet: a laptop's IPv6 addresses", "[ProcNet]") {
    const auto addresses = parseIfInet6(laptopIfInet6);
    REQUIRE(addresses.size() == 6);
    CHECK(addresses[1].address == "2001:db8:a:1::b2");
    CHECK(addresses[2].address == "2001:db8:a:1:8a3e:12ff:fe4c:5d6e");
    CHECK(addresses[3].address == "fe80::8a3e:12ff:fe4c:5d6e");
    CHECK(addresses[4].iface == "wlan0");
    CHECK(addresses[5].iface == "docker0");
    CHECK(addresses[5].address == "fe80::42:1aff:fe9c:2e01");
}

TEST_CASE("ProcNet: ipv6ToString follows RFC 5952", "[ProcNet]") {
    const auto parse = [](std::string_view hex) {
        const std::string line = std::string(hex) + " 01 40 00 80 eth0";
        const auto addresses = parseIfInet6(line);
        REQUIRE(addresses.size() == 1);
        return addresses[0].address;
    };
    CHECK(parse("00000000000000000000000000000000") == "::");
    CHECK(parse("20010db8000000000000000000000001") == "2001:db8::1");
    CHECK(parse("20010db8000000010000000000000001") == "2001:db8:0:1::1");    // 1 zero: kept
    CHECK(parse("20010db8000000000001000000000001") == "2001:db8::1:0:0:1");  // first of equals
    CHECK(parse("20010db8000000000001000000000000") == "2001:db8:0:0:1::");   // longest
    CHECK(parse("20010DB8AAAABBBBCCCCDDDDEEEEFFFF") == "2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff");
    CHECK(parse("00010000000000000000000000000000") == "1::");
    CHECK(parse("00000000000000000000ffffc0000201") == "::ffff:192.0.2.1");

    SECTION("same text as glibc's inet_ntop for random addresses with many zero groups") {
        std::mt19937 random(2024);
        std::uniform_int_distribution<int> coin(0, 1);
        std::uniform_int_distribution<int> byte(0, 255);
        for (int round = 0; round < 5000; ++round) {
            std::array<std::uint8_t, 16> bytes{};
            for (std::size_t group = 0; group < 8; ++group) {
                if (coin(random) == 1) {
                    bytes[group * 2] = static_cast<std::uint8_t>(byte(random) & coin(random) * 255);
                    bytes[group * 2 + 1] = static_cast<std::uint8_t>(byte(random));
                }
            }
            // glibc also prints the deprecated IPv4-compatible form ::a.b.c.d; RFC 5952 does not.
            bool compatible = bytes[12] != 0 || bytes[13] != 0;
            for (std::size_t i = 0; i < 12; ++i) {
                compatible = compatible && bytes[i] == 0;
            }
            if (!compatible) {
                CHECK(ipv6ToString(bytes) == reference(bytes));
            }
        }
    }
}

TEST_CASE("ProcNet: if_inet6 lines that are not readable are skipped", "[ProcNet][junk]") {
    CHECK(parseIfInet6("fe8000000000000000fc00fffe00000 04 40 20 80 eth0\n").empty());  // 31 hex
    CHECK(parseIfInet6("fe8000000000000000fc00fffe00000g 04 40 20 80 eth0\n").empty());
    CHECK(parseIfInet6("fe8000000000000000fc00fffe000001 04 81 20 80 eth0\n").empty());  // /129
    CHECK(parseIfInet6("fe8000000000000000fc00fffe000001 04 40 20 80\n").empty());
    CHECK(parseIfInet6("fe8000000000000000fc00fffe000001 04 40 20 80 eth0 extra\n").empty());
    CHECK(parseIfInet6("fe8000000000000000fc00fffe000001 -4 40 20 80 eth0\n").empty());
    CHECK(parseIfInet6("fe8000000000000000fc00fffe000001 104 40 20 80 eth0\n").size() == 1);
}

TEST_CASE("ProcNet: this machine's local IPv4 addresses", "[ProcNet]") {
    const auto local = localIpv4Addresses(realFibTrie);
    CHECK(local == std::vector<std::uint32_t>{ip(127, 0, 0, 1), ip(192, 0, 2, 2)});

    const auto assigned = assignIpv4(local, parseRoutes(kernelPadded(realRoute)));
    REQUIRE(assigned.size() == 2);
    CHECK(assigned[0].iface == "lo");
    CHECK(assigned[0].address == "127.0.0.1");
    CHECK(assigned[0].mask == "255.0.0.0");
    CHECK(assigned[0].subnet == "127.0.0.0");
    CHECK(assigned[1].iface == "eth0");
    CHECK(assigned[1].address == "192.0.2.2");
    CHECK(assigned[1].mask == "255.255.255.0");
    CHECK(assigned[1].subnet == "192.0.2.0");
}

TEST_CASE("ProcNet: eth0, wlan0 and docker0 addresses", "[ProcNet]") {
    const auto local = localIpv4Addresses(laptopFibTrie);
    REQUIRE(local == std::vector<std::uint32_t>{ip(10, 20, 1, 147), ip(127, 0, 0, 1),
                                                ip(172, 17, 0, 1), ip(192, 168, 1, 23)});
    const auto assigned = assignIpv4(local, parseRoutes(kernelPadded(laptopRoute)));
    REQUIRE(assigned.size() == 4);
    CHECK(assigned[0].iface == "wlan0");
    CHECK(assigned[0].address == "10.20.1.147");
    CHECK(assigned[0].mask == "255.255.252.0");
    CHECK(assigned[0].subnet == "10.20.0.0");
    CHECK(assigned[1].iface == "lo");
    CHECK(assigned[2].iface == "docker0");
    CHECK(assigned[2].address == "172.17.0.1");
    CHECK(assigned[2].mask == "255.255.0.0");
    CHECK(assigned[2].subnet == "172.17.0.0");
    CHECK(assigned[3].iface == "eth0");
    CHECK(assigned[3].address == "192.168.1.23");
    CHECK(assigned[3].mask == "255.255.255.0");
    CHECK(assigned[3].subnet == "192.168.1.0");
}

TEST_CASE("ProcNet: local addresses when the local table is kept apart", "[ProcNet]") {
    CHECK(localIpv4Addresses(splitFibTrie) ==
          std::vector<std::uint32_t>{ip(127, 0, 0, 1), ip(192, 168, 1, 23)});

    SECTION("without Main or Local, the first table counts") {
        const std::string_view other =
            "Id 100:\n"
            "  +-- 10.0.0.0/24 1 0 0\n"
            "     |-- 10.0.0.5\n"
            "        /32 host LOCAL\n"
            "Id 200:\n"
            "  |-- 10.9.9.9\n"
            "     /32 host LOCAL\n";
        CHECK(localIpv4Addresses(other) == std::vector<std::uint32_t>{ip(10, 0, 0, 5)});
    }
    SECTION("Main wins over Local and other tables; aliases other than /32 host LOCAL are not") {
        const std::string_view tables =
            "Local:\n"
            "  |-- 10.1.1.1\n"
            "     /32 host LOCAL\n"
            "Main:\n"
            "  +-- 10.0.0.0/8 2 0 0\n"
            "     |-- 10.2.2.2\n"
            "        /32 link BROADCAST\n"
            "        /32 host LOCAL tos=4\n"
            "     |-- 10.3.3.3\n"
            "        /31 host LOCAL\n"
            "     |-- 10.4.4.4\n"
            "        /32 link LOCAL\n"
            "     +-- 10.5.5.5/32 1 0 0\n"
            "        /32 host LOCAL\n";
        CHECK(localIpv4Addresses(tables) == std::vector<std::uint32_t>{ip(10, 2, 2, 2)});
    }
}

TEST_CASE("ProcNet: assignIpv4 picks the longest link route", "[ProcNet]") {
    std::vector<Route> routes = {
        {"tun0", ip(10, 0, 0, 0), 0, ip(255, 0, 0, 0), routeFlagUp, 50},
        {"wlan0", ip(10, 20, 0, 0), 0, ip(255, 255, 252, 0), routeFlagUp, 600},
        {"eth1", ip(10, 20, 0, 0), 0, ip(255, 255, 252, 0), routeFlagUp, 100},
        {"eth0", 0, ip(10, 20, 0, 1), 0, routeFlagUp | routeFlagGateway, 0},
        {"wg0", 0, 0, 0, routeFlagUp, 0},                                        // default, no mask
        {"eth2", ip(10, 30, 0, 0), ip(10, 20, 0, 1), ip(255, 255, 0, 0), 3, 0},  // via a gateway
        {"*", ip(10, 40, 0, 0), 0, ip(255, 255, 0, 0), routeFlagUp | routeFlagReject, 0},
    };
    const auto assigned = assignIpv4(
        {ip(10, 20, 1, 5), ip(10, 9, 0, 1), ip(10, 30, 0, 7), ip(10, 40, 0, 7), ip(127, 1, 2, 3)},
        routes);
    REQUIRE(assigned.size() == 5);
    CHECK(assigned[0].iface == "eth1");  // /22 beats /8; metric 100 beats 600
    CHECK(assigned[1].iface == "tun0");
    CHECK(assigned[1].subnet == "10.0.0.0");
    CHECK(assigned[2].iface == "tun0");  // the /16 goes through a gateway
    CHECK(assigned[3].iface == "tun0");  // the /16 is a reject route
    CHECK(assigned[4].iface == "lo");
    CHECK(assigned[4].address == "127.1.2.3");

    SECTION("an address no link route contains keeps only the address") {
        const auto alone = assignIpv4({ip(203, 0, 113, 9)}, routes);
        REQUIRE(alone.size() == 1);
        CHECK(alone[0].address == "203.0.113.9");
        CHECK_FALSE(alone[0].iface);
        CHECK_FALSE(alone[0].mask);
        CHECK_FALSE(alone[0].subnet);
    }
    CHECK(assignIpv4({}, routes).empty());
}

TEST_CASE("ProcNet: junk never crashes", "[ProcNet][junk]") {
    SECTION("empty input") {
        CHECK(parseRoutes("").empty());
        CHECK(parseIfInet6("").empty());
        CHECK(localIpv4Addresses("").empty());
        CHECK(localIpv4Addresses("Main:\nLocal:\n").empty());
    }
    SECTION("every truncation of the real and hand-written files") {
        const std::string padded = kernelPadded(laptopRoute);
        for (const std::string_view file :
             {std::string_view(padded), realRoute, realIfInet6, laptopIfInet6, realFibTrie,
              laptopFibTrie, splitFibTrie}) {
            for (std::size_t length = 0; length <= file.size(); ++length) {
                withExactBuffer(file.substr(0, length), [](std::string_view text) {
                    const auto routes = parseRoutes(text);
                    (void)parseIfInet6(text);
                    const auto local = localIpv4Addresses(text);
                    CHECK(assignIpv4(local, routes).size() == local.size());
                    (void)defaultGateway(routes);
                });
            }
        }
    }
    SECTION("binary garbage") {
        std::mt19937 random(5);
        for (int round = 0; round < 300; ++round) {
            const std::string junk = randomBytes(random, static_cast<std::size_t>(round * 11));
            withExactBuffer(junk, [](std::string_view text) {
                (void)defaultGateway(parseRoutes(text));
                (void)parseIfInet6(text);
                (void)localIpv4Addresses(text);
            });
        }
        // Table-shaped garbage: leaf and alias lines with broken addresses.
        const std::string_view shaped =
            "Main:\n  |-- \n  |-- 1.2.3\n     /32 host LOCAL\n"
            "  |-- 1.2.3.4.5\n     /32 host LOCAL\n"
            "  |-- 256.1.1.1\n     /32 host LOCAL\n"
            "  |-- 1..2.3\n     /32 host LOCAL\n"
            "  |-- 01234.1.1.1\n     /32 host LOCAL\n"
            "     /32 host LOCAL\n  /\n  +-- \n";
        CHECK(localIpv4Addresses(shaped).empty());
    }
    SECTION("huge lines") {
        const std::string longName(1 << 20, 'x');
        const auto routes =
            parseRoutes(longName + "\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\n");
        REQUIRE(routes.size() == 1);
        CHECK(routes[0].iface.size() == longName.size());
        CHECK(parseIfInet6(std::string(1 << 20, 'f') + " 01 40 00 80 eth0\n").empty());
        CHECK(localIpv4Addresses("Main:\n  |-- " + longName + "\n     /32 host LOCAL\n").empty());
    }
    SECTION("many leaves, repeated ones counted once") {
        std::string trie = "Main:\n";
        for (std::uint32_t n = 0; n < 100000; ++n) {
            const std::string leaf = "     |-- " + ipv4ToString(ip(10, 0, 0, 0) + n) + "\n";
            trie += leaf + "        /32 host LOCAL\n" + leaf + "        /32 host LOCAL\n";
        }
        const auto local = localIpv4Addresses(trie);
        REQUIRE(local.size() == 100000);
        CHECK(local.back() == ip(10, 1, 134, 159));
    }
}
