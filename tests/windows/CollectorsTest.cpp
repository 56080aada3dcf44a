// The Windows collectors on the machine Wine shows: the shape of what they report, and that it is
// what Windows' own APIs say.
#include "parque/agent/Collector.h"
#include "parque/agent/InventoryCommand.h"
#include "parque/agent/windows/WindowsCollectors.h"
#include "parque/inventory/JsonCodec.h"
#include "parque/inventory/Rules.h"

#include "parque/agent/windows/Win32.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

using namespace parque;
using namespace parque::agent;

TEST_CASE("Windows: hardware reports GlobalMemoryStatusEx's memory and the host name",
          "[windows][hardware]") {
    inventory::Content content;
    Report report;
    platform::collectHardware(content, report);
    REQUIRE(content.hardware);
    MEMORYSTATUSEX memory{};
    memory.dwLength = sizeof memory;
    REQUIRE(GlobalMemoryStatusEx(&memory) != 0);
    CHECK(content.hardware->memory ==
          static_cast<std::int64_t>(memory.ullTotalPhys / (1024 * 1024)));
    CHECK(content.hardware->memory > 0);
    wchar_t name[256] = {};
    DWORD size = 256;
    REQUIRE(GetComputerNameExW(ComputerNamePhysicalDnsHostname, name, &size) != 0);
    REQUIRE(content.hardware->name);
    CHECK_FALSE(content.hardware->name->empty());
    CHECK(content.hardware->name->find('.') == std::string::npos);
    CHECK(content.hardware->vmsystem);
}

TEST_CASE("Windows: cpus count the logical processors Windows schedules", "[windows][cpus]") {
    inventory::Content content;
    Report report;
    platform::collectCpus(content, report);
    REQUIRE_FALSE(content.cpus.empty());
    std::int64_t threads = 0;
    for (const auto& cpu : content.cpus) {
        REQUIRE(cpu.thread);
        REQUIRE(cpu.core);
        CHECK(*cpu.core >= 1);
        CHECK(*cpu.thread >= *cpu.core);
        threads += *cpu.thread;
        CHECK(cpu.arch == std::optional<std::string>("x86_64"));
    }
    CHECK(threads == static_cast<std::int64_t>(GetActiveProcessorCount(ALL_PROCESSOR_GROUPS)));
}

TEST_CASE("Windows: operatingsystem says Windows with a version and valid times", "[windows][os]") {
    inventory::Content content;
    Report report;
    platform::collectOperatingSystem(content, report);
    REQUIRE(content.operatingsystem);
    const auto& os = *content.operatingsystem;
    CHECK(os.name == std::optional<std::string>("Windows"));
    CHECK(os.kernel_name == std::optional<std::string>("MSWin32"));
    REQUIRE(os.kernel_version);
    CHECK(std::count(os.kernel_version->begin(), os.kernel_version->end(), '.') >= 2);
    REQUIRE(os.full_name);
    CHECK(os.full_name->rfind("Microsoft Windows", 0) == 0);
    REQUIRE(os.boot_time);
    CHECK(inventory::isDateTime(*os.boot_time));
    REQUIRE(os.timezone);
    CHECK(inventory::isTimeZoneOffset(os.timezone->offset));
    CHECK(os.arch == std::optional<std::string>("x86_64"));
}

TEST_CASE("Windows: drives list C: with its file system and sizes", "[windows][drives]") {
    inventory::Content content;
    Report report;
    platform::collectDrives(content, report);
    const auto c = std::find_if(content.drives.begin(), content.drives.end(),
                                [](const inventory::Drive& d) { return d.letter == "C:"; });
    REQUIRE(c != content.drives.end());
    CHECK(c->systemdrive == std::optional<bool>(true));
    REQUIRE(c->total);
    CHECK(*c->total > 0);
    REQUIRE(c->free);
    CHECK(*c->free <= *c->total);
    CHECK(c->filesystem);
    ULARGE_INTEGER available{}, total{}, free{};
    REQUIRE(GetDiskFreeSpaceExW(L"C:\\", &available, &total, &free) != 0);
    CHECK(*c->total == static_cast<std::int64_t>(total.QuadPart / (1024 * 1024)));
}

TEST_CASE("Windows: networks are GetAdaptersAddresses' adapters and addresses",
          "[windows][networks]") {
    inventory::Content content;
    Report report;
    platform::collectNetworks(content, report);
    REQUIRE_FALSE(content.networks.empty());
    ULONG size = 0;
    GetAdaptersAddresses(AF_UNSPEC, 0, nullptr, nullptr, &size);
    std::vector<unsigned char> buffer(size);
    auto* adapters = reinterpret_cast<IP_ADAPTER_ADDRESSES*>(buffer.data());
    REQUIRE(GetAdaptersAddresses(AF_UNSPEC, 0, nullptr, adapters, &size) == NO_ERROR);
    std::set<std::string> names;
    for (const auto& n : content.networks) {
        names.insert(n.description);
        if (n.status) {
            CHECK(inventory::isNetworkStatus(*n.status));
        }
        if (n.type) {
            CHECK(inventory::isNetworkType(*n.type));
        }
        if (n.ipaddress) {
            CHECK(inventory::isIpv4(*n.ipaddress));
            CHECK(n.ipmask);
            CHECK(n.ipsubnet);
        }
        if (n.ipaddress6) {
            CHECK(inventory::isIpAddress(*n.ipaddress6));
        }
    }
    std::size_t count = 0;
    for (auto* a = adapters; a != nullptr; a = a->Next) {
        ++count;
    }
    CHECK(names.size() == count);
}

TEST_CASE("Windows: usbdevices, monitors and storages do not fail where Wine has none",
          "[windows][devices]") {
    inventory::Content content;
    Report report;
    platform::collectUsbDevices(content, report);
    platform::collectMonitors(content, report);
    platform::collectStorages(content, report);
    for (const auto& usb : content.usbdevices) {
        REQUIRE(usb.vendorid);
        CHECK(usb.vendorid->size() == 4);
    }
    for (const auto& problem : report.problems()) {
        CHECK(problem.kind != ProblemKind::Failed);
    }
}

TEST_CASE("Windows: the whole inventory encodes and every section is known",
          "[windows][inventory]") {
    Report report;
    InventoryOptions options;
    const inventory::Inventory inv = collectInventory(options, report);
    const std::string json = inventory::encode(inv);
    CHECK(json.find("\"kernel_name\":\"MSWin32\"") != std::string::npos);
    CHECK(inv.deviceid.find(inv.content.hardware->name.value_or("?")) == 0);
    const auto sections = knownSections(platformCollectors(PlatformOptions{}));
    CHECK(sections.count("softwares") == 1);
    CHECK(sections.count("usbdevices") == 1);
    CHECK_THROWS_AS(collectInventory(
                        [] {
                            InventoryOptions o;
                            o.categories = {"nosuchsection"};
                            return o;
                        }(),
                        report),
                    std::invalid_argument);
}
