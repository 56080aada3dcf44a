// Registry software as seeded by seed-wine-prefix: the 64-bit view, the 32-bit view reached
// through WOW6432Node, and the current user's hive.
#include "parque/agent/windows/Registry.h"
#include "parque/agent/windows/WindowsCollectors.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace parque;
using namespace parque::agent;

namespace {

const inventory::Software* find(const std::vector<inventory::Software>& all,
                                const std::string& name) {
    const auto it = std::find_if(all.begin(), all.end(),
                                 [&](const inventory::Software& s) { return s.name == name; });
    return it == all.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("Windows: registry keys read through both views", "[windows][registry]") {
    const wchar_t* path = L"Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall";
    const auto view64 = platform::RegistryKey::open(HKEY_LOCAL_MACHINE, path, KEY_WOW64_64KEY);
    const auto view32 = platform::RegistryKey::open(HKEY_LOCAL_MACHINE, path, KEY_WOW64_32KEY);
    REQUIRE(view64);
    REQUIRE(view32);
    const auto names64 = view64->subkeys();
    const auto names32 = view32->subkeys();
    CHECK(std::count(names64.begin(), names64.end(), L"ParquePosDriver") == 1);
    CHECK(std::count(names64.begin(), names64.end(), L"ParqueLegacyReader") == 0);
    CHECK(std::count(names32.begin(), names32.end(), L"ParqueLegacyReader") == 1);
    const auto legacy = platform::RegistryKey::open(
        HKEY_LOCAL_MACHINE,
        L"Software\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\ParqueLegacyReader",
        KEY_WOW64_64KEY);
    REQUIRE(legacy);
    CHECK(legacy->text(L"DisplayName") == std::optional<std::string>("Parque Legacy Card Reader"));
    const auto pos = view64->child(L"ParquePosDriver");
    REQUIRE(pos);
    CHECK(pos->number(L"EstimatedSize") == std::optional<std::uint64_t>(1024));
    CHECK(pos->number(L"InstallDate") == std::optional<std::uint64_t>(20240131));
    CHECK_FALSE(pos->text(L"NoSuchValue"));
    CHECK_FALSE(pos->text(L"EstimatedSize"));  // a DWORD is not text
    CHECK_FALSE(platform::RegistryKey::open(HKEY_LOCAL_MACHINE, L"Software\\NoSuchKeyAnywhere"));
}

TEST_CASE("Windows: softwares lists exactly the seeded programs with their details",
          "[windows][software]") {
    inventory::Content content;
    Report report;
    platform::collectSoftwares(content, report);
    const auto& all = content.softwares;

    const auto* pos = find(all, "Parque POS Driver");
    REQUIRE(pos);
    CHECK(pos->version == std::optional<std::string>("2.4.1"));
    CHECK(pos->publisher == std::optional<std::string>("Parque Test Vendor"));
    CHECK(pos->install_date == std::optional<std::string>("2024-01-31"));
    CHECK(pos->filesize == std::optional<std::int64_t>(1024 * 1024));
    CHECK(pos->folder == std::optional<std::string>("C:\\Program Files\\Parque POS"));
    CHECK(pos->version_major == std::optional<std::string>("2"));
    CHECK(pos->arch == std::optional<std::string>("x86_64"));
    CHECK(pos->from == std::optional<std::string>("registry"));
    CHECK_FALSE(pos->guid);
    CHECK_FALSE(pos->userid);

    const auto* runtime = find(all, "Caf\xc3\xa9 Terminal Runtime");
    REQUIRE(runtime);
    CHECK(runtime->guid == std::optional<std::string>("{6F2A1C3E-1111-4A5B-9C0D-0123456789AB}"));
    CHECK_FALSE(runtime->install_date);  // "not a date"

    const auto* legacy = find(all, "Parque Legacy Card Reader");
    REQUIRE(legacy);
    CHECK(legacy->arch == std::optional<std::string>("i586"));
    CHECK(legacy->install_date == std::optional<std::string>("2019-11-05"));

    const auto* user = find(all, "Parque User Tool");
    REQUIRE(user);
    REQUIRE(user->userid);
    CHECK(user->userid->rfind("S-1-5-", 0) == 0);

    // Installed updates: one entry per KB (two packages), staged ones and non-updates left out.
    const auto* update = find(all, "KB5034441");
    REQUIRE(update);
    CHECK(update->release_type == std::optional<std::string>("hotfix"));
    CHECK(update->install_date == std::optional<std::string>("2024-01-21"));
    CHECK(update->arch == std::optional<std::string>("x86_64"));
    CHECK_FALSE(find(all, "KB5036892"));
    CHECK(std::count_if(all.begin(), all.end(), [](const inventory::Software& s) {
              return s.release_type == "hotfix";
          }) == 1);

    // The key without a DisplayName is a component, not a program; nothing is listed twice.
    CHECK(std::none_of(all.begin(), all.end(),
                       [](const inventory::Software& s) { return s.version == "1.0"; }));
    for (const char* name :
         {"Parque POS Driver", "Parque Legacy Card Reader", "Parque User Tool"}) {
        CHECK(std::count_if(all.begin(), all.end(),
                            [&](const inventory::Software& s) { return s.name == name; }) == 1);
    }
}
