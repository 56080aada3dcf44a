#include "parque/agent/windows/Registry.h"

#include "parque/agent/windows/WideText.h"

#include <algorithm>
#include <cstring>
#include <utility>

namespace parque::agent::platform {
namespace {

constexpr DWORD kMaxValueBytes = 1U << 20;  // 1 MiB: more is not a value the agent reports

std::wstring terminated(std::wstring_view text) { return std::wstring(text); }

}  // namespace

std::optional<RegistryKey> RegistryKey::open(HKEY root, std::wstring_view path, REGSAM view) {
    HKEY key = nullptr;
    if (RegOpenKeyExW(root, terminated(path).c_str(), 0, KEY_READ | view, &key) != ERROR_SUCCESS) {
        return std::nullopt;
    }
    return RegistryKey(key, view);
}

RegistryKey::RegistryKey(RegistryKey&& other) noexcept
    : key_(std::exchange(other.key_, nullptr)), view_(other.view_) {}

RegistryKey& RegistryKey::operator=(RegistryKey&& other) noexcept {
    if (this != &other) {
        if (key_ != nullptr) {
            RegCloseKey(key_);
        }
        key_ = std::exchange(other.key_, nullptr);
        view_ = other.view_;
    }
    return *this;
}

RegistryKey::~RegistryKey() {
    if (key_ != nullptr) {
        RegCloseKey(key_);
    }
}

bool RegistryKey::query(std::wstring_view name, DWORD& type, std::string& data) const {
    const std::wstring valueName = terminated(name);
    DWORD size = 0;
    if (RegQueryValueExW(key_, valueName.c_str(), nullptr, &type, nullptr, &size) !=
            ERROR_SUCCESS ||
        size > kMaxValueBytes) {
        return false;
    }
    // The value may grow between the two calls: retry a few times with the new size.
    for (int attempt = 0; attempt < 3; ++attempt) {
        data.assign(size, '\0');
        DWORD got = size;
        const LSTATUS status = RegQueryValueExW(key_, valueName.c_str(), nullptr, &type,
                                                reinterpret_cast<BYTE*>(data.data()), &got);
        if (status == ERROR_SUCCESS) {
            data.resize(std::min(got, size));
            return true;
        }
        if (status != ERROR_MORE_DATA || got > kMaxValueBytes) {
            return false;
        }
        size = got;
    }
    return false;
}

std::optional<std::string> RegistryKey::text(std::wstring_view name) const {
    DWORD type = 0;
    std::string data;
    if (!query(name, type, data) || (type != REG_SZ && type != REG_EXPAND_SZ)) {
        return std::nullopt;
    }
    std::wstring wide(data.size() / sizeof(wchar_t), L'\0');
    std::memcpy(wide.data(), data.data(), wide.size() * sizeof(wchar_t));
    while (!wide.empty() && wide.back() == L'\0') {
        wide.pop_back();
    }
    if (const auto nul = wide.find(L'\0'); nul != std::wstring::npos) {
        wide.resize(nul);
    }
    if (wide.empty()) {
        return std::nullopt;
    }
    return toUtf8(wide);
}

std::optional<std::uint64_t> RegistryKey::number(std::wstring_view name) const {
    DWORD type = 0;
    std::string data;
    if (!query(name, type, data)) {
        return std::nullopt;
    }
    if (type == REG_DWORD && data.size() == sizeof(std::uint32_t)) {
        std::uint32_t value = 0;
        std::memcpy(&value, data.data(), sizeof value);
        return value;
    }
    if (type == REG_QWORD && data.size() == sizeof(std::uint64_t)) {
        std::uint64_t value = 0;
        std::memcpy(&value, data.data(), sizeof value);
        return value;
    }
    if (const auto digits = text(name);
        digits && digits->size() <= 19 &&
        std::all_of(digits->begin(), digits->end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::stoull(*digits);
    }
    return std::nullopt;
}

std::optional<std::string> RegistryKey::bytes(std::wstring_view name) const {
    DWORD type = 0;
    std::string data;
    if (!query(name, type, data)) {
        return std::nullopt;
    }
    return data;
}

std::vector<std::wstring> RegistryKey::subkeys() const {
    std::vector<std::wstring> names;
    wchar_t name[256];  // the registry's own limit for a key name is 255 characters
    for (DWORD index = 0;; ++index) {
        DWORD length = static_cast<DWORD>(sizeof name / sizeof name[0]);
        const LSTATUS status =
            RegEnumKeyExW(key_, index, name, &length, nullptr, nullptr, nullptr, nullptr);
        if (status == ERROR_NO_MORE_ITEMS) {
            break;
        }
        if (status == ERROR_SUCCESS) {
            names.emplace_back(name, length);
        }
        if (index > 100000) {
            break;  // a registry that never ends is not one to walk
        }
    }
    return names;
}

std::optional<RegistryKey> RegistryKey::child(std::wstring_view path) const {
    return open(key_, path, view_);
}

}  // namespace parque::agent::platform
