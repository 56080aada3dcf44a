// GetAdaptersAddresses, shared by the networks and hardware collectors.
#pragma once

#include "parque/agent/windows/Win32.h"

#include <optional>
#include <string>
#include <vector>

namespace parque::agent::platform {

// The adapters with their unicast, gateway and DNS addresses (a linked list inside the buffer);
// empty with `error` set on failure.
class AdapterList {
public:
    AdapterList();
    const IP_ADAPTER_ADDRESSES* first() const;
    unsigned long error() const { return error_; }

private:
    std::vector<unsigned char> buffer_;
    unsigned long error_ = 0;
};

// "192.0.2.1", "fe80::1" (no scope); nullopt for an address of another family or unreadable.
std::optional<std::string> socketAddressText(const SOCKET_ADDRESS& address);

}  // namespace parque::agent::platform
