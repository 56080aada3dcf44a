// operatingsystem: os-release, kernel, architecture, host and domain names, boot time, time zone.
#include "parque/agent/linux/LinuxContext.h"
#include "parque/agent/parsers/OsRelease.h"

#include <sys/utsname.h>

#include <cstdio>
#include <ctime>
#include <sstream>

namespace parque::agent::platform {
namespace {

constexpr const char* kName = "operatingsystem";

std::string utcText(std::time_t when) {
    std::tm tm{};
    gmtime_r(&when, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &tm);
    return text;
}

// "btime 1700000000" in proc/stat.
std::optional<std::string> bootTime(const RootFs& fs) {
    const FileRead stat = fs.read("proc/stat");
    if (!stat.data) {
        return std::nullopt;
    }
    const auto at = stat.data->find("\nbtime ");
    if (at == std::string::npos) {
        return std::nullopt;
    }
    const long long seconds = std::strtoll(stat.data->c_str() + at + 7, nullptr, 10);
    if (seconds <= 0) {
        return std::nullopt;
    }
    return utcText(static_cast<std::time_t>(seconds));
}

// The domain from resolv.conf ("domain x" or the first "search x").
std::optional<std::string> dnsDomain(const RootFs& fs) {
    const FileRead file = fs.read("etc/resolv.conf", 1U << 20U);
    if (!file.data) {
        return std::nullopt;
    }
    std::istringstream lines(*file.data);
    std::string line;
    std::optional<std::string> search;
    while (std::getline(lines, line)) {
        std::istringstream words(line);
        std::string keyword;
        std::string value;
        if (!(words >> keyword >> value)) {
            continue;
        }
        if (keyword == "domain") {
            return value;
        }
        if (keyword == "search" && !search) {
            search = value;
        }
    }
    return search;
}

// "America/Argentina/Buenos_Aires" from the etc/localtime link (or etc/timezone).
std::optional<std::string> zoneName(const RootFs& fs) {
    if (const auto target = fs.resolvedLink("etc/localtime")) {
        const auto at = target->find("zoneinfo/");
        if (at != std::string::npos) {
            return target->substr(at + 9);
        }
    }
    return fs.attribute("etc/timezone");
}

// The live machine's current zone abbreviation and offset ("-03", "-0300").
std::optional<inventory::TimeZone> liveTimeZone() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    if (localtime_r(&now, &tm) == nullptr) {
        return std::nullopt;
    }
    const long minutes = std::labs(tm.tm_gmtoff / 60) % (24 * 60);
    char text[16];
    std::snprintf(text, sizeof text, "%c%02ld%02ld", tm.tm_gmtoff < 0 ? '-' : '+', minutes / 60,
                  minutes % 60);
    return inventory::TimeZone{tm.tm_zone != nullptr ? tm.tm_zone : "UTC", text};
}

std::optional<std::string> architecture(const RootFs& fs) {
    if (fs.isLiveSystem()) {
        utsname names{};
        if (uname(&names) == 0) {
            return std::string(names.machine);
        }
    }
    return fs.attribute("proc/sys/kernel/arch");
}

}  // namespace

void collectOperatingSystem(LinuxContext& context, inventory::Content& content, Report& report) {
    const RootFs& fs = context.fs();
    auto& os = content.operatingsystem.emplace();
    auto release = readReported(fs, "etc/os-release", kName, report, false);
    if (!release) {
        release = readReported(fs, "usr/lib/os-release", kName, report);
    }
    if (release) {
        const OsRelease parsed = parseOsRelease(*release);
        os.name = parsed.name;
        os.version = parsed.versionId ? parsed.versionId : parsed.version;
        os.full_name = parsed.prettyName;
    }
    os.kernel_name = "linux";
    os.kernel_version = fs.attribute("proc/sys/kernel/osrelease");
    os.arch = architecture(fs);
    os.boot_time = bootTime(fs);
    os.dns_domain = dnsDomain(fs);
    auto host = fs.attribute("proc/sys/kernel/hostname");
    if (!host) {
        host = fs.attribute("etc/hostname");
    }
    if (host) {
        os.fqdn = os.dns_domain && host->find('.') == std::string::npos ? *host + "." + *os.dns_domain
                                                                          : *host;
    }
    if (fs.isLiveSystem()) {
        os.timezone = liveTimeZone();
    }
    if (const auto zone = zoneName(fs); zone && os.timezone) {
        os.timezone->name = *zone;
    }
}

}  // namespace parque::agent::platform
