#include "Adapters.h"

namespace parque::agent::platform {

AdapterList::AdapterList() {
    const ULONG flags = GAA_FLAG_INCLUDE_GATEWAYS | GAA_FLAG_SKIP_MULTICAST | GAA_FLAG_SKIP_ANYCAST;
    ULONG size = 16 * 1024;
    for (int attempt = 0; attempt < 4; ++attempt) {
        buffer_.assign(size, 0);
        error_ =
            GetAdaptersAddresses(AF_UNSPEC, flags, nullptr,
                                 reinterpret_cast<IP_ADAPTER_ADDRESSES*>(buffer_.data()), &size);
        if (error_ != ERROR_BUFFER_OVERFLOW) {
            break;
        }
    }
    if (error_ != NO_ERROR) {
        buffer_.clear();
    }
}

const IP_ADAPTER_ADDRESSES* AdapterList::first() const {
    return buffer_.empty() ? nullptr
                           : reinterpret_cast<const IP_ADAPTER_ADDRESSES*>(buffer_.data());
}

std::optional<std::string> socketAddressText(const SOCKET_ADDRESS& address) {
    if (address.lpSockaddr == nullptr) {
        return std::nullopt;
    }
    char text[INET6_ADDRSTRLEN] = {};
    if (address.lpSockaddr->sa_family == AF_INET &&
        address.iSockaddrLength >= static_cast<INT>(sizeof(sockaddr_in))) {
        const auto* v4 = reinterpret_cast<const sockaddr_in*>(address.lpSockaddr);
        if (inet_ntop(AF_INET, &v4->sin_addr, text, sizeof text) != nullptr) {
            return std::string(text);
        }
    } else if (address.lpSockaddr->sa_family == AF_INET6 &&
               address.iSockaddrLength >= static_cast<INT>(sizeof(sockaddr_in6))) {
        const auto* v6 = reinterpret_cast<const sockaddr_in6*>(address.lpSockaddr);
        if (inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text) != nullptr) {
            return std::string(text);
        }
    }
    return std::nullopt;
}

}  // namespace parque::agent::platform
