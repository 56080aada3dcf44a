// softwares: the Uninstall keys of the 64-bit and 32-bit registry views (WOW6432Node) and of the
// user hives that are loaded (HKEY_USERS\<SID>), the way Windows' own "Apps" list finds them; and
// the installed updates (KB...) from the servicing stack's package list, as "Installed updates"
// shows them.
#include "parque/agent/windows/Registry.h"
#include "parque/agent/windows/WideText.h"
#include "parque/agent/windows/WindowsCollectors.h"

#include "parque/agent/windows/Win32.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <iterator>

namespace parque::agent::platform {
namespace {

constexpr const char* kName = "softwares";
constexpr const wchar_t* kUninstall = L"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall";
constexpr const wchar_t* kPackages =
    L"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\Packages";
constexpr std::uint64_t kPackageInstalled = 0x70;  // CurrentState of an installed package

bool isGuid(const std::string& text) {
    return text.size() == 38 && text.front() == '{' && text.back() == '}';
}

std::optional<std::string> accountName(const std::wstring& sidText) {
    PSID sid = nullptr;
    if (ConvertStringSidToSidW(sidText.c_str(), &sid) == 0) {
        return std::nullopt;
    }
    wchar_t name[256] = {};
    wchar_t domain[256] = {};
    DWORD nameSize = static_cast<DWORD>(std::size(name));
    DWORD domainSize = static_cast<DWORD>(std::size(domain));
    SID_NAME_USE use = SidTypeUnknown;
    const bool found =
        LookupAccountSidW(nullptr, sid, name, &nameSize, domain, &domainSize, &use) != 0;
    LocalFree(sid);
    return found ? std::optional<std::string>(bufferToUtf8(name, std::size(name))) : std::nullopt;
}

struct Origin {
    const char* arch;                   // of the programs this view lists
    std::optional<std::string> userid;  // the SID for a user hive
    std::optional<std::string> username;
};

std::optional<inventory::Software> software(const RegistryKey& key, const std::wstring& keyName,
                                            const Origin& origin) {
    const auto name = key.text(L"DisplayName");
    if (!name) {
        return std::nullopt;  // a key without a name is a component, not a program
    }
    inventory::Software s;
    s.name = *name;
    s.version = key.text(L"DisplayVersion");
    s.publisher = key.text(L"Publisher");
    s.comments = key.text(L"Comments");
    s.uninstall_string = key.text(L"UninstallString");
    s.url_info_about = key.text(L"URLInfoAbout");
    s.helplink = key.text(L"HelpLink");
    s.folder = key.text(L"InstallLocation");
    s.release_type = key.text(L"ReleaseType");
    if (const auto date = key.text(L"InstallDate")) {
        s.install_date = uninstallDate(*date);
    }
    if (const auto size = key.number(L"EstimatedSize"); size && *size > 0) {
        s.filesize = static_cast<std::int64_t>(*size * 1024);  // the key says KiB
    }
    if (const auto major = key.number(L"VersionMajor")) {
        s.version_major = std::to_string(*major);
    }
    if (const auto minor = key.number(L"VersionMinor")) {
        s.version_minor = std::to_string(*minor);
    }
    if (const auto noRemove = key.number(L"NoRemove")) {
        s.no_remove = *noRemove != 0;
    }
    if (key.number(L"SystemComponent").value_or(0) != 0) {
        s.system_category = "system_component";
    }
    const std::string guid = toUtf8(keyName);
    if (isGuid(guid)) {
        s.guid = guid;
    }
    s.arch = origin.arch;
    s.from = "registry";
    s.userid = origin.userid;
    s.username = origin.username;
    return s;
}

void readUninstall(HKEY root, const std::wstring& path, REGSAM view, const Origin& origin,
                   std::vector<inventory::Software>& out) {
    const auto uninstall = RegistryKey::open(root, path, view);
    if (!uninstall) {
        return;  // a view or hive without the key has no programs
    }
    for (const std::wstring& keyName : uninstall->subkeys()) {
        if (const auto key = uninstall->child(keyName)) {
            if (auto s = software(*key, keyName, origin)) {
                out.push_back(std::move(*s));
            }
        }
    }
}

// FILETIME halves (100 ns since 1601) -> "YYYY-MM-DD" in UTC.
std::optional<std::string> fileTimeDate(std::uint64_t high, std::uint64_t low) {
    FILETIME time{static_cast<DWORD>(low), static_cast<DWORD>(high)};
    SYSTEMTIME utc{};
    if ((high == 0 && low == 0) || FileTimeToSystemTime(&time, &utc) == 0) {
        return std::nullopt;
    }
    char text[16];
    std::snprintf(text, sizeof text, "%04u-%02u-%02u", static_cast<unsigned>(utc.wYear),
                  static_cast<unsigned>(utc.wMonth), static_cast<unsigned>(utc.wDay));
    return std::string(text);
}

// One entry per installed update, though the servicing stack keeps several packages per KB (not
// all of them with the install time).
void readUpdates(std::vector<inventory::Software>& out) {
    const auto packages = RegistryKey::open(HKEY_LOCAL_MACHINE, kPackages, KEY_WOW64_64KEY);
    if (!packages) {
        return;
    }
    std::vector<inventory::Software> updates;
    for (const std::wstring& keyName : packages->subkeys()) {
        const auto id = hotfixId(toUtf8(keyName));
        const auto key = id ? packages->child(keyName) : std::nullopt;
        if (!key || key->number(L"CurrentState") != kPackageInstalled) {
            continue;
        }
        auto update = std::find_if(updates.begin(), updates.end(),
                                   [&](const inventory::Software& u) { return u.name == *id; });
        if (update == updates.end()) {
            update = updates.insert(updates.end(), inventory::Software{});
            update->name = *id;
            update->release_type = "hotfix";
            update->from = "registry";
            update->arch = keyName.find(L"~x86~") != std::wstring::npos ? "i586" : "x86_64";
        }
        if (!update->install_date) {
            update->install_date = fileTimeDate(key->number(L"InstallTimeHigh").value_or(0),
                                                key->number(L"InstallTimeLow").value_or(0));
        }
    }
    std::move(updates.begin(), updates.end(), std::back_inserter(out));
}

}  // namespace

std::optional<std::string> hotfixId(std::string_view packageName) {
    const std::size_t at = packageName.find("_for_KB");
    if (packageName.rfind("Package_", 0) != 0 || at == std::string_view::npos) {
        return std::nullopt;
    }
    std::size_t end = at + 7;
    while (end < packageName.size() &&
           std::isdigit(static_cast<unsigned char>(packageName[end])) != 0) {
        ++end;
    }
    if (end == at + 7 ||
        (end < packageName.size() && packageName[end] != '~' && packageName[end] != '_')) {
        return std::nullopt;
    }
    return std::string(packageName.substr(at + 5, end - at - 5));
}

std::optional<std::string> uninstallDate(std::string_view text) {
    if (text.size() != 8 || !std::all_of(text.begin(), text.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c)) != 0;
        })) {
        return std::nullopt;
    }
    const std::string date = std::string(text.substr(0, 4)) + "-" + std::string(text.substr(4, 2)) +
                             "-" + std::string(text.substr(6, 2));
    const int month = std::stoi(date.substr(5, 2));
    const int day = std::stoi(date.substr(8, 2));
    if (month < 1 || month > 12 || day < 1 || day > 31) {
        return std::nullopt;
    }
    return date;
}

void collectSoftwares(inventory::Content& content, Report& report) {
    std::vector<inventory::Software> found;
    readUninstall(HKEY_LOCAL_MACHINE, kUninstall, KEY_WOW64_64KEY, {"x86_64", {}, {}}, found);
    readUninstall(HKEY_LOCAL_MACHINE, kUninstall, KEY_WOW64_32KEY, {"i586", {}, {}}, found);
    if (const auto users = RegistryKey::open(HKEY_USERS, L"")) {
        for (const std::wstring& sid : users->subkeys()) {
            // Each loaded hive is listed twice: "<SID>" and "<SID>_Classes".
            if (sid.size() > 8 && sid.compare(sid.size() - 8, 8, L"_Classes") == 0) {
                continue;
            }
            const Origin origin{"x86_64", toUtf8(sid), accountName(sid)};
            readUninstall(HKEY_USERS, sid + L"\\" + kUninstall, KEY_WOW64_64KEY, origin, found);
        }
    }
    readUpdates(found);
    if (found.empty()) {
        report.add(kName, "registry Uninstall keys", ProblemKind::Missing, "no installed program");
    }
    content.softwares = std::move(found);
}

}  // namespace parque::agent::platform
