// TimeZone: real TZif files (copies of Debian's tzdata 2025b in tests/fixtures/zoneinfo) and
// hand-built ones, including malformed data.
#include "parque/collector/tickets/TimeZone.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

using Catch::Matchers::Contains;
using parque::collector::tickets::TimeZone;
using parque::collector::tickets::TimeZoneError;

namespace {

const std::string kZoneinfo = std::string(PARQUE_FIXTURES_DIR) + "/zoneinfo";

std::string readFixture(const std::string& name) {
    std::ifstream file(kZoneinfo + "/" + name, std::ios::binary);
    REQUIRE(file);
    return std::string((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
}

std::string bigEndian(std::uint64_t value, int bytes) {
    std::string out;
    for (int i = bytes - 1; i >= 0; --i) {
        out += static_cast<char>((value >> (8 * i)) & 0xff);
    }
    return out;
}

struct TestType {
    std::int32_t offset;
    bool dst;
    std::uint8_t abbreviationIndex;
};

// A TZif file with the same data in the version 1 and (unless version is '\0') 64-bit blocks.
std::string buildTzif(char version, const std::vector<std::int64_t>& transitions,
                      const std::vector<std::uint8_t>& transitionTypes,
                      const std::vector<TestType>& types, const std::string& chars,
                      const std::string& footer) {
    auto block = [&](int timeSize) {
        std::string out = "TZif";
        out += version;
        out += std::string(15, '\0');
        for (std::size_t count : {std::size_t{0}, std::size_t{0}, std::size_t{0},
                                  transitions.size(), types.size(), chars.size()}) {
            out += bigEndian(count, 4);
        }
        for (std::int64_t at : transitions) {
            out += bigEndian(static_cast<std::uint64_t>(at), timeSize);
        }
        for (std::uint8_t type : transitionTypes) {
            out += static_cast<char>(type);
        }
        for (const TestType& type : types) {
            out += bigEndian(static_cast<std::uint32_t>(type.offset), 4);
            out += static_cast<char>(type.dst ? 1 : 0);
            out += static_cast<char>(type.abbreviationIndex);
        }
        return out + chars;
    };
    std::string file = block(4);
    if (version != '\0') {
        file += block(8) + "\n" + footer + "\n";
    }
    return file;
}

}  // namespace

TEST_CASE("TimeZone: Buenos Aires offsets around the 2007-2008 DST period", "[timezone]") {
    const TimeZone zone = TimeZone::load("America/Argentina/Buenos_Aires", kZoneinfo);
    CHECK(zone.name() == "America/Argentina/Buenos_Aires");
    CHECK(zone.offsetAt(1198983600 - 1) == -10800);   // 2007-12-29 23:59:59 -03
    CHECK(zone.offsetAt(1198983600) == -7200);        // 2007-12-30 01:00:00 -02
    CHECK(zone.offsetAt(1205632800 - 1) == -7200);    // 2008-03-15 23:59:59 -02
    CHECK(zone.offsetAt(1205632800) == -10800);       // 2008-03-15 23:00:00 -03
    CHECK(zone.offsetAt(1795441500) == -10800);       // 2026, after the last transition: footer
    CHECK(zone.offsetAt(4109878800) == -10800);       // 2100
    CHECK(zone.offsetAt(-2372097972 - 1) == -14028);  // 1894, local mean time (first type)
    CHECK(zone.offsetAt(-2372097972) == -15408);      // Córdoba mean time
}

TEST_CASE("TimeZone: Madrid switches at 01:00 UTC, also beyond the explicit transitions",
          "[timezone]") {
    const TimeZone zone = TimeZone::load("Europe/Madrid", kZoneinfo);
    CHECK(zone.offsetAt(1774746000 - 1) == 3600);  // 2026-03-29 00:59:59 UTC
    CHECK(zone.offsetAt(1774746000) == 7200);
    CHECK(zone.offsetAt(1792890000 - 1) == 7200);  // 2026-10-25 00:59:59 UTC
    CHECK(zone.offsetAt(1792890000) == 3600);
    // The file lists transitions until 2037; later instants follow "CET-1CEST,M3.5.0,M10.5.0/3".
    CHECK(zone.offsetAt(2531955600 - 1) == 3600);  // 2050-03-27 01:00 UTC
    CHECK(zone.offsetAt(2531955600) == 7200);
    CHECK(zone.offsetAt(2550704400 - 1) == 7200);  // 2050-10-30 01:00 UTC
    CHECK(zone.offsetAt(2550704400) == 3600);
    CHECK(zone.offsetAt(4109878800 - 1) == 3600);  // 2100-03-28 01:00 UTC
    CHECK(zone.offsetAt(4109878800) == 7200);
    CHECK(zone.format(2550704400 - 1) == "2050-10-30 02:59:59 CEST");
    CHECK(zone.format(2550704400) == "2050-10-30 02:00:00 CET");
}

TEST_CASE("TimeZone: format shows local time and abbreviation", "[timezone]") {
    const TimeZone buenosAires = TimeZone::load("America/Argentina/Buenos_Aires", kZoneinfo);
    CHECK(buenosAires.format(1795441500) == "2026-11-23 10:45:00 -03");
    CHECK(buenosAires.format(1200398400) == "2008-01-15 10:00:00 -02");
    const TimeZone madrid = TimeZone::load("Europe/Madrid", kZoneinfo);
    CHECK(madrid.format(1782907200) == "2026-07-01 14:00:00 CEST");
    CHECK(madrid.format(1768478400) == "2026-01-15 13:00:00 CET");
    const TimeZone utcFile = TimeZone::load("UTC", kZoneinfo);
    CHECK(utcFile.offsetAt(1795441500) == 0);
    CHECK(utcFile.format(1000000000) == "2001-09-09 01:46:40 UTC");
    CHECK(TimeZone::utc().format(-1) == "1969-12-31 23:59:59 UTC");
    CHECK(TimeZone::utc().offsetAt(0) == 0);
}

TEST_CASE("TimeZone: footer rules with southern DST and version 1 files", "[timezone]") {
    // No transitions: the footer decides everything; DST from October to February.
    const TimeZone south = TimeZone::fromTzif(
        "South", buildTzif('3', {}, {}, {{-10800, false, 0}}, std::string("-03\0", 4),
                           "<-03>3<-02>,M10.3.0/0,M2.3.0/0"));
    CHECK(south.offsetAt(1768478400) == -7200);      // 2026-01-15
    CHECK(south.offsetAt(1782907200) == -10800);     // 2026-07-01
    CHECK(south.offsetAt(1771120800 - 1) == -7200);  // 2026-02-15 00:00 local -02
    CHECK(south.offsetAt(1771120800) == -10800);
    CHECK(south.offsetAt(1792292400 - 1) == -10800);  // 2026-10-18 00:00 local -03
    CHECK(south.offsetAt(1792292400) == -7200);
    CHECK(south.format(1768478400) == "2026-01-15 10:00:00 -02");

    const TimeZone fixed = TimeZone::fromTzif(
        "Fixed", buildTzif('2', {}, {}, {{0, false, 0}}, std::string("ART\0", 4), "ART3"));
    CHECK(fixed.offsetAt(1768478400) == -10800);

    // Version 1: no footer; after the last transition its type stays.
    const std::string v1 =
        buildTzif('\0', {1000, 2000}, {1, 0}, {{3600, false, 0}, {7200, true, 4}},
                  std::string("AAA\0BBB\0", 8), "");
    const TimeZone old = TimeZone::fromTzif("Old", v1);
    CHECK(old.offsetAt(999) == 3600);
    CHECK(old.offsetAt(1000) == 7200);
    CHECK(old.offsetAt(1999) == 7200);
    CHECK(old.offsetAt(2000) == 3600);
    CHECK(old.offsetAt(4000000000) == 3600);
    CHECK(old.format(1500) == "1970-01-01 02:25:00 BBB");
}

TEST_CASE("TimeZone: malformed TZif data is refused with a precise error", "[timezone]") {
    const std::string madrid = readFixture("Europe/Madrid");
    REQUIRE(TimeZone::fromTzif("Europe/Madrid", madrid).offsetAt(0) == 3600);

    CHECK_THROWS_WITH(TimeZone::fromTzif("X", ""), Contains("truncated") && Contains("magic"));
    CHECK_THROWS_WITH(TimeZone::fromTzif("X", madrid.substr(0, 30)),
                      Contains("truncated") && Contains("tzh_leapcnt") && Contains("offset 28"));
    std::string wrongMagic = madrid;
    wrongMagic[3] = 'X';
    CHECK_THROWS_WITH(TimeZone::fromTzif("X", wrongMagic), Contains("wrong magic"));
    std::string badVersion = madrid;
    badVersion[4] = '9';
    CHECK_THROWS_WITH(TimeZone::fromTzif("X", badVersion), Contains("unsupported version"));

    std::string hugeCount = madrid;
    hugeCount.replace(32, 4, bigEndian(0x7fffffff, 4));  // tzh_timecnt of the first header
    CHECK_THROWS_WITH(TimeZone::fromTzif("X", hugeCount),
                      Contains("counts beyond the data") && Contains("timecnt=2147483647"));
    CHECK_THROWS_AS(TimeZone::fromTzif("X", madrid.substr(0, madrid.size() / 2)), TimeZoneError);
    CHECK_THROWS_WITH(TimeZone::fromTzif("X", madrid.substr(0, madrid.size() - 1)),
                      Contains("footer"));

    const std::string abbreviations("AAA\0", 4);
    CHECK_THROWS_WITH(
        TimeZone::fromTzif("X", buildTzif('2', {10}, {3}, {{0, false, 0}}, abbreviations, "AAA0")),
        Contains("transition 0 refers to type 3"));
    CHECK_THROWS_WITH(TimeZone::fromTzif("X", buildTzif('2', {20, 10}, {0, 0}, {{0, false, 0}},
                                                        abbreviations, "AAA0")),
                      Contains("not ascending"));
    CHECK_THROWS_WITH(
        TimeZone::fromTzif("X", buildTzif('2', {}, {}, {{0, false, 9}}, abbreviations, "AAA0")),
        Contains("local time type 0 is invalid"));
    CHECK_THROWS_WITH(
        TimeZone::fromTzif("X", buildTzif('2', {}, {}, {{0, false, 0}}, "AAA", "AAA0")),
        Contains("not NUL-terminated"));
    CHECK_THROWS_WITH(TimeZone::fromTzif("X", buildTzif('2', {}, {}, {{0, false, 0}}, abbreviations,
                                                        "CET-1CEST,M3.5")),
                      Contains("bad footer") && Contains("expected '.'"));
    CHECK_THROWS_WITH(
        TimeZone::fromTzif("X", buildTzif('2', {}, {}, {{0, false, 0}}, abbreviations, "AB3")),
        Contains("shorter than 3"));
}

TEST_CASE("TimeZone: corrupted files throw or parse, never crash", "[timezone]") {
    const std::string original = readFixture("America/Argentina/Buenos_Aires");
    std::mt19937 random(20260306);
    int refused = 0;
    for (int i = 0; i < 1500; ++i) {
        std::string bytes = original;
        const int flips = 1 + static_cast<int>(random() % 4);
        for (int f = 0; f < flips; ++f) {
            bytes[random() % bytes.size()] = static_cast<char>(random() & 0xff);
        }
        if (random() % 3 == 0) {
            bytes.resize(random() % bytes.size());
        }
        try {
            const TimeZone zone = TimeZone::fromTzif("fuzz", bytes);
            for (std::int64_t at : {std::int64_t{-5000000000}, std::int64_t{0},
                                    std::int64_t{1795441500}, std::int64_t{1} << 45}) {
                (void)zone.offsetAt(at);
                (void)zone.format(at);
            }
        } catch (const TimeZoneError&) {
            ++refused;
        }
    }
    CHECK(refused > 100);
}

TEST_CASE("TimeZone: load refuses escaping names and missing files", "[timezone]") {
    CHECK_THROWS_WITH(TimeZone::load("../zoneinfo/UTC", kZoneinfo),
                      Contains("invalid time zone name"));
    CHECK_THROWS_WITH(TimeZone::load("/etc/passwd", kZoneinfo), Contains("invalid time zone name"));
    CHECK_THROWS_WITH(TimeZone::load("", kZoneinfo), Contains("invalid time zone name"));
    CHECK_THROWS_WITH(TimeZone::load("Mars/Olympus_Mons", kZoneinfo),
                      Contains("Mars/Olympus_Mons") && Contains("cannot use"));
    CHECK_THROWS_AS(TimeZone::load("America", kZoneinfo), TimeZoneError);  // a directory
}
