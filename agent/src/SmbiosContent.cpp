#include "parque/agent/SmbiosContent.h"

#include "parque/inventory/Placeholders.h"

#include <algorithm>
#include <cctype>

namespace parque::agent {
namespace {

using inventory::Text;

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

void applyTables(const smbios::Tables& t, inventory::Content& content) {
    auto& bios = content.bios.emplace();
    auto& hardware = content.hardware ? *content.hardware : content.hardware.emplace();
    if (t.bios) {
        bios.bmanufacturer = realSmbiosText(t.bios->vendor);
        bios.bversion = realSmbiosText(t.bios->version);
        bios.bdate = smbiosIsoDate(t.bios->releaseDate);
    }
    if (t.system) {
        bios.smanufacturer = realSmbiosText(t.system->manufacturer);
        bios.smodel = realSmbiosText(t.system->product);
        bios.ssn = realSmbiosText(t.system->serial);
        bios.skunumber = realSmbiosText(t.system->sku);
        hardware.uuid = realSmbiosUuid(t.system->uuid);
    }
    if (t.board) {
        bios.mmanufacturer = realSmbiosText(t.board->manufacturer);
        bios.mmodel = realSmbiosText(t.board->product);
        bios.msn = realSmbiosText(t.board->serial);
    }
    if (t.chassis) {
        bios.assettag = realSmbiosText(t.chassis->assetTag);
        bios.enclosureserial = realSmbiosText(t.chassis->serial);
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
        m.manufacturer = realSmbiosText(device.manufacturer);
        m.serialnumber = realSmbiosText(device.serial);
        m.model = realSmbiosText(device.partNumber);
        content.memories.push_back(std::move(m));
    }
}

void applyProcessors(const smbios::Tables& t, inventory::Content& content) {
    for (const auto& p : t.processors) {
        if (!p.populated || !p.isCentralProcessor) {
            continue;
        }
        inventory::Cpu cpu;
        cpu.name = realSmbiosText(p.version);
        cpu.manufacturer = realSmbiosText(p.manufacturer);
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

}  // namespace

Text realSmbiosText(const std::optional<std::string>& value) {
    if (!value || inventory::isPlaceholderSerial(*value)) {
        return std::nullopt;
    }
    return value;
}

Text smbiosIsoDate(const std::optional<std::string>& date) {
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

Text realSmbiosUuid(const std::optional<std::string>& uuid) {
    if (!uuid || inventory::isPlaceholderUuid(*uuid)) {
        return std::nullopt;
    }
    return lower(*uuid);
}

void applySmbiosTables(const smbios::Tables& tables, inventory::Content& content) {
    applyTables(tables, content);
    applyMemories(tables, content);
    applyProcessors(tables, content);
}

}  // namespace parque::agent
