// What every Linux collector gets: the filesystem root and the name databases, loaded at most once
// per run and only when a collector asks.
#pragma once

#include "parque/agent/Report.h"
#include "parque/agent/linux/RootFs.h"
#include "parque/agent/parsers/HwIds.h"
#include "parque/agent/parsers/PnpIds.h"
#include "parque/inventory/Inventory.h"

#include <memory>

namespace parque::agent::platform {

class LinuxContext {
public:
    explicit LinuxContext(RootFs fs) : fs_(std::move(fs)) {}

    const RootFs& fs() const { return fs_; }
    // usr/share/misc/pci.ids (hwdata), only the lines `wanted` asks for (the first call's
    // `wanted` counts: a collector asks for everything it will look up at once); empty database
    // when absent.
    const HwIds& pciIds(const HwIdsWanted& wanted);
    const HwIds& usbIds(const HwIdsWanted& wanted);
    const PnpIds& pnpIds();

private:
    RootFs fs_;
    std::unique_ptr<HwIds> pci_;
    std::unique_ptr<HwIds> usb_;
    std::unique_ptr<PnpIds> pnp_;
};

// One function per collector; each fills the sections its name says (see Collectors.cpp).
using CollectFunction = void (*)(LinuxContext&, inventory::Content&, Report&);

void collectSmbios(LinuxContext& context, inventory::Content& content, Report& report);
void collectCpus(LinuxContext& context, inventory::Content& content, Report& report);
void collectHardware(LinuxContext& context, inventory::Content& content, Report& report);
void collectOperatingSystem(LinuxContext& context, inventory::Content& content, Report& report);
void collectStorages(LinuxContext& context, inventory::Content& content, Report& report);
void collectDrives(LinuxContext& context, inventory::Content& content, Report& report);
void collectNetworks(LinuxContext& context, inventory::Content& content, Report& report);
void collectUsbDevices(LinuxContext& context, inventory::Content& content, Report& report);
void collectControllers(LinuxContext& context, inventory::Content& content, Report& report);
void collectMonitors(LinuxContext& context, inventory::Content& content, Report& report);
void collectBatteries(LinuxContext& context, inventory::Content& content, Report& report);
void collectSoftwares(LinuxContext& context, inventory::Content& content, Report& report);
// Part of softwares: snaps and flatpak applications (Snaps.cpp).
void collectSandboxedApps(const RootFs& fs, inventory::Content& content, Report& report);

}  // namespace parque::agent::platform
