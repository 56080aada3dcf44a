// storages: the physical disks (\\.\PhysicalDriveN opened for queries only, no read access):
// model, vendor, serial, firmware and bus from IOCTL_STORAGE_QUERY_PROPERTY, the size from
// IOCTL_DISK_GET_LENGTH_INFO and SSD/HDD from the seek-penalty property.
#include "parque/agent/windows/WindowsCollectors.h"
#include "parque/inventory/Placeholders.h"

#include "parque/agent/windows/Win32.h"

#include <vector>

namespace parque::agent::platform {
namespace {

constexpr const char* kName = "storages";
constexpr int kMaxDisks = 64;
constexpr LONGLONG kBytesPerMb = 1000 * 1000;

class Handle {
public:
    explicit Handle(HANDLE handle) : handle_(handle) {}
    ~Handle() {
        if (valid()) {
            CloseHandle(handle_);
        }
    }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    bool valid() const { return handle_ != INVALID_HANDLE_VALUE; }
    HANDLE get() const { return handle_; }

private:
    HANDLE handle_;
};

// The NUL-terminated string at `offset` of the descriptor, trimmed; nullopt for offset 0.
std::optional<std::string> descriptorText(const std::vector<char>& buffer, DWORD offset) {
    if (offset == 0 || offset >= buffer.size()) {
        return std::nullopt;
    }
    std::string text(&buffer[offset], strnlen(&buffer[offset], buffer.size() - offset));
    text.erase(0, text.find_first_not_of(' '));
    text.erase(text.find_last_not_of(' ') + 1);
    return text.empty() ? std::nullopt : std::optional<std::string>(text);
}

std::optional<std::string> busName(STORAGE_BUS_TYPE bus) {
    switch (bus) {
    case BusTypeNvme:
        return "NVMe";
    case BusTypeUsb:
        return "USB";
    case BusTypeSata:
    case BusTypeAta:
        return "SATA";
    case BusTypeScsi:
    case BusTypeSas:
    case BusTypeRAID:
        return "SCSI";
    default:
        return std::nullopt;
    }
}

bool ioctl(HANDLE disk, DWORD code, STORAGE_PROPERTY_QUERY* query, void* out, DWORD outSize) {
    DWORD returned = 0;
    return DeviceIoControl(disk, code, query, query == nullptr ? 0 : sizeof *query, out, outSize,
                           &returned, nullptr) != 0;
}

void describeDevice(HANDLE disk, inventory::Storage& storage) {
    STORAGE_PROPERTY_QUERY query{};
    query.PropertyId = StorageDeviceProperty;
    query.QueryType = PropertyStandardQuery;
    std::vector<char> buffer(4096);
    if (!ioctl(disk, IOCTL_STORAGE_QUERY_PROPERTY, &query, buffer.data(),
               static_cast<DWORD>(buffer.size()))) {
        return;
    }
    const auto* device = reinterpret_cast<const STORAGE_DEVICE_DESCRIPTOR*>(buffer.data());
    storage.manufacturer = descriptorText(buffer, device->VendorIdOffset);
    storage.model = descriptorText(buffer, device->ProductIdOffset);
    storage.firmware = descriptorText(buffer, device->ProductRevisionOffset);
    if (const auto serial = descriptorText(buffer, device->SerialNumberOffset);
        serial && !inventory::isPlaceholderSerial(*serial)) {
        storage.serial = serial;
    }
    storage.interface = busName(device->BusType);
    storage.type = device->RemovableMedia != 0 ? "removable" : "disk";
}

}  // namespace

void collectStorages(inventory::Content& content, Report& report) {
    for (int index = 0; index < kMaxDisks; ++index) {
        const std::wstring path = L"\\\\.\\PhysicalDrive" + std::to_wstring(index);
        // No access rights: enough for the queries, and the disk's content is never readable.
        const Handle disk(CreateFileW(path.c_str(), 0, FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr,
                                      OPEN_EXISTING, 0, nullptr));
        if (!disk.valid()) {
            continue;
        }
        inventory::Storage storage;
        storage.name = "PhysicalDrive" + std::to_string(index);
        describeDevice(disk.get(), storage);
        GET_LENGTH_INFORMATION length{};
        if (ioctl(disk.get(), IOCTL_DISK_GET_LENGTH_INFO, nullptr, &length, sizeof length) &&
            length.Length.QuadPart > 0) {
            storage.disksize = length.Length.QuadPart / kBytesPerMb;
        }
        STORAGE_PROPERTY_QUERY seek{};
        seek.PropertyId = StorageDeviceSeekPenaltyProperty;
        seek.QueryType = PropertyStandardQuery;
        DEVICE_SEEK_PENALTY_DESCRIPTOR penalty{};
        if (ioctl(disk.get(), IOCTL_STORAGE_QUERY_PROPERTY, &seek, &penalty, sizeof penalty)) {
            storage.description = penalty.IncursSeekPenalty != 0 ? "HDD" : "SSD";
        }
        content.storages.push_back(std::move(storage));
    }
    if (content.storages.empty()) {
        report.add(kName, "\\\\.\\PhysicalDrive*", ProblemKind::Missing,
                   "no physical disk could be opened for queries");
    }
}

}  // namespace parque::agent::platform
