// hardware: host name, memory and swap, default gateway, DNS servers and what kind of machine
// this is (vmsystem: Physical, a hypervisor, or a container).
#include "parque/agent/Hypervisor.h"
#include "parque/agent/linux/LinuxContext.h"
#include "parque/agent/parsers/CpuInfo.h"
#include "parque/agent/parsers/Meminfo.h"
#include "parque/agent/parsers/ProcNet.h"

#include <array>
#include <sstream>

namespace parque::agent::platform {
namespace {

constexpr const char* kName = "hardware";

// The host name up to the first dot, as GLPI shows machines.
std::optional<std::string> hostName(const RootFs& fs) {
    auto name = fs.attribute("proc/sys/kernel/hostname");
    if (!name) {
        name = fs.attribute("etc/hostname");
    }
    if (name) {
        name = name->substr(0, name->find('.'));
    }
    return name;
}

// The nameserver lines of resolv.conf, joined by "/" as GLPI agents send them.
std::optional<std::string> nameServers(const RootFs& fs) {
    const FileRead file = fs.read("etc/resolv.conf", 1U << 20U);
    if (!file.data) {
        return std::nullopt;
    }
    std::istringstream lines(*file.data);
    std::string line;
    std::string servers;
    while (std::getline(lines, line)) {
        std::istringstream words(line);
        std::string keyword;
        std::string address;
        if (words >> keyword >> address && keyword == "nameserver") {
            servers += (servers.empty() ? "" : "/") + address;
        }
    }
    return servers.empty() ? std::nullopt : std::optional<std::string>(servers);
}

// Hypervisor from the firmware's vendor strings, container from the markers runtimes leave.
std::string machineKind(const RootFs& fs) {
    if (fs.exists(".dockerenv")) {
        return "Docker";
    }
    if (fs.exists("run/.containerenv")) {
        return "Podman";
    }
    if (const auto container = fs.attribute("run/systemd/container")) {
        return *container == "lxc" ? "LXC" : *container;
    }
    std::string firmware;
    for (const char* attribute : {"sys_vendor", "product_name", "bios_vendor"}) {
        firmware += fs.attribute(std::string("sys/class/dmi/id/") + attribute).value_or("") + " ";
    }
    if (auto hypervisor = hypervisorFromFirmware(firmware)) {
        return *hypervisor;
    }
    if (const auto hypervisor = fs.attribute("sys/hypervisor/type")) {
        return *hypervisor == "xen" ? "Xen" : *hypervisor;
    }
    const FileRead cpuinfo = fs.read("proc/cpuinfo");
    if (cpuinfo.data && parseCpuInfo(*cpuinfo.data).hypervisor) {
        return "Virtual Machine";
    }
    return "Physical";
}

}  // namespace

void collectHardware(LinuxContext& context, inventory::Content& content, Report& report) {
    const RootFs& fs = context.fs();
    auto& hardware = content.hardware ? *content.hardware : content.hardware.emplace();
    hardware.name = hostName(fs);
    if (const auto meminfo = readReported(fs, "proc/meminfo", kName, report)) {
        const Meminfo memory = parseMeminfo(*meminfo);
        if (memory.memTotalKib) {
            hardware.memory = *memory.memTotalKib / 1024;
        }
        if (memory.swapTotalKib) {
            hardware.swap = *memory.swapTotalKib / 1024;
        }
    }
    if (const auto routes = fs.read("proc/net/route"); routes.data) {
        hardware.defaultgateway = defaultGateway(parseRoutes(*routes.data));
    }
    hardware.dns = nameServers(fs);
    hardware.vmsystem = machineKind(fs);
}

}  // namespace parque::agent::platform
