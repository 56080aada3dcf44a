// Pure pieces of the Windows collectors: UTF-16 text, USB instance ids, registry dates.
#include "parque/agent/windows/WideText.h"
#include "parque/agent/windows/WindowsCollectors.h"

#include <catch2/catch.hpp>

using namespace parque::agent::platform;

TEST_CASE("Windows: UTF-16 and UTF-8 convert both ways, bad surrogates do not fail",
          "[windows][text]") {
    CHECK(toUtf8(L"") == "");
    CHECK(toUtf8(L"Caf\u00e9 \u20ac") == "Caf\xc3\xa9 \xe2\x82\xac");
    CHECK(toWide("Caf\xc3\xa9 \xe2\x82\xac") == L"Caf\u00e9 \u20ac");
    const std::wstring lone(1, static_cast<wchar_t>(0xD800));
    CHECK(toUtf8(lone) == "\xef\xbf\xbd");
    const wchar_t buffer[8] = {L'a', L'b', L'\0', L'c'};
    CHECK(bufferToUtf8(buffer, 8) == "ab");
    const wchar_t full[2] = {L'x', L'y'};
    CHECK(bufferToUtf8(full, 2) == "xy");
}

TEST_CASE("Windows: USB instance ids give vendor, product and only real serials",
          "[windows][usb]") {
    const auto keyboard = parseUsbInstanceId("USB\\VID_046D&PID_C52B\\5&1d2e4b2c&0&2");
    REQUIRE(keyboard);
    CHECK(keyboard->vendorId == "046d");
    CHECK(keyboard->productId == "c52b");
    CHECK_FALSE(keyboard->serial);
    const auto reader = parseUsbInstanceId("USB\\VID_0C27&PID_3BFA\\A1B2C3D4E5");
    REQUIRE(reader);
    CHECK(reader->serial == std::optional<std::string>("A1B2C3D4E5"));
    CHECK_FALSE(parseUsbInstanceId("USB\\VID_0C27&PID_3BFA\\0000000000")->serial);
    CHECK_FALSE(parseUsbInstanceId("USB\\ROOT_HUB30\\4&2a1b&0&0"));
    CHECK_FALSE(parseUsbInstanceId("USB\\VID_046D&PID_C52B&MI_00\\6&3&0&0000"));
    CHECK_FALSE(parseUsbInstanceId("USB\\VID_04XD&PID_C52B\\X"));
    CHECK_FALSE(parseUsbInstanceId("garbage"));
}

TEST_CASE("Windows: registry install dates become ISO dates or nothing", "[windows][software]") {
    CHECK(uninstallDate("20240131") == std::optional<std::string>("2024-01-31"));
    CHECK_FALSE(uninstallDate("2024013"));
    CHECK_FALSE(uninstallDate("20241301"));
    CHECK_FALSE(uninstallDate("2024-1-31"));
    CHECK_FALSE(uninstallDate("not a date"));
    CHECK(utcDateTime(0) == "1970-01-01 00:00:00");
    CHECK(utcDateTime(1700000000) == "2023-11-14 22:13:20");
}

TEST_CASE("Windows: servicing package names give the update's KB number or nothing",
          "[windows][software]") {
    using parque::agent::platform::hotfixId;
    CHECK(hotfixId("Package_for_KB5034441~31bf3856ad364e35~amd64~~10.0.1.2") == "KB5034441");
    CHECK(hotfixId("Package_12_for_KB890830~31bf3856ad364e35~amd64~~5.120.0.0") == "KB890830");
    CHECK(hotfixId("Package_for_KB5034441_RTM~31bf3856ad364e35~amd64~~10.0.1.2") == "KB5034441");
    CHECK_FALSE(hotfixId("Package_for_KB~31bf3856ad364e35~amd64~~1.0"));
    CHECK_FALSE(hotfixId("Package_for_KB12x~31bf3856ad364e35~amd64~~1.0"));
    CHECK_FALSE(hotfixId("Microsoft-Windows-Client-LanguagePack-Package~31bf3856ad364e35~amd64"));
    CHECK_FALSE(hotfixId("Package_for_RollupFix~31bf3856ad364e35~amd64~~19041.4291.1.11"));
    CHECK_FALSE(hotfixId(""));
}
