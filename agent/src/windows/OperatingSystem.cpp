// operatingsystem: RtlGetVersion (the real version, not the manifest's), the product name,
// edition, display version, build and UBR from the registry, install date, architecture, host and
// domain names, time zone and boot time.
#include "parque/agent/windows/Registry.h"
#include "parque/agent/windows/WideText.h"
#include "parque/agent/windows/WindowsCollectors.h"

#include "parque/agent/windows/Win32.h"

#include <cstdio>
#include <cstdlib>
#include <ctime>

extern "C" LONG WINAPI RtlGetVersion(PRTL_OSVERSIONINFOW info);

namespace parque::agent::platform {
namespace {

constexpr const char* kName = "operatingsystem";

std::optional<inventory::TimeZone> timeZone() {
    DYNAMIC_TIME_ZONE_INFORMATION zone{};
    const DWORD mode = GetDynamicTimeZoneInformation(&zone);
    if (mode == TIME_ZONE_ID_INVALID) {
        return std::nullopt;
    }
    long bias = zone.Bias + (mode == TIME_ZONE_ID_DAYLIGHT ? zone.DaylightBias : zone.StandardBias);
    const long minutes = std::labs(bias) % (24L * 60);
    char text[16];
    std::snprintf(text, sizeof text, "%c%02ld%02ld", bias > 0 ? '-' : '+', minutes / 60,
                  minutes % 60);
    std::string name = bufferToUtf8(zone.TimeZoneKeyName, std::size(zone.TimeZoneKeyName));
    if (name.empty()) {
        name = bufferToUtf8(zone.StandardName, std::size(zone.StandardName));
    }
    return inventory::TimeZone{name.empty() ? "UTC" : name, text};
}

std::string architecture() {
    SYSTEM_INFO info{};
    GetNativeSystemInfo(&info);
    switch (info.wProcessorArchitecture) {
    case PROCESSOR_ARCHITECTURE_AMD64:
        return "x86_64";
    case PROCESSOR_ARCHITECTURE_ARM64:
        return "aarch64";
    case PROCESSOR_ARCHITECTURE_INTEL:
        return "i686";
    default:
        return "unknown";
    }
}

// "Windows 10 Pro" stays in ProductName on Windows 11 (build 22000 and later).
std::string productName(std::string name, DWORD build) {
    if (build >= 22000 && name.rfind("Windows 10", 0) == 0) {
        name.replace(0, 10, "Windows 11");
    }
    return name.rfind("Microsoft ", 0) == 0 ? name : "Microsoft " + name;
}

void fromRegistry(inventory::OperatingSystem& os, DWORD build) {
    const auto key = RegistryKey::open(
        HKEY_LOCAL_MACHINE, L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", KEY_WOW64_64KEY);
    if (!key) {
        return;
    }
    if (const auto product = key->text(L"ProductName")) {
        os.full_name = productName(*product, build);
    }
    if (auto display = key->text(L"DisplayVersion")) {
        os.version = std::move(display);
    } else if (auto release = key->text(L"ReleaseId")) {
        os.version = std::move(release);
    }
    if (const auto ubr = key->number(L"UBR"); ubr && os.kernel_version) {
        *os.kernel_version += "." + std::to_string(*ubr);
    }
    if (const auto installed = key->number(L"InstallDate"); installed && *installed > 0) {
        os.install_date = utcDateTime(static_cast<std::int64_t>(*installed));
    }
}

}  // namespace

std::string utcDateTime(std::int64_t secondsSinceEpoch) {
    const std::time_t time = static_cast<std::time_t>(secondsSinceEpoch);
    std::tm tm{};
    gmtime_s(&tm, &time);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &tm);
    return text;
}

void collectOperatingSystem(inventory::Content& content, Report& report) {
    auto& os = content.operatingsystem.emplace();
    os.name = "Windows";
    os.kernel_name = "MSWin32";
    RTL_OSVERSIONINFOW version{};
    version.dwOSVersionInfoSize = sizeof version;
    DWORD build = 0;
    if (RtlGetVersion(&version) == 0) {
        build = version.dwBuildNumber;
        os.kernel_version = std::to_string(version.dwMajorVersion) + "." +
                            std::to_string(version.dwMinorVersion) + "." + std::to_string(build);
        const std::string servicePack =
            bufferToUtf8(version.szCSDVersion, std::size(version.szCSDVersion));
        if (!servicePack.empty()) {
            os.service_pack = servicePack;
        }
    } else {
        report.add(kName, "RtlGetVersion", ProblemKind::Failed, "no version");
    }
    fromRegistry(os, build);
    if (!os.full_name) {
        os.full_name = "Microsoft Windows";
    }
    os.arch = architecture();
    const std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
    os.boot_time = utcDateTime(now - static_cast<std::int64_t>(GetTickCount64() / 1000));
    os.dns_domain = computerName(ComputerNameDnsDomain);
    os.fqdn = computerName(ComputerNameDnsFullyQualified);
    os.timezone = timeZone();
}

}  // namespace parque::agent::platform
