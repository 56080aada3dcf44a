// Every file the Linux collectors read goes through a RootFs: paths are relative to a root folder
// ("/" on a live machine, a fixture tree in tests), the way hwloc's HWLOC_FSROOT works.
#pragma once

#include "parque/agent/Report.h"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parque::agent::platform {

struct FileRead {
    std::optional<std::string> data;  // nullopt on failure
    ProblemKind problem = ProblemKind::Missing;
    std::string detail;  // why it failed
};

class RootFs {
public:
    explicit RootFs(std::filesystem::path root);

    const std::filesystem::path& root() const { return root_; }
    bool isLiveSystem() const { return live_; }
    std::filesystem::path path(std::string_view relative) const;

    // The whole file, up to maxBytes (a larger file is Malformed: nothing is read past the cap).
    FileRead read(std::string_view relative, std::size_t maxBytes = std::size_t{64} << 20U) const;
    // The first line of a small attribute file (sysfs style) without trailing whitespace;
    // nullopt when missing, unreadable or empty.
    std::optional<std::string> attribute(std::string_view relative) const;
    std::optional<std::int64_t> integerAttribute(std::string_view relative, int base = 10) const;
    // Entry names of a directory, sorted; empty when it does not exist.
    std::vector<std::string> list(std::string_view relative) const;
    bool exists(std::string_view relative) const;
    // The last component of a symlink's target ("e1000e" for device/driver); nullopt if no link.
    std::optional<std::string> linkName(std::string_view relative) const;
    // A symlink's target resolved inside the root, relative to it ("sys/devices/pci0000:00/...").
    std::optional<std::string> resolvedLink(std::string_view relative) const;

private:
    std::filesystem::path root_;
    bool live_;
};

// A file read, reported to `report` under `collector` when it fails; nullopt then.
std::optional<std::string> readReported(const RootFs& fs, std::string_view relative,
                                        const char* collector, Report& report,
                                        bool missingIsProblem = true);

}  // namespace parque::agent::platform
