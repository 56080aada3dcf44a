// The Windows collectors (agent/src/windows), one function per collector, and the pure pieces
// they are made of, so the tests can check them on known input.
#pragma once

#include "parque/agent/Report.h"
#include "parque/agent/parsers/SmbiosParser.h"
#include "parque/agent/windows/Win32.h"
#include "parque/inventory/Inventory.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace parque::agent::platform {

using CollectFunction = void (*)(inventory::Content&, Report&);

void collectSmbios(inventory::Content& content, Report& report);
void collectCpus(inventory::Content& content, Report& report);
void collectHardware(inventory::Content& content, Report& report);
void collectOperatingSystem(inventory::Content& content, Report& report);
void collectStorages(inventory::Content& content, Report& report);
void collectDrives(inventory::Content& content, Report& report);
void collectNetworks(inventory::Content& content, Report& report);
void collectUsbDevices(inventory::Content& content, Report& report);
void collectMonitors(inventory::Content& content, Report& report);
void collectSoftwares(inventory::Content& content, Report& report);

// GetSystemFirmwareTable('RSMB') output (the RawSMBIOSData header: calling method, major, minor,
// DMI revision, a 32-bit length, then the structure table) as the entry point and table that
// smbios::parse() takes: a SMBIOS 3.0 entry point is made for the version and length the header
// gives. Throws ParseError when the header is short or the length runs past the data.
struct RawSmbios {
    std::string entryPoint;
    std::string table;
};
RawSmbios splitRawSmbios(std::string_view rsmb);

// The raw table of this machine (RSMB); nullopt with a Problem in `report` when unavailable.
std::optional<std::string> readRawSmbios(Report& report, const char* collector);

// GetComputerNameExW as UTF-8; nullopt when Windows has no such name.
std::optional<std::string> computerName(COMPUTER_NAME_FORMAT format);

// Registry install dates: "20240131" -> "2024-01-31"; nullopt for anything else.
std::optional<std::string> uninstallDate(std::string_view text);
// "Package_for_KB5034441~31bf3856ad364e35~amd64~~10.0.1.2" (or "Package_1_for_KB...") ->
// "KB5034441"; nullopt for any other servicing package.
std::optional<std::string> hotfixId(std::string_view packageName);

// "USB\VID_046D&PID_C52B\5&1d2e4b2c&0&2" -> vendor "046d", product "c52b" and the serial when the
// last part is one the device reported (Windows makes up instance ids with '&' for devices
// without a serial).
struct UsbInstanceId {
    std::string vendorId;
    std::string productId;
    std::optional<std::string> serial;
};
std::optional<UsbInstanceId> parseUsbInstanceId(std::string_view instanceId);

// Seconds since 1970 -> "YYYY-MM-DD HH:MM:SS" (UTC).
std::string utcDateTime(std::int64_t secondsSinceEpoch);

}  // namespace parque::agent::platform
