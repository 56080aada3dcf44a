// SetupAPI device enumeration shared by the USB and monitor collectors: no device is opened.
#pragma once

#include "parque/agent/windows/Win32.h"

#include <optional>
#include <string>
#include <vector>

namespace parque::agent::platform {

class DeviceSet {
public:
    // Present devices of `setupClass` (nullptr: all classes) under `enumerator` (nullptr: all).
    DeviceSet(const GUID* setupClass, const wchar_t* enumerator);
    ~DeviceSet();
    DeviceSet(const DeviceSet&) = delete;
    DeviceSet& operator=(const DeviceSet&) = delete;

    bool valid() const { return set_ != INVALID_HANDLE_VALUE; }
    // The index-th device; false past the last one.
    bool device(DWORD index, SP_DEVINFO_DATA& data) const;
    std::optional<std::string> instanceId(SP_DEVINFO_DATA& data) const;
    // A REG_SZ property (SPDRP_DEVICEDESC, SPDRP_MFG, ...) as UTF-8.
    std::optional<std::string> text(SP_DEVINFO_DATA& data, DWORD property) const;
    // A REG_MULTI_SZ property (SPDRP_HARDWAREID, SPDRP_COMPATIBLEIDS).
    std::vector<std::string> texts(SP_DEVINFO_DATA& data, DWORD property) const;
    // A value of the device's hardware key ("EDID" of a monitor).
    std::optional<std::string> deviceValue(SP_DEVINFO_DATA& data, const wchar_t* name) const;

private:
    std::optional<std::wstring> raw(SP_DEVINFO_DATA& data, DWORD property) const;
    HDEVINFO set_;
};

}  // namespace parque::agent::platform
