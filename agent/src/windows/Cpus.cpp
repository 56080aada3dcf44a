// cpus from GetLogicalProcessorInformationEx (packages, cores, threads, caches), with the name,
// vendor, family/model/stepping and frequency the registry keeps for each processor; one element
// per package, refining what SMBIOS listed as on Linux.
#include "parque/agent/windows/Registry.h"
#include "parque/agent/windows/WindowsCollectors.h"

#include "parque/agent/windows/Win32.h"

#include <algorithm>
#include <bitset>
#include <sstream>
#include <vector>

namespace parque::agent::platform {
namespace {

constexpr const char* kName = "cpus";
constexpr const char* kSource = "GetLogicalProcessorInformationEx";

using Affinity = std::vector<GROUP_AFFINITY>;

struct Package {
    Affinity affinity;
    std::int64_t cores = 0;
    std::int64_t threads = 0;
    std::vector<std::string> caches;
};

bool overlaps(const Affinity& a, const GROUP_AFFINITY& b) {
    return std::any_of(a.begin(), a.end(), [&](const GROUP_AFFINITY& g) {
        return g.Group == b.Group && (g.Mask & b.Mask) != 0;
    });
}

std::vector<char> processorInformation(Report& report) {
    DWORD size = 0;
    GetLogicalProcessorInformationEx(RelationAll, nullptr, &size);
    if (GetLastError() != ERROR_INSUFFICIENT_BUFFER || size == 0) {
        report.add(kName, kSource, ProblemKind::Failed, "error " + std::to_string(GetLastError()));
        return {};
    }
    std::vector<char> buffer(size);
    if (GetLogicalProcessorInformationEx(
            RelationAll, reinterpret_cast<PSYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX>(buffer.data()),
            &size) == 0) {
        report.add(kName, kSource, ProblemKind::Failed, "error " + std::to_string(GetLastError()));
        return {};
    }
    buffer.resize(size);
    return buffer;
}

std::string cacheName(const CACHE_RELATIONSHIP& cache) {
    const char* kind = cache.Type == CacheData ? "d" : cache.Type == CacheInstruction ? "i" : "";
    return "L" + std::to_string(cache.Level) + kind + " " + std::to_string(cache.CacheSize / 1024) +
           " KiB";
}

// Packages in the order Windows lists them, their cores and threads, and the caches of their
// first logical processor (as the Linux collector reports them).
std::vector<Package> readPackages(const std::vector<char>& buffer) {
    std::vector<Package> packages;
    std::vector<std::pair<Affinity, DWORD>> cores;  // affinity and logical processor count
    std::vector<CACHE_RELATIONSHIP> caches;
    for (std::size_t offset = 0;
         offset + sizeof(LOGICAL_PROCESSOR_RELATIONSHIP) + sizeof(DWORD) <= buffer.size();) {
        const auto* info =
            reinterpret_cast<const SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX*>(&buffer[offset]);
        if (info->Size == 0 || offset + info->Size > buffer.size()) {
            break;
        }
        if (info->Relationship == RelationProcessorPackage ||
            info->Relationship == RelationProcessorCore) {
            const PROCESSOR_RELATIONSHIP& p = info->Processor;
            Affinity affinity(p.GroupMask, p.GroupMask + p.GroupCount);
            if (info->Relationship == RelationProcessorPackage) {
                packages.push_back({affinity, 0, 0, {}});
            } else {
                DWORD threads = 0;
                for (const auto& group : affinity) {
                    threads += static_cast<DWORD>(std::bitset<64>(group.Mask).count());
                }
                cores.emplace_back(affinity, threads);
            }
        } else if (info->Relationship == RelationCache) {
            caches.push_back(info->Cache);
        }
        offset += info->Size;
    }
    for (auto& package : packages) {
        for (const auto& [affinity, threads] : cores) {
            if (!affinity.empty() && overlaps(package.affinity, affinity.front())) {
                ++package.cores;
                package.threads += threads;
            }
        }
        // The first logical processor of the package: the lowest bit of its first group.
        if (package.affinity.empty() || package.affinity.front().Mask == 0) {
            continue;
        }
        GROUP_AFFINITY first = package.affinity.front();
        first.Mask &= ~(first.Mask - 1);
        for (const auto& cache : caches) {
            if (cache.GroupMask.Group == first.Group && (cache.GroupMask.Mask & first.Mask) != 0) {
                package.caches.push_back(cacheName(cache));
            }
        }
        std::sort(package.caches.begin(), package.caches.end());
    }
    return packages;
}

std::string join(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) {
        text += (text.empty() ? "" : ", ") + item;
    }
    return text;
}

// "Intel64 Family 6 Model 158 Stepping 10" -> family, model and stepping numbers.
void readIdentifier(const std::string& identifier, inventory::Cpu& cpu) {
    std::istringstream in(identifier);
    std::string word;
    while (in >> word) {
        std::string number;
        if (!(in >> number)) {
            break;
        }
        if (word == "Family") {
            cpu.familynumber = number;
        } else if (word == "Model") {
            cpu.model = number;
        } else if (word == "Stepping") {
            cpu.stepping = std::strtoll(number.c_str(), nullptr, 10);
        }
    }
}

void fillFromRegistry(inventory::Cpu& cpu) {
    const auto key = RegistryKey::open(HKEY_LOCAL_MACHINE,
                                       L"HARDWARE\\DESCRIPTION\\System\\CentralProcessor\\0");
    if (!key) {
        return;
    }
    if (auto name = key->text(L"ProcessorNameString")) {
        name->erase(0, name->find_first_not_of(' '));
        name->erase(name->find_last_not_of(' ') + 1);
        if (!name->empty()) {
            cpu.name = name;
        }
    }
    if (const auto vendor = key->text(L"VendorIdentifier")) {
        cpu.manufacturer = *vendor == "GenuineIntel"   ? std::string("Intel")
                           : *vendor == "AuthenticAMD" ? std::string("AMD")
                                                       : *vendor;
    }
    if (const auto identifier = key->text(L"Identifier")) {
        readIdentifier(*identifier, cpu);
    }
    if (const auto mhz = key->number(L"~MHz"); mhz && *mhz > 0) {
        cpu.speed = static_cast<std::int64_t>(*mhz);
    }
}

std::optional<std::string> architecture() {
    SYSTEM_INFO info{};
    GetNativeSystemInfo(&info);
    switch (info.wProcessorArchitecture) {
    case PROCESSOR_ARCHITECTURE_AMD64:
        return "x86_64";
    case PROCESSOR_ARCHITECTURE_INTEL:
        return "i686";
    case PROCESSOR_ARCHITECTURE_ARM64:
        return "aarch64";
    default:
        return std::nullopt;
    }
}

}  // namespace

void collectCpus(inventory::Content& content, Report& report) {
    const std::vector<Package> packages = readPackages(processorInformation(report));
    if (packages.empty()) {
        report.add(kName, kSource, ProblemKind::Missing, "no processor package");
        return;
    }
    // SMBIOS may have listed the sockets already: refine them in order, add what it missed.
    if (content.cpus.size() != packages.size()) {
        content.cpus.assign(packages.size(), inventory::Cpu{});
    }
    const auto arch = architecture();
    for (std::size_t i = 0; i < packages.size(); ++i) {
        inventory::Cpu& cpu = content.cpus[i];
        fillFromRegistry(cpu);
        cpu.core = packages[i].cores;
        cpu.thread = packages[i].threads;
        if (!packages[i].caches.empty()) {
            cpu.cache = join(packages[i].caches);
        }
        if (arch) {
            cpu.arch = arch;
        }
    }
}

}  // namespace parque::agent::platform
