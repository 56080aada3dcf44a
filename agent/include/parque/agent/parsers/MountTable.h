// /proc/self/mounts (same format as /proc/mounts and /etc/mtab) -> the mounted file systems.
//
// Each line is "device mountpoint fstype options dump pass", fields separated by spaces.
// The kernel escapes space, tab, newline and backslash inside a field as \040, \011, \012 and
// \134; every backslash followed by three octal digits (value <= 0377) is decoded, any other
// backslash is kept as is. Lines with fewer than four fields are skipped; the dump and pass
// fields are not kept. Order is the file's order (the mount order), duplicates included.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace parque::agent {

struct Mount {
    std::string device;      // e.g. "/dev/vda", "tmpfs", "server:/export"
    std::string mountPoint;  // decoded, e.g. "/media/My Disk"
    std::string fsType;      // e.g. "ext4", "fuse.sshfs"
    std::string options;     // comma-separated, as the kernel lists them
};

std::vector<Mount> parseMountTable(std::string_view text);

// The \ooo decoding used for every field, exposed for tests and for /proc/self/mountinfo users.
std::string decodeMountField(std::string_view field);

}  // namespace parque::agent
