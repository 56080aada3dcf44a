// drives from the mount table: the mounted file systems that live on a block device or on the
// network (plus zfs datasets), with their label and UUID from udev's dev/disk/by-* links and, on
// the live system only, their size and free space from statvfs().
#include "parque/agent/linux/LinuxContext.h"
#include "parque/agent/parsers/MountTable.h"

#include <sys/statvfs.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <limits>
#include <set>
#include <utility>

namespace parque::agent::platform {
namespace {

using inventory::Text;
constexpr const char* kName = "drives";

bool startsWith(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

bool isWanted(const Mount& mount) {
    static constexpr std::array<std::string_view, 6> types{"nfs",  "nfs4", "cifs",
                                                           "smb3", "zfs",  "btrfs"};
    return startsWith(mount.device, "/dev/") ||
           std::find(types.begin(), types.end(), mount.fsType) != types.end();
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    const int lower = std::tolower(static_cast<unsigned char>(c));
    return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
}

// udev writes the characters it does not allow in a link name as \xHH ("My\x20Disk").
std::string decodeUdevName(std::string_view name) {
    std::string decoded;
    for (std::size_t i = 0; i < name.size(); ++i) {
        if (name[i] == '\\' && i + 3 < name.size() && name[i + 1] == 'x' &&
            hexValue(name[i + 2]) >= 0 && hexValue(name[i + 3]) >= 0) {
            decoded += static_cast<char>(hexValue(name[i + 2]) * 16 + hexValue(name[i + 3]));
            i += 3;
        } else {
            decoded += name[i];
        }
    }
    return decoded;
}

// The name under dev/disk/by-<kind>/ whose link points at the kernel device `kernelName`.
Text linkTo(const RootFs& fs, const char* kind, const std::string& kernelName) {
    const std::string dir = std::string("dev/disk/") + kind;
    for (const std::string& name : fs.list(dir)) {
        if (fs.linkName(dir + "/" + name) == kernelName) {
            return decodeUdevName(name);
        }
    }
    return std::nullopt;
}

// "/dev/mapper/vg-root" is itself a link to "../dm-0", the name udev's links point at.
std::string kernelName(const RootFs& fs, const std::string& device) {
    if (auto target = fs.linkName(device)) {
        return *target;
    }
    return std::filesystem::path(device).filename().string();
}

// Size and free space in MiB (bytes >> 20), which is what GLPI's "MB" means for drives; free is
// what an unprivileged user may still use (f_bavail), as df shows it.
void addSpace(const RootFs& fs, inventory::Drive& drive) {
    struct statvfs info {};
    if (::statvfs(fs.path(*drive.type).c_str(), &info) != 0) {
        return;
    }
    const std::uint64_t unit = info.f_frsize != 0 ? info.f_frsize : info.f_bsize;
    const std::uint64_t maxBlocks =
        unit == 0 ? 0 : std::numeric_limits<std::uint64_t>::max() / unit;
    if (unit == 0 || info.f_blocks > maxBlocks) {
        return;
    }
    drive.total = static_cast<std::int64_t>((info.f_blocks * unit) >> 20U);
    drive.free = static_cast<std::int64_t>(
        (std::min<std::uint64_t>(info.f_bavail, info.f_blocks) * unit) >> 20U);
}

inventory::Drive describe(const RootFs& fs, const Mount& mount) {
    inventory::Drive drive;
    drive.volumn = mount.device;
    drive.type = mount.mountPoint;
    drive.filesystem = mount.fsType;
    drive.systemdrive = mount.mountPoint == "/";
    if (startsWith(mount.device, "/dev/")) {
        const std::string name = kernelName(fs, mount.device);
        drive.label = linkTo(fs, "by-label", name);
        drive.serial = linkTo(fs, "by-uuid", name);
    }
    if (fs.isLiveSystem()) {
        addSpace(fs, drive);
    }
    return drive;
}

std::optional<std::string> readMountTable(const RootFs& fs, Report& report) {
    FileRead file = fs.read("proc/self/mounts");
    if (!file.data) {
        file = fs.read("proc/mounts");
    }
    if (!file.data) {
        report.add(kName, "proc/mounts", file.problem, file.detail);
    }
    return std::move(file.data);
}

}  // namespace

void collectDrives(LinuxContext& context, inventory::Content& content, Report& report) {
    const RootFs& fs = context.fs();
    const auto table = readMountTable(fs, report);
    if (!table) {
        return;
    }
    std::set<std::pair<std::string, std::string>> seen;
    for (const Mount& mount : parseMountTable(*table)) {
        if (isWanted(mount) && seen.emplace(mount.device, mount.mountPoint).second) {
            content.drives.push_back(describe(fs, mount));
        }
    }
}

}  // namespace parque::agent::platform
