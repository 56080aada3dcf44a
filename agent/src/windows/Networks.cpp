// networks from GetAdaptersAddresses: one element per address pair of each adapter, everything
// else repeated, as on Linux (MAC, IPv4/IPv6 with masks and subnets, gateway, DHCP server, type,
// speed, status, MTU).
#include "Adapters.h"
#include "parque/agent/NetworkElements.h"
#include "parque/agent/parsers/ProcNet.h"
#include "parque/agent/windows/WideText.h"
#include "parque/agent/windows/WindowsCollectors.h"

#include <algorithm>
#include <array>
#include <cstdio>

namespace parque::agent::platform {
namespace {

constexpr const char* kName = "networks";

using inventory::Text;

struct AddressEntry {
    std::string address, mask, subnet;
};

// "aa:bb:cc:dd:ee:ff"; nullopt when the adapter has no 6-byte address or it is all zeros.
Text macAddress(const IP_ADAPTER_ADDRESSES& adapter) {
    if (adapter.PhysicalAddressLength != 6) {
        return std::nullopt;
    }
    const BYTE* bytes = adapter.PhysicalAddress;
    if (std::all_of(bytes, bytes + 6, [](BYTE b) { return b == 0; })) {
        return std::nullopt;
    }
    char text[18];
    std::snprintf(text, sizeof text, "%02x:%02x:%02x:%02x:%02x:%02x", bytes[0], bytes[1], bytes[2],
                  bytes[3], bytes[4], bytes[5]);
    return std::string(text);
}

Text status(IF_OPER_STATUS status) {
    switch (status) {
    case IfOperStatusUp:
        return "up";
    case IfOperStatusDown:
        return "down";
    case IfOperStatusTesting:
        return "testing";
    case IfOperStatusDormant:
        return "dormant";
    case IfOperStatusNotPresent:
        return "notpresent";
    case IfOperStatusLowerLayerDown:
        return "lowerlayerdown";
    default:
        return "unknown";
    }
}

Text interfaceType(IFTYPE type) {
    switch (type) {
    case IF_TYPE_ETHERNET_CSMACD:
        return "ethernet";
    case IF_TYPE_IEEE80211:
        return "wifi";
    case IF_TYPE_SOFTWARE_LOOPBACK:
        return "loopback";
    case IF_TYPE_PPP:
        return "dialup";
    default:
        return std::nullopt;  // tunnels and the like have no GLPI type
    }
}

// Mb/s; Windows says ULONG64_MAX when it does not know.
Text speed(ULONG64 bitsPerSecond) {
    if (bitsPerSecond == 0 || bitsPerSecond == ~ULONG64{0}) {
        return std::nullopt;
    }
    return std::to_string(bitsPerSecond / 1000000);
}

// The mask for `prefix` bits and address & mask, in the address's own family.
std::optional<AddressEntry> addressEntry(const IP_ADAPTER_UNICAST_ADDRESS& unicast) {
    const auto text = socketAddressText(unicast.Address);
    if (!text) {
        return std::nullopt;
    }
    const sockaddr* address = unicast.Address.lpSockaddr;
    const unsigned prefix = unicast.OnLinkPrefixLength;
    if (address->sa_family == AF_INET) {
        const auto* v4 = reinterpret_cast<const sockaddr_in*>(address);
        const std::uint32_t host = ntohl(v4->sin_addr.s_addr);
        const std::uint32_t mask = prefix == 0 ? 0 : prefix >= 32 ? ~0U : ~0U << (32 - prefix);
        const auto dotted = [](std::uint32_t value) {
            return std::to_string(value >> 24) + "." + std::to_string((value >> 16) & 0xFFu) + "." +
                   std::to_string((value >> 8) & 0xFFu) + "." + std::to_string(value & 0xFFu);
        };
        return AddressEntry{*text, dotted(mask), dotted(host & mask)};
    }
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(address);
    std::array<std::uint8_t, 16> mask{};
    std::array<std::uint8_t, 16> subnet{};
    for (std::size_t bit = 0; bit < std::min<std::size_t>(prefix, 128); ++bit) {
        mask[bit / 8] = static_cast<std::uint8_t>(mask[bit / 8] | (0x80U >> (bit % 8)));
    }
    for (std::size_t i = 0; i < subnet.size(); ++i) {
        subnet[i] = static_cast<std::uint8_t>(v6->sin6_addr.s6_addr[i] & mask[i]);
    }
    return AddressEntry{*text, ipv6ToString(mask), ipv6ToString(subnet)};
}

inventory::Network describe(const IP_ADAPTER_ADDRESSES& adapter) {
    inventory::Network network;
    network.description = adapter.FriendlyName != nullptr ? toUtf8(adapter.FriendlyName) : "";
    if (network.description.empty() && adapter.AdapterName != nullptr) {
        network.description = adapter.AdapterName;
    }
    if (adapter.Description != nullptr && *adapter.Description != L'\0') {
        network.model = toUtf8(adapter.Description);
    }
    network.mac = macAddress(adapter);
    network.mtu =
        adapter.Mtu == ~ULONG{0} ? std::nullopt : std::optional<std::int64_t>(adapter.Mtu);
    network.status = status(adapter.OperStatus);
    network.speed = speed(adapter.TransmitLinkSpeed);
    network.type = interfaceType(adapter.IfType);
    for (auto* gateway = adapter.FirstGatewayAddress; gateway != nullptr; gateway = gateway->Next) {
        if (gateway->Address.lpSockaddr != nullptr &&
            gateway->Address.lpSockaddr->sa_family == AF_INET) {
            network.ipgateway = socketAddressText(gateway->Address);
            break;
        }
    }
    if ((adapter.Flags & IP_ADAPTER_DHCP_ENABLED) != 0) {
        network.ipdhcp = socketAddressText(adapter.Dhcpv4Server);
    }
    return network;
}

void addElements(const IP_ADAPTER_ADDRESSES& adapter, std::vector<inventory::Network>& out) {
    std::vector<AddressEntry> ipv4;
    std::vector<AddressEntry> ipv6;
    for (auto* unicast = adapter.FirstUnicastAddress; unicast != nullptr; unicast = unicast->Next) {
        if (auto entry = addressEntry(*unicast)) {
            (unicast->Address.lpSockaddr->sa_family == AF_INET ? ipv4 : ipv6)
                .push_back(std::move(*entry));
        }
    }
    const inventory::Network base = describe(adapter);
    appendAddressPairs(base, ipv4, ipv6, out);
}

}  // namespace

void collectNetworks(inventory::Content& content, Report& report) {
    const AdapterList adapters;
    if (adapters.first() == nullptr) {
        report.add(kName, "GetAdaptersAddresses", ProblemKind::Failed,
                   "error " + std::to_string(adapters.error()));
        return;
    }
    for (auto* adapter = adapters.first(); adapter != nullptr; adapter = adapter->Next) {
        addElements(*adapter, content.networks);
    }
}

}  // namespace parque::agent::platform
