// Read-only access to the Windows registry: an owned key, its values as UTF-8 or numbers, and its
// subkeys. Every failure is "no value" (nullopt / empty): the collectors decide what is a problem.
#pragma once

#include "parque/agent/windows/Win32.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parque::agent::platform {

class RegistryKey {
public:
    // `view` is 0, KEY_WOW64_64KEY or KEY_WOW64_32KEY (the 32-bit programs' WOW6432Node).
    static std::optional<RegistryKey> open(HKEY root, std::wstring_view path, REGSAM view = 0);

    RegistryKey(RegistryKey&& other) noexcept;
    RegistryKey& operator=(RegistryKey&& other) noexcept;
    RegistryKey(const RegistryKey&) = delete;
    RegistryKey& operator=(const RegistryKey&) = delete;
    ~RegistryKey();

    // REG_SZ and REG_EXPAND_SZ (not expanded) as UTF-8 without trailing NULs; nullopt when
    // missing, of another type or empty.
    std::optional<std::string> text(std::wstring_view name) const;
    // REG_DWORD and REG_QWORD; also a REG_SZ made of decimal digits.
    std::optional<std::uint64_t> number(std::wstring_view name) const;
    // The raw bytes of any value (REG_BINARY: EDID blocks).
    std::optional<std::string> bytes(std::wstring_view name) const;
    // The names of the subkeys, in registry order.
    std::vector<std::wstring> subkeys() const;
    // A subkey opened with this key's view.
    std::optional<RegistryKey> child(std::wstring_view path) const;

    HKEY handle() const { return key_; }

private:
    RegistryKey(HKEY key, REGSAM view) : key_(key), view_(view) {}
    bool query(std::wstring_view name, DWORD& type, std::string& data) const;

    HKEY key_ = nullptr;
    REGSAM view_ = 0;
};

}  // namespace parque::agent::platform
