// Value converters of the legacy XML intake: text clean-up, integers with units, flags, dates.
#include "LegacyXmlTree.h"

#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <limits>

namespace parque::collector::legacy {
namespace {

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }

void appendReplacement(std::string& out) { out += "\xEF\xBF\xBD"; }

// Length of the valid UTF-8 sequence at s[i], or 0.
std::size_t validSequence(std::string_view s, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
    const unsigned char b0 = byte(0);
    std::size_t length = 0;
    std::uint32_t cp = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        length = 2;
        cp = b0 & 0x1Fu;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        length = 3;
        cp = b0 & 0x0Fu;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        length = 4;
        cp = b0 & 0x07u;
    } else {
        return 0;
    }
    if (i + length > s.size()) {
        return 0;
    }
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(k) & 0xC0u) != 0x80u) {
            return 0;
        }
        cp = (cp << 6u) | (byte(k) & 0x3Fu);
    }
    const bool overlong = (length == 3 && cp < 0x800) || (length == 4 && cp < 0x10000);
    const bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
    const bool nonCharacter = cp == 0xFFFE || cp == 0xFFFF;
    if (overlong || surrogate || nonCharacter || cp > 0x10FFFF) {
        return 0;
    }
    return length;
}

// Days in a month, leap years included.
int daysIn(int year, int month) {
    static constexpr std::array<int, 12> days{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && !((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) {
        return 28;
    }
    return days[static_cast<std::size_t>(month - 1)];
}

// Reads exactly `count` digits at `pos`.
bool readNumber(std::string_view s, std::size_t& pos, std::size_t count, int& out) {
    if (pos + count > s.size()) {
        return false;
    }
    out = 0;
    for (std::size_t k = 0; k < count; ++k) {
        if (!isDigit(s[pos + k])) {
            return false;
        }
        out = out * 10 + (s[pos + k] - '0');
    }
    pos += count;
    return true;
}

// 1 or 2 digits.
bool readShort(std::string_view s, std::size_t& pos, int& out) {
    const std::size_t count = (pos + 1 < s.size() && isDigit(s[pos + 1])) ? 2 : 1;
    return readNumber(s, pos, count, out);
}

struct DateParts {
    int year = 0, month = 0, day = 0;
    std::optional<std::array<int, 3>> time;
};

bool parseDatePart(std::string_view s, std::size_t& pos, DateOrder order, DateParts& d) {
    if (s.size() >= 5 && isDigit(s[0]) && isDigit(s[1]) && isDigit(s[2]) && isDigit(s[3])) {
        const char separator = s[4];
        pos = 0;
        return (separator == '-' || separator == '/' || separator == '.') &&
               readNumber(s, pos, 4, d.year) && s[pos++] == separator &&
               readShort(s, pos, d.month) && pos < s.size() && s[pos++] == separator &&
               readShort(s, pos, d.day);
    }
    int a = 0;
    int b = 0;
    pos = 0;
    if (!readShort(s, pos, a) || pos >= s.size() || s[pos++] != '/' || !readShort(s, pos, b) ||
        pos >= s.size() || s[pos++] != '/' || !readNumber(s, pos, 4, d.year)) {
        return false;
    }
    const bool dayFirst = a > 12 || a == b || (order == DateOrder::DayFirst && b <= 12);
    if (!dayFirst && b <= 12 && order != DateOrder::MonthFirst) {
        return false;  // ambiguous: 03/04/2020 without a known order
    }
    d.day = dayFirst ? a : b;
    d.month = dayFirst ? b : a;
    return true;
}

bool parseTimePart(std::string_view s, std::size_t pos, DateParts& d) {
    if (pos == s.size()) {
        return true;
    }
    if (s[pos] != ' ' && s[pos] != 'T') {
        return false;
    }
    ++pos;
    std::array<int, 3> t{0, 0, 0};
    if (!readNumber(s, pos, 2, t[0]) || pos >= s.size() || s[pos++] != ':' ||
        !readNumber(s, pos, 2, t[1])) {
        return false;
    }
    if (pos < s.size() && s[pos] == ':') {
        ++pos;
        if (!readNumber(s, pos, 2, t[2])) {
            return false;
        }
    }
    const std::string_view zone = s.substr(pos);
    if (!zone.empty() && zone != "Z") {
        return false;
    }
    if (t[0] > 23 || t[1] > 59 || t[2] > 60) {
        return false;
    }
    d.time = t;
    return true;
}

}  // namespace

std::string_view trim(std::string_view s) {
    while (!s.empty() && isSpace(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && isSpace(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

std::string lowerAscii(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

std::string upperAscii(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return out;
}

std::string sanitizeUtf8(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        const auto b = static_cast<unsigned char>(s[i]);
        if (b < 0x80) {
            if (b < 0x20 && b != '\t' && b != '\n' && b != '\r') {
                appendReplacement(out);
            } else {
                out += s[i];
            }
            ++i;
            continue;
        }
        const std::size_t length = validSequence(s, i);
        if (length == 0) {
            appendReplacement(out);
            ++i;
        } else {
            out.append(s.substr(i, length));
            i += length;
        }
    }
    return out;
}

std::optional<std::int64_t> toInteger(std::string_view s, const std::vector<Unit>& units) {
    s = trim(s);
    std::size_t end = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
    const std::size_t digitsStart = end;
    while (end < s.size() && isDigit(s[end])) {
        ++end;
    }
    if (end == digitsStart || end - digitsStart > 18) {
        return std::nullopt;
    }
    std::size_t numberEnd = end;
    if (numberEnd < s.size() && s[numberEnd] == '.') {
        ++numberEnd;
        while (numberEnd < s.size() && isDigit(s[numberEnd])) {
            ++numberEnd;
        }
    }
    std::int64_t factor = 1;
    const std::string unit = lowerAscii(trim(s.substr(numberEnd)));
    if (!unit.empty()) {
        bool known = false;
        for (const Unit& u : units) {
            if (unit == u.suffix) {
                factor = u.factor;
                known = true;
            }
        }
        if (!known) {
            return std::nullopt;
        }
    }
    const std::string number(s.substr(0, numberEnd));
    const long double value =
        std::strtold(number.c_str(), nullptr) * static_cast<long double>(factor);
    if (value > 9.0e18L || value < -9.0e18L) {
        return std::nullopt;
    }
    if (factor == 1 && numberEnd == end) {
        return std::strtoll(number.c_str(), nullptr, 10);  // exact for integers
    }
    return static_cast<std::int64_t>(value);
}

std::optional<bool> toFlag(std::string_view s) {
    const std::string v = lowerAscii(trim(s));
    if (v == "1" || v == "true" || v == "yes" || v == "on") {
        return true;
    }
    if (v == "0" || v == "false" || v == "no" || v == "off") {
        return false;
    }
    return std::nullopt;
}

bool isDateRule(const inventory::Rule& rule) {
    return rule.accepts == &inventory::isDate || rule.accepts == &inventory::isDateTime ||
           rule.accepts == &inventory::isDateOrDateTime;
}

std::optional<std::string> normalizeDate(std::string_view s, const inventory::Rule& rule,
                                         DateOrder order) {
    s = trim(s);
    DateParts d;
    std::size_t pos = 0;
    if (!parseDatePart(s, pos, order, d) || !parseTimePart(s, pos, d)) {
        return std::nullopt;
    }
    if (d.year < 1 || d.month < 1 || d.month > 12 || d.day < 1 || d.day > daysIn(d.year, d.month)) {
        return std::nullopt;
    }
    const bool wantsTime = rule.accepts == &inventory::isDateTime;
    const bool takesTime = rule.accepts != &inventory::isDate;
    if (wantsTime && !d.time) {
        return std::nullopt;
    }
    char buffer[64];
    if (takesTime && d.time) {
        std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d %02d:%02d:%02d", d.year, d.month,
                      d.day, (*d.time)[0], (*d.time)[1], (*d.time)[2]);
    } else {
        std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", d.year, d.month, d.day);
    }
    return std::string(buffer);
}

}  // namespace parque::collector::legacy
