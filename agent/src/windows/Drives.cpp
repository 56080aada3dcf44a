// drives: every drive letter with its volume (GetVolumeInformationW, GetDiskFreeSpaceExW).
#include "parque/agent/windows/WideText.h"
#include "parque/agent/windows/WindowsCollectors.h"

#include "parque/agent/windows/Win32.h"

#include <cstdio>
#include <vector>

namespace parque::agent::platform {
namespace {

constexpr const char* kName = "drives";
constexpr ULONGLONG kMb = 1024 * 1024;

const char* driveDescription(UINT type) {
    switch (type) {
    case DRIVE_REMOVABLE:
        return "Removable Disk";
    case DRIVE_FIXED:
        return "Local Disk";
    case DRIVE_REMOTE:
        return "Network Drive";
    case DRIVE_CDROM:
        return "Compact Disc";
    case DRIVE_RAMDISK:
        return "RAM Disk";
    default:
        return "Unknown";
    }
}

std::vector<std::wstring> driveRoots() {
    std::vector<std::wstring> roots;
    wchar_t buffer[512] = {};
    const DWORD length = GetLogicalDriveStringsW(static_cast<DWORD>(std::size(buffer)), buffer);
    if (length == 0 || length >= std::size(buffer)) {
        return roots;
    }
    for (const wchar_t* root = buffer; *root != L'\0'; root += wcslen(root) + 1) {
        roots.emplace_back(root);
    }
    return roots;
}

wchar_t systemDriveLetter() {
    wchar_t windows[MAX_PATH] = {};
    return GetSystemWindowsDirectoryW(windows, MAX_PATH) > 0 ? windows[0] : L'\0';
}

inventory::Drive describe(const std::wstring& root, wchar_t systemLetter) {
    inventory::Drive drive;
    const UINT type = GetDriveTypeW(root.c_str());
    drive.letter = toUtf8(root.substr(0, 2));
    drive.description = driveDescription(type);
    drive.type = drive.description;
    drive.systemdrive = systemLetter != L'\0' && towupper(root[0]) == towupper(systemLetter);
    wchar_t label[MAX_PATH + 1] = {};
    wchar_t filesystem[MAX_PATH + 1] = {};
    DWORD serial = 0;
    if (GetVolumeInformationW(root.c_str(), label, MAX_PATH + 1, &serial, nullptr, nullptr,
                              filesystem, MAX_PATH + 1) != 0) {
        const std::string labelText = bufferToUtf8(label, MAX_PATH + 1);
        if (!labelText.empty()) {
            drive.label = labelText;
        }
        const std::string filesystemText = bufferToUtf8(filesystem, MAX_PATH + 1);
        if (!filesystemText.empty()) {
            drive.filesystem = filesystemText;
        }
        char serialText[16];
        std::snprintf(serialText, sizeof serialText, "%08lX", static_cast<unsigned long>(serial));
        drive.serial = std::string(serialText);
    }
    ULARGE_INTEGER available{};
    ULARGE_INTEGER total{};
    ULARGE_INTEGER free{};
    if (GetDiskFreeSpaceExW(root.c_str(), &available, &total, &free) != 0) {
        drive.total = static_cast<std::int64_t>(total.QuadPart / kMb);
        drive.free = static_cast<std::int64_t>(free.QuadPart / kMb);
    }
    wchar_t volume[64] = {};
    if (GetVolumeNameForVolumeMountPointW(root.c_str(), volume,
                                          static_cast<DWORD>(std::size(volume))) != 0) {
        drive.volumn = bufferToUtf8(volume, std::size(volume));
    }
    return drive;
}

}  // namespace

void collectDrives(inventory::Content& content, Report& report) {
    const std::vector<std::wstring> roots = driveRoots();
    if (roots.empty()) {
        report.add(kName, "GetLogicalDriveStringsW", ProblemKind::Missing, "no drive letters");
        return;
    }
    const wchar_t systemLetter = systemDriveLetter();
    for (const auto& root : roots) {
        const UINT type = GetDriveTypeW(root.c_str());
        // A:/B: floppy drives would spin up (or time out) on GetVolumeInformationW: left out.
        const bool floppy = type == DRIVE_REMOVABLE && (root[0] == L'A' || root[0] == L'B');
        if (type == DRIVE_NO_ROOT_DIR || floppy) {
            continue;
        }
        content.drives.push_back(describe(root, systemLetter));
    }
}

}  // namespace parque::agent::platform
