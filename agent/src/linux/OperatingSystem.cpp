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

// What `hostname -f` finds through etc/hosts: the canonical (first) name of the line that lists
// the host, when it is qualified ("127.0.1.1 caja03.suc014.example.com caja03").
std::optional<std::string> fqdnFromHosts(const RootFs& fs, const std::string& host) {
    const FileRead file = fs.read("etc/hosts", 1U << 20U);
    if (!file.data) {
        return std::nullopt;
    }
    std::istringstream lines(*file.data);
    std::string line;
    while (std::getline(lines, line)) {
        std::istringstream words(line.substr(0, line.find('#')));
        std::string address;
        std::string canonical;
        if (!(words >> address >> canonical)) {
            continue;
        }
        bool listed = canonical == host || canonical.rfind(host + ".", 0) == 0;
        for (std::string alias; !listed && words >> alias;) {
            listed = alias == host;
        }
        if (listed && canonical.find('.') != std::string::npos) {
            return canonical;
        }
    }
    return std::nullopt;
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
    const long minutes = std::labs(tm.tm_gmtoff / 60) % (24L * 60);
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
    if (auto arch = fs.attribute("proc/sys/kernel/arch")) {
        return arch;
    }
    // Distribution kernels name their architecture last: "6.1.0-35-amd64", "...el9_4.x86_64".
    const auto release = fs.attribute("proc/sys/kernel/osrelease").value_or("");
    static const std::pair<const char*, const char*> suffixes[] = {
        {"amd64", "x86_64"},    {"x86_64", "x86_64"}, {"arm64", "aarch64"},
        {"aarch64", "aarch64"}, {"686", "i686"},      {"armmp", "armv7l"}};
    for (const auto& [suffix, arch] : suffixes) {
        const std::string s(suffix);
        if (release.size() > s.size() &&
            release.compare(release.size() - s.size(), s.size(), s) == 0) {
            return std::string(arch);
        }
    }
    return std::nullopt;
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
        os.fqdn = fqdnFromHosts(fs, *host);
        if (!os.fqdn) {
            os.fqdn = os.dns_domain && host->find('.') == std::string::npos
                          ? *host + "." + *os.dns_domain
                          : *host;
        }
    }
    if (fs.isLiveSystem()) {
        os.timezone = liveTimeZone();
    }
    if (const auto zone = zoneName(fs); zone && os.timezone) {
        os.timezone->name = *zone;
    }
}

}  // namespace parque::agent::platform
