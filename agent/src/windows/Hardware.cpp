// hardware: host name, memory and swap (GlobalMemoryStatusEx), default gateway and DNS servers
// (GetAdaptersAddresses), workgroup or domain, the registered owner and product id, and what kind
// of machine this is from the SMBIOS vendor strings.
#include "Adapters.h"
#include "parque/agent/Hypervisor.h"
#include "parque/agent/windows/Registry.h"
#include "parque/agent/windows/WideText.h"
#include "parque/agent/windows/WindowsCollectors.h"

#include "parque/agent/windows/Win32.h"

#include <array>

namespace parque::agent::platform {
namespace {

constexpr const char* kName = "hardware";

// The first IPv4 gateway of an adapter that is up, and the DNS servers of the adapters that are
// up, joined by "/" as on Linux.
void addressing(inventory::Hardware& hardware, Report& report) {
    const AdapterList adapters;
    if (adapters.first() == nullptr) {
        report.add(kName, "GetAdaptersAddresses", ProblemKind::Failed,
                   "error " + std::to_string(adapters.error()));
        return;
    }
    std::string servers;
    for (auto* adapter = adapters.first(); adapter != nullptr; adapter = adapter->Next) {
        if (adapter->OperStatus != IfOperStatusUp) {
            continue;
        }
        for (auto* gateway = adapter->FirstGatewayAddress;
             gateway != nullptr && !hardware.defaultgateway; gateway = gateway->Next) {
            if (gateway->Address.lpSockaddr->sa_family == AF_INET) {
                hardware.defaultgateway = socketAddressText(gateway->Address);
            }
        }
        for (auto* dns = adapter->FirstDnsServerAddress; dns != nullptr; dns = dns->Next) {
            const auto text = socketAddressText(dns->Address);
            if (text && ("/" + servers + "/").find("/" + *text + "/") == std::string::npos) {
                servers += (servers.empty() ? "" : "/") + *text;
            }
        }
    }
    if (!servers.empty()) {
        hardware.dns = servers;
    }
}

// The workgroup or the domain the machine belongs to.
std::optional<std::string> workgroup() {
    LPWSTR name = nullptr;
    NETSETUP_JOIN_STATUS status = NetSetupUnknownStatus;
    if (NetGetJoinInformation(nullptr, &name, &status) != NERR_Success || name == nullptr) {
        return std::nullopt;
    }
    std::optional<std::string> result;
    if (status == NetSetupWorkgroupName || status == NetSetupDomainName) {
        result = toUtf8(name);
    }
    NetApiBufferFree(name);
    return result;
}

// Hypervisor from the firmware's vendor strings (as on Linux), otherwise "Physical".
std::string machineKind(const inventory::Content& content) {
    std::string firmware;
    if (content.bios) {
        for (const auto* value :
             {&content.bios->smanufacturer, &content.bios->smodel, &content.bios->bmanufacturer}) {
            firmware += value->value_or("") + " ";
        }
    }
    return hypervisorFromFirmware(firmware).value_or("Physical");
}

}  // namespace

std::optional<std::string> computerName(COMPUTER_NAME_FORMAT format) {
    wchar_t name[256] = {};
    DWORD size = static_cast<DWORD>(sizeof name / sizeof name[0]);
    if (GetComputerNameExW(format, name, &size) == 0 || size == 0) {
        return std::nullopt;
    }
    return toUtf8(std::wstring_view(name, size));
}

void collectHardware(inventory::Content& content, Report& report) {
    auto& hardware = content.hardware ? *content.hardware : content.hardware.emplace();
    if (auto name = computerName(ComputerNamePhysicalDnsHostname)) {
        hardware.name = name->substr(0, name->find('.'));
    }
    MEMORYSTATUSEX memory{};
    memory.dwLength = sizeof memory;
    if (GlobalMemoryStatusEx(&memory) != 0) {
        constexpr DWORDLONG mib = 1024 * 1024;
        hardware.memory = static_cast<std::int64_t>(memory.ullTotalPhys / mib);
        if (memory.ullTotalPageFile > memory.ullTotalPhys) {
            hardware.swap =
                static_cast<std::int64_t>((memory.ullTotalPageFile - memory.ullTotalPhys) / mib);
        }
    } else {
        report.add(kName, "GlobalMemoryStatusEx", ProblemKind::Failed,
                   "error " + std::to_string(GetLastError()));
    }
    addressing(hardware, report);
    hardware.workgroup = workgroup();
    if (const auto key = RegistryKey::open(HKEY_LOCAL_MACHINE,
                                           L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion",
                                           KEY_WOW64_64KEY)) {
        hardware.winprodid = key->text(L"ProductId");
        hardware.winowner = key->text(L"RegisteredOwner");
        hardware.wincompany = key->text(L"RegisteredOrganization");
    }
    hardware.winlang = std::to_string(GetSystemDefaultLCID());
    hardware.vmsystem = machineKind(content);
}

}  // namespace parque::agent::platform
