// The networks section's shape, the same on every platform: one element per address pair of an
// interface (its n-th IPv4 address beside its n-th IPv6 address), everything else repeated, and
// one element for an interface without addresses.
#pragma once

#include "parque/inventory/Inventory.h"

#include <algorithm>
#include <vector>

namespace parque::agent {

// V4 and V6 have `address`, `mask` and `subnet` (strings, or optional strings).
template <class V4, class V6>
void appendAddressPairs(const inventory::Network& base, const std::vector<V4>& ipv4,
                        const std::vector<V6>& ipv6, std::vector<inventory::Network>& out) {
    const std::size_t count = std::max({std::size_t{1}, ipv4.size(), ipv6.size()});
    for (std::size_t i = 0; i < count; ++i) {
        inventory::Network element = base;
        if (i < ipv4.size()) {
            element.ipaddress = ipv4[i].address;
            element.ipmask = ipv4[i].mask;
            element.ipsubnet = ipv4[i].subnet;
        }
        if (i < ipv6.size()) {
            element.ipaddress6 = ipv6[i].address;
            element.ipmask6 = ipv6[i].mask;
            element.ipsubnet6 = ipv6[i].subnet;
        }
        out.push_back(std::move(element));
    }
}

}  // namespace parque::agent
