// Value rules of the GLPI inventory schema that go beyond a JSON type: date formats, enums and
// patterns, plus the "volatile" mark for fields left out of digests and deltas.
#pragma once

#include <string_view>

namespace parque::inventory {

struct Rule {
    bool (*accepts)(std::string_view) = nullptr;  // nullptr: any string
    const char* expected = nullptr;               // what a valid value looks like, for errors
    bool isVolatile = false;                      // changes on its own (free space, boot time)
};

bool isDate(std::string_view s);            // YYYY-MM-DD
bool isDateTime(std::string_view s);        // YYYY-MM-DD[ T]HH:MM:SS[Z|+HH:MM:SS]
bool isDateOrDateTime(std::string_view s);  // either of the above
bool isTimeZoneOffset(std::string_view s);  // [+-]HHMM
bool isSecureBoot(std::string_view s);
bool isCpuArch(std::string_view s);
bool isNetworkStatus(std::string_view s);
bool isNetworkType(std::string_view s);
bool isVirtualMachineStatus(std::string_view s);
bool isItemType(std::string_view s);
bool isIpv4(std::string_view s);       // dotted quad, as JSON Schema's "ipv4" format
bool isIpv6(std::string_view s);       // RFC 4291 text form
bool isIpAddress(std::string_view s);  // either

namespace rule {
inline constexpr Rule any{};
inline constexpr Rule isVolatile{nullptr, nullptr, true};
inline constexpr Rule date{&isDate, "a date YYYY-MM-DD"};
inline constexpr Rule dateTime{&isDateTime, "a date and time YYYY-MM-DD HH:MM:SS"};
inline constexpr Rule volatileDateTime{&isDateTime, "a date and time YYYY-MM-DD HH:MM:SS", true};
inline constexpr Rule dateOrDateTime{&isDateOrDateTime, "a date YYYY-MM-DD or a date and time"};
inline constexpr Rule timeZoneOffset{&isTimeZoneOffset, "an offset [+-]HHMM"};
inline constexpr Rule secureBoot{&isSecureBoot, "one of enabled, disabled, unsupported"};
inline constexpr Rule cpuArch{
    &isCpuArch, "a CPU architecture (x86_64, i686, aarch64, arm*, powerpc, mips, ...)"};
inline constexpr Rule networkStatus{
    &isNetworkStatus, "one of up, down, dormant, notpresent, lowerlayerdown, unknown, testing"};
inline constexpr Rule networkType{&isNetworkType,
                                  "one of ethernet, wifi, infiniband, aggregate, alias, dialup, "
                                  "loopback, bridge, fibrechannel, bluetooth"};
inline constexpr Rule virtualMachineStatus{
    &isVirtualMachineStatus, "one of running, blocked, idle, paused, shutdown, crashed, dying, off",
    true};
inline constexpr Rule ipv4{&isIpv4, "an IPv4 address"};
inline constexpr Rule ipAddress{&isIpAddress, "an IPv4 or IPv6 address"};
inline constexpr Rule itemType{&isItemType,
                               "one of Unmanaged, Computer, Phone, NetworkEquipment, Printer"};
}  // namespace rule

}  // namespace parque::inventory
