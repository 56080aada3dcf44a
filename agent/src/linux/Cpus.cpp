// cpus from the hwloc topology (packages, cores, threads, caches, model), one element per package.
// hwloc reads the same root as every other collector through HWLOC_FSROOT.
#include "parque/agent/linux/LinuxContext.h"
#include "parque/inventory/Rules.h"

#include <hwloc.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

namespace parque::agent::platform {
namespace {

constexpr const char* kName = "cpus";

struct TopologyDeleter {
    void operator()(hwloc_topology* t) const { hwloc_topology_destroy(t); }
};
using Topology = std::unique_ptr<hwloc_topology, TopologyDeleter>;

Topology loadTopology(const RootFs& fs, Report& report) {
    // The agent needs none of hwloc's plugins (PCI comes from our own collector, GL and OpenCL
    // not at all); not loading them saves ~1.5 ms of the ~10 ms budget. An operator's own
    // setting wins.
    ::setenv("HWLOC_PLUGINS_BLACKLIST", "hwloc_pci,hwloc_opencl,hwloc_gl,hwloc_xml_libxml", 0);
    hwloc_topology_t raw = nullptr;
    if (hwloc_topology_init(&raw) != 0) {
        report.add(kName, "hwloc", ProblemKind::Failed, "hwloc_topology_init failed");
        return nullptr;
    }
    Topology topology(raw);
    if (!fs.isLiveSystem()) {
        // hwloc's Linux backend reads HWLOC_FSROOT when the topology loads.
        ::setenv("HWLOC_FSROOT", fs.root().c_str(), 1);
        // The x86 backend would describe the CPU running the agent, not the tree's.
        hwloc_topology_set_components(topology.get(), HWLOC_TOPOLOGY_COMPONENTS_FLAG_BLACKLIST,
                                      "x86");
    }
    hwloc_topology_set_all_types_filter(topology.get(), HWLOC_TYPE_FILTER_KEEP_STRUCTURE);
    hwloc_topology_set_type_filter(topology.get(), HWLOC_OBJ_PACKAGE, HWLOC_TYPE_FILTER_KEEP_ALL);
    hwloc_topology_set_type_filter(topology.get(), HWLOC_OBJ_CORE, HWLOC_TYPE_FILTER_KEEP_ALL);
    hwloc_topology_set_type_filter(topology.get(), HWLOC_OBJ_PU, HWLOC_TYPE_FILTER_KEEP_ALL);
    hwloc_topology_set_cache_types_filter(topology.get(), HWLOC_TYPE_FILTER_KEEP_ALL);
    hwloc_topology_set_io_types_filter(topology.get(), HWLOC_TYPE_FILTER_KEEP_NONE);
    const int loaded = hwloc_topology_load(topology.get());
    if (!fs.isLiveSystem()) {
        ::unsetenv("HWLOC_FSROOT");
    }
    if (loaded != 0) {
        report.add(kName, "hwloc", ProblemKind::Failed, "hwloc_topology_load failed");
        return nullptr;
    }
    return topology;
}

inventory::Text info(hwloc_obj_t object, const char* name) {
    const char* value = hwloc_obj_get_info_by_name(object, name);
    if (value == nullptr || *value == '\0') {
        return std::nullopt;
    }
    return std::string(value);
}

std::int64_t countInside(hwloc_topology_t topology, hwloc_obj_t package, hwloc_obj_type_t type) {
    return hwloc_get_nbobjs_inside_cpuset_by_type(topology, package->cpuset, type);
}

// "GenuineIntel" -> "Intel", as GLPI agents report it.
inventory::Text manufacturer(const inventory::Text& vendor) {
    if (!vendor) {
        return std::nullopt;
    }
    if (*vendor == "GenuineIntel") {
        return std::string("Intel");
    }
    if (*vendor == "AuthenticAMD") {
        return std::string("AMD");
    }
    return vendor;
}

// "L1d 48 KiB, L1i 32 KiB, L2 1280 KiB, L3 12288 KiB": the caches above the package's first PU.
std::string caches(hwloc_topology_t topology, hwloc_obj_t package) {
    std::vector<std::string> names;
    hwloc_obj_t pu =
        hwloc_get_obj_inside_cpuset_by_type(topology, package->cpuset, HWLOC_OBJ_PU, 0);
    for (hwloc_obj_t o = pu; o != nullptr && o != package->parent; o = o->parent) {
        if (!hwloc_obj_type_is_cache(o->type) || o->attr == nullptr) {
            continue;
        }
        const bool data = o->attr->cache.type == HWLOC_OBJ_CACHE_DATA;
        const bool instruction = o->attr->cache.type == HWLOC_OBJ_CACHE_INSTRUCTION;
        names.push_back("L" + std::to_string(o->attr->cache.depth) +
                        (data          ? "d"
                         : instruction ? "i"
                                       : "") +
                        " " + std::to_string(o->attr->cache.size / 1024) + " KiB");
    }
    std::sort(names.begin(), names.end());
    std::string text;
    for (const auto& name : names) {
        text += (text.empty() ? "" : ", ") + name;
    }
    return text;
}

std::optional<std::int64_t> maxFrequencyMhz(const RootFs& fs, hwloc_obj_t firstPu) {
    if (firstPu == nullptr) {
        return std::nullopt;
    }
    const auto khz =
        fs.integerAttribute("sys/devices/system/cpu/cpu" + std::to_string(firstPu->os_index) +
                            "/cpufreq/cpuinfo_max_freq");
    if (!khz || *khz <= 0) {
        return std::nullopt;
    }
    return *khz / 1000;
}

void fillFromPackage(hwloc_topology_t topology, hwloc_obj_t package, const RootFs& fs,
                     inventory::Cpu& cpu) {
    if (const auto model = info(package, "CPUModel")) {
        cpu.name = model;
    }
    if (const auto vendor = manufacturer(info(package, "CPUVendor"))) {
        cpu.manufacturer = vendor;
    }
    cpu.familynumber = info(package, "CPUFamilyNumber");
    cpu.model = info(package, "CPUModelNumber");
    if (const auto stepping = info(package, "CPUStepping")) {
        cpu.stepping = std::strtoll(stepping->c_str(), nullptr, 10);
    }
    cpu.core = countInside(topology, package, HWLOC_OBJ_CORE);
    cpu.thread = countInside(topology, package, HWLOC_OBJ_PU);
    const std::string cache = caches(topology, package);
    if (!cache.empty()) {
        cpu.cache = cache;
    }
    hwloc_obj_t pu =
        hwloc_get_obj_inside_cpuset_by_type(topology, package->cpuset, HWLOC_OBJ_PU, 0);
    if (const auto mhz = maxFrequencyMhz(fs, pu)) {
        cpu.speed = mhz;
    }
}

}  // namespace

void collectCpus(LinuxContext& context, inventory::Content& content, Report& report) {
    const Topology topology = loadTopology(context.fs(), report);
    if (!topology) {
        return;
    }
    const int packages = hwloc_get_nbobjs_by_type(topology.get(), HWLOC_OBJ_PACKAGE);
    if (packages <= 0) {
        report.add(kName, "hwloc", ProblemKind::Missing, "no processor package in the topology");
        return;
    }
    // SMBIOS may have listed the sockets already: refine them in order, add what it missed.
    if (content.cpus.size() != static_cast<std::size_t>(packages)) {
        content.cpus.assign(static_cast<std::size_t>(packages), inventory::Cpu{});
    }
    for (int i = 0; i < packages; ++i) {
        hwloc_obj_t package =
            hwloc_get_obj_by_type(topology.get(), HWLOC_OBJ_PACKAGE, static_cast<unsigned>(i));
        fillFromPackage(topology.get(), package, context.fs(),
                        content.cpus[static_cast<std::size_t>(i)]);
    }
    const auto arch = info(hwloc_get_root_obj(topology.get()), "Architecture");
    if (arch && inventory::isCpuArch(*arch)) {
        for (auto& cpu : content.cpus) {
            cpu.arch = arch;
        }
    }
}

}  // namespace parque::agent::platform
