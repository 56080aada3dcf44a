// The POSIX TZ strings found in TZif footers ("<-03>3", "CET-1CEST,M3.5.0,M10.5.0/3"), with the
// RFC 8536 version 3 extensions (hours up to 167, negative rule times). Private to the collector.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace parque::collector::tickets::posix {

struct LocalType {
    std::int32_t offset;  // seconds east of UTC
    bool dst;
    std::string abbreviation;
};

// One end of the daylight saving period: a day of the year and a local time of day.
struct RuleDate {
    enum class Kind { Julian1, Julian0, MonthWeekDay } kind = Kind::MonthWeekDay;
    int day = 0;  // Jn: 1..365; n: 0..365; Mm.w.d: d (0 = Sunday)
    int month = 0;
    int week = 0;              // 1..5, 5 = last
    std::int32_t time = 7200;  // seconds after local midnight, may be negative or > 24 h
};

struct Rule {
    LocalType standard;
    std::optional<LocalType> daylight;
    RuleDate start;
    RuleDate end;
};

// Throws TimeZoneError with the position of the problem for malformed strings.
Rule parse(std::string_view text);

LocalType localTypeAt(const Rule& rule, std::int64_t unix);

}  // namespace parque::collector::tickets::posix
