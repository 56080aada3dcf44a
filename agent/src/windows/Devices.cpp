#include "Devices.h"

#include "parque/agent/windows/Registry.h"
#include "parque/agent/windows/WideText.h"

namespace parque::agent::platform {

DeviceSet::DeviceSet(const GUID* setupClass, const wchar_t* enumerator)
    : set_(SetupDiGetClassDevsW(setupClass, enumerator, nullptr,
                                DIGCF_PRESENT | (setupClass == nullptr ? DIGCF_ALLCLASSES : 0))) {}

DeviceSet::~DeviceSet() {
    if (valid()) {
        SetupDiDestroyDeviceInfoList(set_);
    }
}

bool DeviceSet::device(DWORD index, SP_DEVINFO_DATA& data) const {
    data = SP_DEVINFO_DATA{};
    data.cbSize = sizeof data;
    return valid() && SetupDiEnumDeviceInfo(set_, index, &data) != 0;
}

std::optional<std::string> DeviceSet::instanceId(SP_DEVINFO_DATA& data) const {
    wchar_t id[MAX_DEVICE_ID_LEN + 1] = {};
    if (SetupDiGetDeviceInstanceIdW(set_, &data, id, MAX_DEVICE_ID_LEN + 1, nullptr) == 0) {
        return std::nullopt;
    }
    return bufferToUtf8(id, MAX_DEVICE_ID_LEN + 1);
}

std::optional<std::wstring> DeviceSet::raw(SP_DEVINFO_DATA& data, DWORD property) const {
    DWORD type = 0;
    DWORD size = 0;
    SetupDiGetDeviceRegistryPropertyW(set_, &data, property, &type, nullptr, 0, &size);
    if (size == 0 || size > 64 * 1024) {
        return std::nullopt;
    }
    std::wstring buffer((size + 1) / sizeof(wchar_t) + 1, L'\0');
    if (SetupDiGetDeviceRegistryPropertyW(set_, &data, property, &type,
                                          reinterpret_cast<BYTE*>(buffer.data()), size,
                                          nullptr) == 0 ||
        (type != REG_SZ && type != REG_MULTI_SZ)) {
        return std::nullopt;
    }
    return buffer;
}

std::optional<std::string> DeviceSet::text(SP_DEVINFO_DATA& data, DWORD property) const {
    const auto buffer = raw(data, property);
    if (!buffer) {
        return std::nullopt;
    }
    std::string value = bufferToUtf8(buffer->c_str(), buffer->size());
    return value.empty() ? std::nullopt : std::optional<std::string>(value);
}

std::vector<std::string> DeviceSet::texts(SP_DEVINFO_DATA& data, DWORD property) const {
    std::vector<std::string> values;
    const auto buffer = raw(data, property);
    if (!buffer) {
        return values;
    }
    for (std::size_t at = 0; at < buffer->size() && (*buffer)[at] != L'\0';) {
        const std::size_t end = buffer->find(L'\0', at);
        values.push_back(toUtf8(std::wstring_view(*buffer).substr(at, end - at)));
        at = end == std::wstring::npos ? buffer->size() : end + 1;
    }
    return values;
}

std::optional<std::string> DeviceSet::deviceValue(SP_DEVINFO_DATA& data,
                                                  const wchar_t* name) const {
    const HKEY key = SetupDiOpenDevRegKey(set_, &data, DICS_FLAG_GLOBAL, 0, DIREG_DEV, KEY_READ);
    if (key == INVALID_HANDLE_VALUE || key == nullptr) {
        return std::nullopt;
    }
    DWORD type = 0;
    DWORD size = 0;
    std::optional<std::string> value;
    if (RegQueryValueExW(key, name, nullptr, &type, nullptr, &size) == ERROR_SUCCESS && size > 0 &&
        size <= 64 * 1024) {
        std::string bytes(size, '\0');
        if (RegQueryValueExW(key, name, nullptr, &type, reinterpret_cast<BYTE*>(bytes.data()),
                             &size) == ERROR_SUCCESS) {
            bytes.resize(size);
            value = std::move(bytes);
        }
    }
    RegCloseKey(key);
    return value;
}

}  // namespace parque::agent::platform
