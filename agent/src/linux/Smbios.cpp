// bios, hardware.uuid/chassis_type, memories and a first view of cpus from the raw SMBIOS tables
// (sys/firmware/dmi/tables), falling back to the kernel's sys/class/dmi/id attributes.
#include "parque/agent/linux/LinuxContext.h"
#include "parque/agent/parsers/ParseError.h"
#include "parque/agent/parsers/SmbiosParser.h"
#include "parque/inventory/Placeholders.h"

#include <algorithm>
#include <cctype>

namespace parque::agent::platform {
namespace {

using inventory::Text;
constexpr const char* kName = "smbios";

// Firmware filler ("To Be Filled By O.E.M.", "Not Specified", ...) is no value at all.
Text real(const std::optional<std::string>& value) {
    if (!value || inventory::isPlaceholderSerial(*value)) {
        return std::nullopt;
    }
    return value;
}

// "MM/DD/YYYY" (or "MM/DD/YY") as firmware writes it -> "YYYY-MM-DD".
Text isoDate(const std::optional<std::string>& date) {
    if (!date) {
        return std::nullopt;
    }
    const std::string& d = *date;
    const bool shape = (d.size() == 10 || d.size() == 8) && d[2] == '/' && d[5] == '/' &&
                       std::all_of(d.begin(), d.end(), [](char c) {
                           return c == '/' || std::isdigit(static_cast<unsigned char>(c)) != 0;
                       });
    if (!shape) {
        return std::nullopt;
    }
    std::string year = d.substr(6);
    if (year.size() == 2) {
        year = (year < "70" ? "20" : "19") + year;
    }
    return year + "-" + d.substr(0, 2) + "-" + d.substr(3, 2);
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

Text realUuid(const std::optional<std::string>& uuid) {
    if (!uuid || inventory::isPlaceholderUuid(*uuid)) {
        return std::nullopt;
    }
    return lower(*uuid);
}

void applyTables(const smbios::Tables& t, inventory::Content& content) {
    auto& bios = content.bios.emplace();
    auto& hardware = content.hardware ? *content.hardware : content.hardware.emplace();
    if (t.bios) {
        bios.bmanufacturer = real(t.bios->vendor);
        bios.bversion = real(t.bios->version);
        bios.bdate = isoDate(t.bios->releaseDate);
    }
    if (t.system) {
        bios.smanufacturer = real(t.system->manufacturer);
        bios.smodel = real(t.system->product);
        bios.ssn = real(t.system->serial);
        bios.skunumber = real(t.system->sku);
        hardware.uuid = realUuid(t.system->uuid);
    }
    if (t.board) {
        bios.mmanufacturer = real(t.board->manufacturer);
        bios.mmodel = real(t.board->product);
        bios.msn = real(t.board->serial);
    }
    if (t.chassis) {
        bios.assettag = real(t.chassis->assetTag);
        bios.enclosureserial = real(t.chassis->serial);
        hardware.chassis_type = t.chassis->type;
    }
}

void applyMemories(const smbios::Tables& t, inventory::Content& content) {
    std::int64_t slot = 0;
    for (const auto& device : t.memoryDevices) {
        ++slot;
        if (!device.sizeMb || *device.sizeMb <= 0) {
            continue;  // an empty slot
        }
        inventory::Memory m;
        m.numslots = slot;
        m.caption = device.locator;
        m.description = device.formFactor;
        m.formfactor = device.formFactor;
        m.capacity = device.sizeMb;
        m.type = device.type;
        if (const auto speed =
                device.configuredSpeedMts ? device.configuredSpeedMts : device.speedMts) {
            m.speed = std::to_string(*speed);
        }
        m.manufacturer = real(device.manufacturer);
        m.serialnumber = real(device.serial);
        m.model = real(device.partNumber);
        content.memories.push_back(std::move(m));
    }
}

void applyProcessors(const smbios::Tables& t, inventory::Content& content) {
    for (const auto& p : t.processors) {
        if (!p.populated || !p.isCentralProcessor) {
            continue;
        }
        inventory::Cpu cpu;
        cpu.name = real(p.version);
        cpu.manufacturer = real(p.manufacturer);
        cpu.familyname = p.family;
        cpu.speed = p.currentSpeedMhz ? p.currentSpeedMhz : p.maxSpeedMhz;
        cpu.core = p.coreCount;
        cpu.thread = p.threadCount;
        if (!p.id.empty()) {
            cpu.id = p.id;
        }
        content.cpus.push_back(std::move(cpu));
    }
}

// The kernel's own reading of the same tables, when the raw tables are not readable (non-root on
// old kernels, or firmware without them).
void applyDmiId(const RootFs& fs, inventory::Content& content) {
    const auto attr = [&](const char* name) {
        return real(fs.attribute(std::string("sys/class/dmi/id/") + name));
    };
    auto& bios = content.bios.emplace();
    bios.bmanufacturer = attr("bios_vendor");
    bios.bversion = attr("bios_version");
    bios.bdate = isoDate(fs.attribute("sys/class/dmi/id/bios_date"));
    bios.smanufacturer = attr("sys_vendor");
    bios.smodel = attr("product_name");
    bios.ssn = attr("product_serial");
    bios.skunumber = attr("product_sku");
    bios.mmanufacturer = attr("board_vendor");
    bios.mmodel = attr("board_name");
    bios.msn = attr("board_serial");
    bios.assettag = attr("chassis_asset_tag");
    bios.enclosureserial = attr("chassis_serial");
    auto& hardware = content.hardware ? *content.hardware : content.hardware.emplace();
    hardware.uuid = realUuid(fs.attribute("sys/class/dmi/id/product_uuid"));
}

}  // namespace

void collectSmbios(LinuxContext& context, inventory::Content& content, Report& report) {
    const RootFs& fs = context.fs();
    const auto entryPoint =
        readReported(fs, "sys/firmware/dmi/tables/smbios_entry_point", kName, report, false);
    const auto table =
        entryPoint ? readReported(fs, "sys/firmware/dmi/tables/DMI", kName, report) : std::nullopt;
    if (entryPoint && table) {
        try {
            const smbios::Tables tables = smbios::parse(*entryPoint, *table);
            for (const auto& problem : tables.problems) {
                report.add(kName, "sys/firmware/dmi/tables/DMI", ProblemKind::Malformed, problem);
            }
            applyTables(tables, content);
            applyMemories(tables, content);
            applyProcessors(tables, content);
            return;
        } catch (const ParseError& e) {
            report.add(kName, "sys/firmware/dmi/tables/smbios_entry_point", ProblemKind::Malformed,
                       e.what());
        }
    }
    if (fs.exists("sys/class/dmi/id")) {
        applyDmiId(fs, content);
    } else if (!entryPoint) {
        report.add(kName, "sys/class/dmi/id", ProblemKind::Missing,
                   "no SMBIOS tables on this machine");
    }
}

}  // namespace parque::agent::platform
