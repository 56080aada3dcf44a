// POSIX TZ strings of TZif footers (RFC 8536 section 3.3), parsed and evaluated.
#include "tickets/PosixTz.h"

#include "parque/collector/tickets/TimeZone.h"
#include "tickets/CivilTime.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <limits>

namespace parque::collector::tickets::posix {
namespace {

class Parser {
public:
    explicit Parser(std::string_view text) : text_(text) {}

    Rule parseRule() {
        Rule rule;
        rule.standard.abbreviation = name();
        rule.standard.offset = -offset(24);
        rule.standard.dst = false;
        if (atEnd()) {
            return rule;
        }
        LocalType daylight{rule.standard.offset + 3600, true, name()};  // default: 1 h ahead
        if (!atEnd() && peek() != ',') {
            daylight.offset = -offset(24);
        }
        if (atEnd()) {
            fail("daylight saving time without a rule");
        }
        expect(',');
        rule.start = date();
        expect(',');
        rule.end = date();
        if (!atEnd()) {
            fail("unexpected text after the rule");
        }
        rule.daylight = daylight;
        return rule;
    }

private:
    [[noreturn]] void fail(const std::string& what) const {
        throw TimeZoneError("POSIX TZ string \"" + std::string(text_) + "\": " + what +
                            " at position " + std::to_string(pos_));
    }
    bool atEnd() const { return pos_ >= text_.size(); }
    char peek() const { return atEnd() ? '\0' : text_[pos_]; }
    static bool isDigit(char c) { return c >= '0' && c <= '9'; }
    static bool isAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

    void expect(char c) {
        if (peek() != c) {
            fail(std::string("expected '") + c + "'");
        }
        ++pos_;
    }

    std::string name() {
        const std::size_t begin = pos_;
        std::string result;
        if (peek() == '<') {
            ++pos_;
            while (!atEnd() && peek() != '>') {
                const char c = peek();
                if (!isAlpha(c) && !isDigit(c) && c != '+' && c != '-') {
                    fail("invalid character in a quoted abbreviation");
                }
                result += c;
                ++pos_;
            }
            expect('>');
        } else {
            while (isAlpha(peek())) {
                result += text_[pos_++];
            }
        }
        if (result.size() < 3) {
            pos_ = begin;
            fail("abbreviation shorter than 3 characters");
        }
        return result;
    }

    int number(int maxValue, int maxDigits) {
        if (!isDigit(peek())) {
            fail("expected a number");
        }
        int value = 0;
        int digits = 0;
        while (isDigit(peek())) {
            if (++digits > maxDigits) {
                fail("number too long");
            }
            value = value * 10 + (text_[pos_++] - '0');
        }
        if (value > maxValue) {
            fail("number out of range (max " + std::to_string(maxValue) + ")");
        }
        return value;
    }

    // [+-]hh[:mm[:ss]] in seconds.
    std::int32_t offset(int maxHours) {
        int sign = 1;
        if (peek() == '+' || peek() == '-') {
            sign = text_[pos_++] == '-' ? -1 : 1;
        }
        std::int32_t seconds = number(maxHours, 3) * 3600;
        if (peek() == ':') {
            ++pos_;
            seconds += number(59, 2) * 60;
            if (peek() == ':') {
                ++pos_;
                seconds += number(59, 2);
            }
        }
        return sign * seconds;
    }

    RuleDate date() {
        RuleDate result;
        if (peek() == 'J') {
            ++pos_;
            result.kind = RuleDate::Kind::Julian1;
            result.day = number(365, 3);
            if (result.day == 0) {
                fail("Julian day 0 (days count from 1 after 'J')");
            }
        } else if (peek() == 'M') {
            ++pos_;
            result.kind = RuleDate::Kind::MonthWeekDay;
            result.month = number(12, 2);
            expect('.');
            result.week = number(5, 1);
            expect('.');
            result.day = number(6, 1);
            if (result.month == 0 || result.week == 0) {
                fail("month and week count from 1");
            }
        } else {
            result.kind = RuleDate::Kind::Julian0;
            result.day = number(365, 3);
        }
        if (peek() == '/') {
            ++pos_;
            result.time = offset(167);
        }
        return result;
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

std::int64_t dayOf(std::int64_t year, const RuleDate& date) {
    const std::int64_t jan1 = civil::daysFromCivil(year, 1, 1);
    switch (date.kind) {
    case RuleDate::Kind::Julian1:
        return jan1 + date.day - 1 + (civil::isLeap(year) && date.day >= 60 ? 1 : 0);
    case RuleDate::Kind::Julian0:
        return jan1 + date.day;
    case RuleDate::Kind::MonthWeekDay:
        break;
    }
    const std::int64_t first = civil::daysFromCivil(year, date.month, 1);
    std::int64_t day = first + civil::floorMod(date.day - civil::weekday(first), 7) +
                       std::int64_t{date.week - 1} * 7;
    const std::int64_t pastEnd = first + civil::daysInMonth(year, date.month);
    while (day >= pastEnd) {
        day -= 7;
    }
    return day;
}

}  // namespace

Rule parse(std::string_view text) { return Parser(text).parseRule(); }

LocalType localTypeAt(const Rule& rule, std::int64_t unix) {
    if (!rule.daylight) {
        return rule.standard;
    }
    // Far beyond any calendar that matters; keeps the arithmetic below from overflowing.
    constexpr std::int64_t kLimit = std::int64_t{1} << 50;
    const std::int64_t t = std::clamp(unix, -kLimit, kLimit);
    const std::int64_t year =
        civil::civilFromDays(civil::floorDiv(t + rule.standard.offset, civil::kSecondsPerDay)).year;
    // The latest transition at or before t among those of the neighbouring years decides.
    bool found = false;
    std::int64_t latest = std::numeric_limits<std::int64_t>::min();
    bool dst = false;
    for (std::int64_t y = year - 1; y <= year + 1; ++y) {
        const std::array<std::pair<std::int64_t, bool>, 2> transitions = {{
            {dayOf(y, rule.start) * civil::kSecondsPerDay + rule.start.time - rule.standard.offset,
             true},
            {dayOf(y, rule.end) * civil::kSecondsPerDay + rule.end.time - rule.daylight->offset,
             false},
        }};
        for (const auto& [at, toDst] : transitions) {
            if (at <= t && (!found || at >= latest)) {
                found = true;
                latest = at;
                dst = toDst;
            }
        }
    }
    return dst ? *rule.daylight : rule.standard;
}

}  // namespace parque::collector::tickets::posix
