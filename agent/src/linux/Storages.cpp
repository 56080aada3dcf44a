// storages from the kernel's block devices (sys/block/<dev>): the whole disks, optical drives and
// removable media, without the virtual ones (loop, ram, zram, device-mapper, md, nbd).
#include "parque/agent/linux/LinuxContext.h"
#include "parque/inventory/Placeholders.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <limits>

namespace parque::agent::platform {
namespace {

using inventory::Text;
constexpr const char* kName = "storages";
constexpr std::int64_t sectorBytes = 512;  // sys/block/<dev>/size is always in 512-byte units
constexpr std::int64_t bytesPerMb = 1000000;

bool startsWith(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

bool isVirtual(std::string_view name) {
    static constexpr std::array<std::string_view, 6> prefixes{"loop", "ram", "zram",
                                                              "dm-",  "md",  "nbd"};
    return std::any_of(prefixes.begin(), prefixes.end(),
                       [&](std::string_view prefix) { return startsWith(name, prefix); });
}

// Without the blanks SCSI INQUIRY strings and NVMe identify fields are padded with, and without
// control characters; nullopt when nothing is left.
Text cleaned(const std::optional<std::string>& value) {
    if (!value) {
        return std::nullopt;
    }
    const auto printable = [](unsigned char c) { return c > ' ' && c < 0x7F; };
    const auto first = std::find_if(value->begin(), value->end(), [&](char c) {
        return printable(static_cast<unsigned char>(c));
    });
    const auto last = std::find_if(value->rbegin(), value->rend(), [&](char c) {
        return printable(static_cast<unsigned char>(c));
    });
    if (first == value->end()) {
        return std::nullopt;
    }
    std::string text(first, last.base());
    if (std::any_of(text.begin(), text.end(), [](char c) {
            return static_cast<unsigned char>(c) < ' ' || static_cast<unsigned char>(c) >= 0x7F;
        })) {
        return std::nullopt;
    }
    return text;
}

Text realSerial(Text serial) {
    if (!serial || inventory::isPlaceholderSerial(*serial)) {
        return std::nullopt;
    }
    return serial;
}

// VPD page 0x80 (unit serial number): a 4-byte header whose bytes 2-3 are the big-endian page
// length, then the serial in ASCII.
Text vpdSerial(const RootFs& fs, const std::string& dir) {
    const FileRead page = fs.read(dir + "/device/vpd_pg80", 4096);
    if (!page.data || page.data->size() < 4 ||
        static_cast<unsigned char>((*page.data)[1]) != 0x80) {
        return std::nullopt;
    }
    const std::string& data = *page.data;
    const std::size_t length =
        (static_cast<std::size_t>(static_cast<unsigned char>(data[2])) << 8U) |
        static_cast<unsigned char>(data[3]);
    return cleaned(data.substr(4, std::min(length, data.size() - 4)));
}

// A disk behind usb-storage: the serial of the USB device (the ancestor folder with idVendor),
// since usb-storage asks the stick for no VPD pages.
Text usbSerial(const RootFs& fs, const std::optional<std::string>& devicePath) {
    if (!devicePath || devicePath->find("/usb") == std::string::npos) {
        return std::nullopt;
    }
    for (std::filesystem::path dir(*devicePath); dir.has_relative_path() && dir != "sys/devices";
         dir = dir.parent_path()) {
        if (fs.exists(dir.string() + "/idVendor")) {
            return realSerial(cleaned(fs.attribute(dir.string() + "/serial")));
        }
    }
    return std::nullopt;
}

// udev's database entry of the disk (run/udev/data/b<major>:<minor>, "E:ID_SERIAL_SHORT=...").
Text udevSerial(const RootFs& fs, const std::string& dir) {
    const auto numbers = fs.attribute(dir + "/dev");
    if (!numbers || numbers->find('/') != std::string::npos) {
        return std::nullopt;
    }
    const FileRead data = fs.read("run/udev/data/b" + *numbers, 1U << 20U);
    static constexpr std::string_view key = "\nE:ID_SERIAL_SHORT=";
    const std::string text = "\n" + data.data.value_or("");
    const auto start = text.find(key);
    if (start == std::string::npos) {
        return std::nullopt;
    }
    const auto begin = start + key.size();
    return realSerial(cleaned(text.substr(begin, text.find('\n', begin) - begin)));
}

inventory::Int diskSize(const RootFs& fs, const std::string& dir) {
    const auto sectors = fs.integerAttribute(dir + "/size");
    if (!sectors || *sectors <= 0 ||
        *sectors > std::numeric_limits<std::int64_t>::max() / sectorBytes) {
        return std::nullopt;  // 0: no medium (empty optical drive or card reader)
    }
    return *sectors * sectorBytes / bytesPerMb;
}

Text manufacturer(const RootFs& fs, const std::string& dir) {
    Text vendor = cleaned(fs.attribute(dir + "/device/vendor"));
    // libata reports "ATA" for every disk; virtio devices have a PCI-style "0x1af4" vendor file.
    if (!vendor || *vendor == "ATA" || startsWith(*vendor, "0x")) {
        return std::nullopt;
    }
    return vendor;
}

// The bus the disk hangs from, read from its device path.
Text interfaceOf(const RootFs& fs, const std::string& dir) {
    auto path = fs.resolvedLink(dir);
    if (!path) {
        path = fs.resolvedLink(dir + "/device");
    }
    if (!path) {
        return std::nullopt;
    }
    static constexpr std::array<std::pair<std::string_view, const char*>, 5> buses{{
        {"/nvme", "NVMe"},
        {"/usb", "USB"},
        {"/ata", "SATA"},
        {"/virtio", nullptr},
        {"/host", "SCSI"},
    }};
    const std::string text = "/" + *path;
    for (const auto& [marker, bus] : buses) {
        if (text.find(marker) != std::string::npos) {
            return bus == nullptr ? Text() : Text(bus);
        }
    }
    return std::nullopt;
}

// "naa.5002538e40c12345" / "eui.0025385b71b0abcd" -> the identifier after the dot.
Text worldWideName(const RootFs& fs, const std::string& dir) {
    for (const char* file : {"/device/wwid", "/wwid"}) {
        const Text wwid = cleaned(fs.attribute(dir + file));
        if (wwid && (startsWith(*wwid, "naa.") || startsWith(*wwid, "eui.")) && wwid->size() > 4) {
            return wwid->substr(4);
        }
    }
    return std::nullopt;
}

Text description(const RootFs& fs, const std::string& dir, const std::string& name) {
    if (startsWith(name, "nvme")) {
        return "SSD";
    }
    const auto rotational = fs.integerAttribute(dir + "/queue/rotational");
    if (!rotational || startsWith(name, "sr")) {
        return std::nullopt;
    }
    return *rotational == 0 ? "SSD" : "HDD";
}

inventory::Storage describe(const RootFs& fs, const std::string& name) {
    const std::string dir = "sys/block/" + name;
    inventory::Storage storage;
    storage.name = name;
    storage.disksize = diskSize(fs, dir);
    storage.model = cleaned(fs.attribute(dir + "/device/model"));
    storage.manufacturer = manufacturer(fs, dir);
    storage.serial = realSerial(cleaned(fs.attribute(dir + "/device/serial")));
    if (!storage.serial) {
        storage.serial = realSerial(vpdSerial(fs, dir));
    }
    if (!storage.serial) {
        storage.serial = realSerial(cleaned(fs.attribute(dir + "/serial")));  // virtio_blk
    }
    if (!storage.serial) {
        storage.serial = usbSerial(fs, fs.resolvedLink(dir));
    }
    if (!storage.serial) {
        storage.serial = udevSerial(fs, dir);
    }
    storage.firmware = cleaned(fs.attribute(dir + "/device/rev"));
    if (!storage.firmware) {
        storage.firmware = cleaned(fs.attribute(dir + "/device/firmware_rev"));
    }
    if (startsWith(name, "sr")) {
        storage.type = "cdrom";
    } else {
        storage.type = fs.integerAttribute(dir + "/removable") == 1 ? "removable" : "disk";
    }
    storage.description = description(fs, dir, name);
    storage.interface = interfaceOf(fs, dir);
    storage.wwn = worldWideName(fs, dir);
    return storage;
}

}  // namespace

void collectStorages(LinuxContext& context, inventory::Content& content, Report& report) {
    const RootFs& fs = context.fs();
    if (!fs.exists("sys/block")) {
        report.add(kName, "sys/block", ProblemKind::Missing, "no block devices in sysfs");
        return;
    }
    for (const std::string& name : fs.list("sys/block")) {
        std::error_code error;
        if (isVirtual(name) ||
            !std::filesystem::is_directory(fs.path("sys/block/" + name), error)) {
            continue;
        }
        content.storages.push_back(describe(fs, name));
    }
}

}  // namespace parque::agent::platform
