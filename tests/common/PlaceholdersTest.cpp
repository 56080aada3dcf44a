#include "parque/inventory/Placeholders.h"

#include <catch2/catch.hpp>

using namespace parque::inventory;

TEST_CASE("Placeholders: firmware filler values are recognised", "[placeholders]") {
    for (const char* value :
         {"To Be Filled By O.E.M.", "To be filled by O.E.M.", "Default string",
          "System Serial Number", "None", "0", "", "   ", "00000000", "0000-0000", "FFFFFFFF",
          "Not Specified", "N/A", "<BAD INDEX>", "Chassis Serial Number", "5&2D8A1B3&0&2", "-1"}) {
        CAPTURE(value);
        CHECK(isPlaceholderSerial(value));
    }
}

TEST_CASE("Placeholders: real serials are kept", "[placeholders]") {
    for (const char* value :
         {"640HP72", "CN0H3J5R7444549R0B4S", "PP1234567", "X4FA0117", "0x1A2B"}) {
        CAPTURE(value);
        CHECK_FALSE(isPlaceholderSerial(value));
    }
}

TEST_CASE("Placeholders: UUIDs", "[placeholders]") {
    CHECK(isPlaceholderUuid("03000200-0400-0500-0006-000700080009"));
    CHECK(isPlaceholderUuid("00000000-0000-0000-0000-000000000000"));
    CHECK(isPlaceholderUuid("FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF"));
    CHECK(isPlaceholderUuid(""));
    CHECK_FALSE(isPlaceholderUuid("4c4c4544-0034-3010-8048-b6c04f503732"));
}

#include "parque/inventory/Rules.h"

TEST_CASE("Rules: IP address formats", "[rules]") {
    for (const char* good : {"192.0.2.1", "0.0.0.0", "255.255.255.255"}) {
        CHECK(isIpv4(good));
    }
    for (const char* bad :
         {"256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1..2.3", "", "a.b.c.d"}) {
        CAPTURE(bad);
        CHECK_FALSE(isIpv4(bad));
    }
    for (const char* good : {"::1", "::", "fe80::5054:ff:fe12:3456", "2001:db8:0:0:0:0:0:1",
                             "::ffff:192.0.2.1", "2001:db8::"}) {
        CAPTURE(good);
        CHECK(isIpv6(good));
    }
    for (const char* bad :
         {"1:2:3:4:5:6:7:8:9", "2001:db8:::1", "2001::db8::1", "12345::", ":1", "1:"}) {
        CAPTURE(bad);
        CHECK_FALSE(isIpv6(bad));
    }
}

TEST_CASE("Rules: dates follow the schema's patterns", "[rules]") {
    CHECK(isDate("2024-02-29"));
    CHECK_FALSE(isDate("02/29/2024"));
    CHECK(isDateTime("2024-02-29 10:11:12"));
    CHECK(isDateTime("2024-02-29T10:11:12Z"));
    CHECK(isDateTime("2024-02-29T10:11:12-03:00:00"));
    CHECK_FALSE(isDateTime("2024-02-29 10:11"));
    CHECK(isDateOrDateTime("2024-02-29"));
    CHECK(isTimeZoneOffset("-0300"));
    CHECK_FALSE(isTimeZoneOffset("-03:00"));
    CHECK(isCpuArch("i686"));
    CHECK(isCpuArch("armv7l"));
    CHECK_FALSE(isCpuArch("amd64"));
}
