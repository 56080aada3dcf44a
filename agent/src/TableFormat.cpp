// The `--format table` summary: what a technician wants to read first, peripherals on top.
#include "parque/agent/InventoryCommand.h"
#include "parque/inventory/PeripheralKind.h"

#include <iomanip>
#include <sstream>

namespace parque::agent {
namespace {

using inventory::Text;

std::string orDash(const Text& text) { return text ? *text : "-"; }

void line(std::ostringstream& out, const char* label, const std::string& value) {
    out << std::left << std::setw(14) << label << value << "\n";
}

void device(std::ostringstream& out, const inventory::Content& c) {
    const auto& hw = c.hardware ? *c.hardware : inventory::Hardware{};
    const auto& bios = c.bios ? *c.bios : inventory::Bios{};
    line(out, "Device", orDash(hw.name) + " (" + orDash(hw.vmsystem) + ")");
    line(out, "Model",
         orDash(bios.smanufacturer) + " " + orDash(bios.smodel) + ", serial " + orDash(bios.ssn));
    line(out, "UUID", orDash(hw.uuid));
    line(
        out, "BIOS",
        orDash(bios.bmanufacturer) + " " + orDash(bios.bversion) + " (" + orDash(bios.bdate) + ")");
    if (c.operatingsystem) {
        const auto& os = *c.operatingsystem;
        line(out, "OS",
             orDash(os.full_name) + ", kernel " + orDash(os.kernel_version) + ", " +
                 orDash(os.arch));
    }
    for (const auto& cpu : c.cpus) {
        line(out, "CPU",
             orDash(cpu.name) + " (" + std::to_string(cpu.core.value_or(0)) + " cores, " +
                 std::to_string(cpu.thread.value_or(0)) + " threads)");
    }
    line(out, "Memory",
         std::to_string(hw.memory.value_or(0)) + " MiB, swap " +
             std::to_string(hw.swap.value_or(0)) + " MiB, " + std::to_string(c.memories.size()) +
             " module(s)");
}

void peripherals(std::ostringstream& out, const inventory::Content& c) {
    out << "\nPeripherals\n";
    for (const auto& usb : c.usbdevices) {
        out << "  " << std::left << std::setw(16)
            << inventory::toString(inventory::classifyUsbDevice(usb)) << orDash(usb.vendorid) << ":"
            << orDash(usb.productid) << "  " << orDash(usb.manufacturer) << " " << orDash(usb.name)
            << "  serial " << orDash(usb.serial) << "\n";
    }
    for (const auto& m : c.monitors) {
        out << "  " << std::left << std::setw(16) << "monitor" << orDash(m.manufacturer) << " "
            << orDash(m.caption) << "  serial " << orDash(m.serial) << "  port " << orDash(m.port)
            << "\n";
    }
    for (const auto& b : c.batteries) {
        out << "  " << std::left << std::setw(16) << "battery" << orDash(b.manufacturer) << " "
            << orDash(b.name) << "  serial " << orDash(b.serial) << "\n";
    }
}

void hardware(std::ostringstream& out, const inventory::Content& c) {
    out << "\nStorage\n";
    for (const auto& s : c.storages) {
        out << "  " << orDash(s.name) << "  " << orDash(s.model) << "  "
            << std::to_string(s.disksize.value_or(0)) << " MB  serial " << orDash(s.serial) << "\n";
    }
    for (const auto& d : c.drives) {
        out << "  " << orDash(d.type) << "  " << orDash(d.filesystem) << "  "
            << std::to_string(d.total.value_or(0)) << " MiB\n";
    }
    out << "\nNetwork\n";
    for (const auto& n : c.networks) {
        out << "  " << std::left << std::setw(12) << n.description << orDash(n.type) << "  "
            << orDash(n.mac) << "  " << orDash(n.ipaddress) << "  " << orDash(n.status) << "\n";
    }
}

}  // namespace

std::string formatTable(const inventory::Content& content) {
    std::ostringstream out;
    device(out, content);
    peripherals(out, content);
    hardware(out, content);
    out << "\nControllers   " << content.controllers.size() << " PCI functions\n";
    out << "Software      " << content.softwares.size() << " packages\n";
    return out.str();
}

}  // namespace parque::agent
