#include <catch2/catch.hpp>

#include "ModelPrinting.h"
#include "TempTree.h"
#include "parque/agent/linux/LinuxContext.h"

using namespace parque::agent;
using namespace std::string_literals;
using parque::agent::platform::LinuxContext;
using parque::agent::platform::RootFs;
using parque::inventory::Content;
using parque::inventory::Network;
using parque::test::TempTree;

namespace {

// /proc/net/route with two default routes (wired metric 100, wireless metric 600).
constexpr const char* route =
    "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
    "eno1\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n"
    "wlp0s20f3\t00000000\t0100000A\t0003\t0\t0\t600\t00000000\t0\t0\t0\n"
    "eno1\t0001A8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0\n"
    "wlp0s20f3\t0000000A\t00000000\t0001\t0\t0\t600\t00FFFFFF\t0\t0\t0\n"
    "br0\t000012AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0\n";

constexpr const char* fibTrie = R"(Main:
  +-- 0.0.0.0/0 3 0 5
     |-- 0.0.0.0
        /0 universe UNICAST
     +-- 10.0.0.0/24 2 0 2
        |-- 10.0.0.0
           /24 link UNICAST
        |-- 10.0.0.5
           /32 host LOCAL
     +-- 127.0.0.0/8 2 0 2
        +-- 127.0.0.0/31 1 0 0
           |-- 127.0.0.0
              /8 host LOCAL
           |-- 127.0.0.1
              /32 host LOCAL
        |-- 127.255.255.255
           /32 link BROADCAST
     +-- 172.18.0.0/16 2 0 2
        |-- 172.18.0.1
           /32 host LOCAL
     +-- 192.168.1.0/24 2 0 2
        |-- 192.168.1.0
           /24 link UNICAST
        |-- 192.168.1.23
           /32 host LOCAL
        |-- 192.168.1.50
           /32 host LOCAL
        |-- 192.168.1.255
           /32 link BROADCAST
)";

constexpr const char* ifInet6 =
    "fe800000000000000a1b2cfffe3d4e5f 02 40 20 80     eno1\n"
    "20010db80001abcd0000000000000023 02 3c 00 00     eno1\n"
    "fd00000000000000000000000000abcd 02 80 00 00     eno1\n"
    "00000000000000000000000000000001 01 80 10 80       lo\n";

struct Interface {
    std::string name, device;  // device: the sys/devices folder of the interface ("" if none)
    std::string type, operstate, flags, address;
};

void addInterface(const TempTree& tree, const Interface& i, const std::string& parent) {
    const std::string dir = parent + "/net/" + i.name;
    tree.write(dir + "/type", i.type + "\n");
    tree.write(dir + "/operstate", i.operstate + "\n");
    tree.write(dir + "/flags", i.flags + "\n");
    tree.write(dir + "/address", i.address + "\n");
    tree.write(dir + "/mtu", "1500\n");
    if (!i.device.empty()) {
        tree.link(dir + "/device", i.device);
    }
    tree.link("sys/class/net/" + i.name, dir);
}

void buildHost(const TempTree& tree) {
    const std::string pci = "sys/devices/pci0000:00/";
    tree.link(pci + "0000:00:1f.6/driver", "sys/bus/pci/drivers/e1000e");
    addInterface(tree, {"eno1", pci + "0000:00:1f.6", "1", "up", "0x1003", "8C:16:45:AA:BB:CC"},
                 pci + "0000:00:1f.6");
    tree.write(pci + "0000:00:1f.6/net/eno1/speed", "1000\n");
    tree.link(pci + "0000:00:14.3/driver", "sys/bus/pci/drivers/iwlwifi");
    addInterface(tree,
                 {"wlp0s20f3", pci + "0000:00:14.3", "1", "dormant", "0x1003", "f4:4e:e3:01:02:03"},
                 pci + "0000:00:14.3");
    tree.link(pci + "0000:00:14.3/net/wlp0s20f3/phy80211", pci + "0000:00:14.3/ieee80211/phy0");
    const std::string usb = pci + "0000:00:14.0/usb2/2-1/2-1:1.0";
    tree.link(usb + "/driver", "sys/bus/usb/drivers/r8152");
    addInterface(tree, {"enx00e04c680001", usb, "1", "down", "0x1002", "00:e0:4c:68:00:01"}, usb);
    tree.write(usb + "/net/enx00e04c680001/speed", "-1\n");
    const std::string virt = "sys/devices/virtual";
    addInterface(tree, {"lo", "", "772", "unknown", "0x9", "00:00:00:00:00:00"}, virt);
    addInterface(tree, {"br0", "", "1", "up", "0x1003", "02:42:ac:12:00:01"}, virt);
    tree.mkdir(virt + "/net/br0/bridge");
    addInterface(tree, {"bond0", "", "1", "down", "0x1402", "00:00:00:00:00:00"}, virt);
    tree.mkdir(virt + "/net/bond0/bonding");
    addInterface(tree, {"docker0", "", "1", "unknown", "0x1002", "02:42:00:00:00:01"}, virt);
    tree.write("sys/class/net/bonding_masters", "bond0\n");
    tree.write("proc/net/route", route);
    tree.write("proc/net/fib_trie", fibTrie);
    tree.write("proc/net/if_inet6", ifInet6);
}

std::vector<Network> collect(const TempTree& tree, Report& report) {
    LinuxContext context{RootFs(tree.root())};
    Content content;
    platform::collectNetworks(context, content, report);
    return content.networks;
}

std::vector<Network> named(const std::vector<Network>& all, const std::string& name) {
    std::vector<Network> out;
    for (const Network& n : all) {
        if (n.description == name) {
            out.push_back(n);
        }
    }
    return out;
}

}  // namespace

TEST_CASE("Networks: one element per address pair, everything else repeated", "[linux]") {
    TempTree tree;
    buildHost(tree);
    Report report;
    const auto networks = collect(tree, report);
    CHECK(report.problems().empty());
    const auto eno1 = named(networks, "eno1");
    REQUIRE(eno1.size() == 3);  // 2 IPv4, 3 IPv6
    Network expected;
    expected.description = "eno1";
    expected.mac = "8c:16:45:aa:bb:cc";
    expected.mtu = 1500;
    expected.status = "up";
    expected.speed = "1000";
    expected.type = "ethernet";
    expected.virtualdev = false;
    expected.pcislot = "0000:00:1f.6";
    expected.driver = "e1000e";
    expected.ipgateway = "192.168.1.1";
    Network first = expected;
    first.ipaddress = "192.168.1.23";
    first.ipmask = "255.255.255.0";
    first.ipsubnet = "192.168.1.0";
    first.ipaddress6 = "fe80::a1b:2cff:fe3d:4e5f";
    first.ipmask6 = "ffff:ffff:ffff:ffff::";
    first.ipsubnet6 = "fe80::";
    CHECK(eno1[0] == first);
    Network second = expected;
    second.ipaddress = "192.168.1.50";
    second.ipmask = "255.255.255.0";
    second.ipsubnet = "192.168.1.0";
    second.ipaddress6 = "2001:db8:1:abcd::23";
    second.ipmask6 = "ffff:ffff:ffff:fff0::";
    second.ipsubnet6 = "2001:db8:1:abc0::";
    CHECK(eno1[1] == second);
    Network third = expected;
    third.ipaddress6 = "fd00::abcd";
    third.ipmask6 = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff";
    third.ipsubnet6 = "fd00::abcd";
    CHECK(eno1[2] == third);
}

TEST_CASE("Networks: interface kinds, status, speed and order", "[linux]") {
    TempTree tree;
    buildHost(tree);
    Report report;
    const auto networks = collect(tree, report);
    std::vector<std::string> order;
    for (const Network& n : networks) {
        if (order.empty() || order.back() != n.description) {
            order.push_back(n.description);
        }
    }
    CHECK(order == std::vector<std::string>{"bond0", "br0", "docker0", "eno1", "enx00e04c680001",
                                            "lo", "wlp0s20f3"});
    const Network wifi = named(networks, "wlp0s20f3").at(0);
    CHECK(wifi.type == "wifi");
    CHECK(wifi.status == "dormant");
    CHECK(wifi.driver == "iwlwifi");
    CHECK(wifi.pcislot == "0000:00:14.3");
    CHECK(wifi.ipaddress == "10.0.0.5");
    CHECK(wifi.ipgateway == "10.0.0.1");  // its own default route, not eno1's
    CHECK_FALSE(wifi.speed);
    const Network usb = named(networks, "enx00e04c680001").at(0);
    CHECK(usb.type == "ethernet");
    CHECK(usb.virtualdev == false);
    CHECK_FALSE(usb.pcislot);  // a USB device, not a PCI function
    CHECK(usb.driver == "r8152");
    CHECK(usb.status == "down");
    CHECK_FALSE(usb.speed);  // -1: SPEED_UNKNOWN
    CHECK_FALSE(usb.ipaddress);
    CHECK_FALSE(usb.ipgateway);
    const Network lo = named(networks, "lo").at(0);
    CHECK(lo.type == "loopback");
    CHECK(lo.status == "up");  // "unknown" with IFF_UP
    CHECK(lo.virtualdev == true);
    CHECK_FALSE(lo.mac);
    CHECK_FALSE(lo.driver);
    CHECK(lo.ipaddress == "127.0.0.1");
    CHECK(lo.ipmask == "255.0.0.0");
    CHECK(lo.ipaddress6 == "::1");
    CHECK(lo.ipmask6 == "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
    const Network br = named(networks, "br0").at(0);
    CHECK(br.type == "bridge");
    CHECK(br.ipaddress == "172.18.0.1");
    CHECK(br.ipsubnet == "172.18.0.0");
    CHECK(br.ipmask == "255.255.0.0");
    CHECK(named(networks, "bond0").at(0).type == "aggregate");
    CHECK_FALSE(named(networks, "bond0").at(0).mac);
    CHECK(named(networks, "docker0").at(0).status == "unknown");  // not IFF_UP
}

TEST_CASE("Networks: missing sys/class/net is reported", "[linux]") {
    TempTree tree;
    Report report;
    CHECK(collect(tree, report).empty());
    REQUIRE(report.problems().size() == 1);
    CHECK(report.problems()[0].collector == "networks");
    CHECK(report.problems()[0].kind == ProblemKind::Missing);
}

TEST_CASE("Networks: without /proc/net, interfaces come without addresses", "[linux]") {
    TempTree tree;
    addInterface(tree, {"eth0", "", "1", "up", "0x1003", "52:54:00:12:34:56"},
                 "sys/devices/virtual");
    Report report;
    const auto networks = collect(tree, report);
    REQUIRE(networks.size() == 1);
    CHECK_FALSE(networks[0].ipaddress);
    CHECK_FALSE(networks[0].ipaddress6);
    CHECK(report.problems().size() == 2);  // fib_trie and route; if_inet6 may be absent
}

TEST_CASE("Networks: junk in sysfs and procfs never crashes", "[linux]") {
    TempTree tree;
    const std::string dir = "sys/devices/virtual/net/junk0";
    tree.write(dir + "/type", "ethernet\n");
    tree.write(dir + "/operstate", "sideways\n");
    tree.write(dir + "/flags", "zz\n");
    tree.write(dir + "/address", "zz:zz:zz:zz:zz:zz\n");
    tree.write(dir + "/mtu", "99999999999999999999999\n");
    tree.write(dir + "/speed", "fast\n");
    tree.rawLink(dir + "/device", "device");  // a loop
    tree.link("sys/class/net/junk0", dir);
    tree.rawLink("sys/class/net/loop0", "loop0");  // a loop in the class folder itself
    tree.rawLink("sys/class/net/gone0", "../../devices/virtual/net/gone0");  // dangling
    tree.write("sys/devices/virtual/net/empty0/.keep", "");
    tree.link("sys/class/net/empty0", "sys/devices/virtual/net/empty0");
    tree.write("proc/net/route", "\0\xff garbage\n\t\t\t"s);
    tree.write("proc/net/fib_trie", "Main:\n  |-- 999.1.1.1\n     /32 host LOCAL\n  |-- 10.1\n");
    tree.write("proc/net/if_inet6", "fe80 zz 40 20 80 eth0\nshort\n");
    Report report;
    const auto networks = collect(tree, report);
    REQUIRE(networks.size() == 2);
    const Network& junk = networks[1];
    CHECK(junk.description == "junk0");
    CHECK_FALSE(junk.mac);
    CHECK_FALSE(junk.mtu);
    CHECK_FALSE(junk.speed);
    CHECK_FALSE(junk.status);
    CHECK(junk.type == "ethernet");
    CHECK_FALSE(junk.pcislot);
    CHECK_FALSE(junk.driver);
    CHECK_FALSE(junk.ipaddress);
    const Network& empty = networks[0];
    CHECK(empty.description == "empty0");
    CHECK(empty.virtualdev == true);
    CHECK_FALSE(empty.status);
}
