// TZif (RFC 8536) parsing and UTC offset lookup.
#include "parque/collector/tickets/TimeZone.h"

#include "tickets/CivilTime.h"
#include "tickets/PosixTz.h"

#include <Poco/Logger.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <limits>
#include <optional>
#include <system_error>

namespace parque::collector::tickets {
namespace {

constexpr std::uintmax_t kMaxFileSize = 1 << 20;

struct Counts {
    std::uint32_t isut = 0, isstd = 0, leap = 0, time = 0, type = 0, chars = 0;
};

class Reader {
public:
    Reader(std::string_view zone, std::string_view bytes) : zone_(zone), bytes_(bytes) {}

    [[noreturn]] void fail(const std::string& what) const {
        throw TimeZoneError("TZif data for '" + std::string(zone_) + "': " + what);
    }

    std::string_view take(std::size_t n, const char* what) {
        if (n > bytes_.size() - pos_) {
            fail(std::string("truncated: ") + what + " needs " + std::to_string(n) +
                 " bytes at offset " + std::to_string(pos_) + " but only " +
                 std::to_string(bytes_.size() - pos_) + " remain");
        }
        const std::string_view result = bytes_.substr(pos_, n);
        pos_ += n;
        return result;
    }

    std::uint64_t unsignedBE(std::size_t n, const char* what) {
        std::uint64_t value = 0;
        for (const char c : take(n, what)) {
            value = (value << 8) | static_cast<unsigned char>(c);
        }
        return value;
    }
    std::uint32_t u32(const char* what) { return static_cast<std::uint32_t>(unsignedBE(4, what)); }
    std::int32_t i32(const char* what) { return static_cast<std::int32_t>(u32(what)); }
    std::int64_t i64(const char* what) { return static_cast<std::int64_t>(unsignedBE(8, what)); }
    std::uint8_t u8(const char* what) { return static_cast<std::uint8_t>(unsignedBE(1, what)); }

    std::size_t remaining() const { return bytes_.size() - pos_; }
    std::size_t position() const { return pos_; }

private:
    std::string_view zone_;
    std::string_view bytes_;
    std::size_t pos_ = 0;
};

// Reads a 44-byte header; returns the version character ('\0', '2', '3' or '4').
char readHeader(Reader& in, Counts& counts) {
    if (in.take(4, "the magic") != "TZif") {
        in.fail("wrong magic at offset " + std::to_string(in.position() - 4) +
                " (expected \"TZif\")");
    }
    const char version = in.take(1, "the version")[0];
    if (version != '\0' && version != '2' && version != '3' && version != '4') {
        in.fail("unsupported version byte " + std::to_string(static_cast<unsigned char>(version)));
    }
    in.take(15, "the reserved header bytes");
    counts.isut = in.u32("tzh_ttisutcnt");
    counts.isstd = in.u32("tzh_ttisstdcnt");
    counts.leap = in.u32("tzh_leapcnt");
    counts.time = in.u32("tzh_timecnt");
    counts.type = in.u32("tzh_typecnt");
    counts.chars = in.u32("tzh_charcnt");
    if (counts.type == 0 || counts.type > 256) {
        in.fail("tzh_typecnt " + std::to_string(counts.type) + " is not within 1..256");
    }
    if (counts.chars == 0) {
        in.fail("tzh_charcnt is 0");
    }
    if ((counts.isut != 0 && counts.isut != counts.type) ||
        (counts.isstd != 0 && counts.isstd != counts.type)) {
        in.fail("tzh_ttisutcnt/tzh_ttisstdcnt must be 0 or tzh_typecnt");
    }
    return version;
}

std::uint64_t blockSize(const Counts& c, std::uint64_t timeSize) {
    return std::uint64_t{c.time} * (timeSize + 1) + std::uint64_t{c.type} * 6 + c.chars +
           std::uint64_t{c.leap} * (timeSize + 4) + c.isstd + c.isut;
}

void checkBlockFits(Reader& in, const Counts& c, std::uint64_t timeSize) {
    const std::uint64_t size = blockSize(c, timeSize);
    if (size > in.remaining()) {
        in.fail("counts beyond the data: timecnt=" + std::to_string(c.time) +
                " typecnt=" + std::to_string(c.type) + " charcnt=" + std::to_string(c.chars) +
                " leapcnt=" + std::to_string(c.leap) + " need " + std::to_string(size) +
                " bytes at offset " + std::to_string(in.position()) + " but only " +
                std::to_string(in.remaining()) + " remain");
    }
}

struct RawType {
    std::int32_t offset;
    bool dst;
    std::uint8_t abbreviationIndex;
};

std::string abbreviationAt(Reader& in, std::string_view chars, std::size_t index) {
    const std::size_t end = chars.find('\0', index);
    if (end == std::string_view::npos) {
        in.fail("abbreviation at index " + std::to_string(index) + " is not NUL-terminated");
    }
    return std::string(chars.substr(index, end - index));
}

// Index into the types for `unix`, or nothing when the footer rule decides.
std::optional<std::size_t> typeIndexAt(const std::vector<std::int64_t>& transitions,
                                       const std::vector<std::uint8_t>& transitionTypes,
                                       bool hasFooter, std::int64_t unix) {
    const auto next = std::upper_bound(transitions.begin(), transitions.end(), unix);
    if (next == transitions.end() && hasFooter) {
        return std::nullopt;
    }
    if (next == transitions.begin()) {
        return 0;
    }
    return transitionTypes[static_cast<std::size_t>(next - transitions.begin() - 1)];
}

// The footer is parsed once at load (to refuse bad ones) and again on use, with a small cache.
const posix::Rule& footerRule(const std::string& footer) {
    thread_local std::string cachedText;
    thread_local posix::Rule cachedRule;
    if (cachedText != footer) {
        cachedRule = posix::parse(footer);
        cachedText = footer;
    }
    return cachedRule;
}

}  // namespace

TimeZone TimeZone::fromTzif(std::string_view name, std::string_view bytes) {
    Reader in(name, bytes);
    Counts counts;
    const char version = readHeader(in, counts);
    std::uint64_t timeSize = 4;
    if (version != '\0') {
        checkBlockFits(in, counts, 4);
        in.take(static_cast<std::size_t>(blockSize(counts, 4)), "the version 1 data block");
        readHeader(in, counts);
        timeSize = 8;
    }
    checkBlockFits(in, counts, timeSize);

    TimeZone zone;
    zone.name_ = std::string(name);
    zone.transitions_.reserve(counts.time);
    for (std::uint32_t i = 0; i < counts.time; ++i) {
        const std::int64_t at =
            timeSize == 8 ? in.i64("a transition time") : std::int64_t{in.i32("a transition time")};
        if (!zone.transitions_.empty() && at <= zone.transitions_.back()) {
            in.fail("transition times are not ascending at index " + std::to_string(i));
        }
        zone.transitions_.push_back(at);
    }
    for (std::uint32_t i = 0; i < counts.time; ++i) {
        const std::uint8_t type = in.u8("a transition type");
        if (type >= counts.type) {
            in.fail("transition " + std::to_string(i) + " refers to type " + std::to_string(type) +
                    " but there are only " + std::to_string(counts.type) + " types");
        }
        zone.transitionTypes_.push_back(type);
    }
    std::vector<RawType> rawTypes;
    for (std::uint32_t i = 0; i < counts.type; ++i) {
        RawType raw{in.i32("a UT offset"), false, 0};
        const std::uint8_t dst = in.u8("a DST flag");
        raw.abbreviationIndex = in.u8("an abbreviation index");
        if (raw.offset == std::numeric_limits<std::int32_t>::min() || dst > 1 ||
            raw.abbreviationIndex >= counts.chars) {
            in.fail("local time type " + std::to_string(i) + " is invalid");
        }
        raw.dst = dst == 1;
        rawTypes.push_back(raw);
    }
    const std::string_view chars = in.take(counts.chars, "the abbreviations");
    for (const RawType& raw : rawTypes) {
        zone.types_.push_back(
            {raw.offset, raw.dst, abbreviationAt(in, chars, raw.abbreviationIndex)});
    }
    in.take(static_cast<std::size_t>(std::uint64_t{counts.leap} * (timeSize + 4)) + counts.isstd +
                counts.isut,
            "the leap second and indicator records");

    if (version != '\0') {
        if (in.take(1, "the footer") != "\n") {
            in.fail("footer does not start with a newline");
        }
        std::string footer;
        for (char c = in.take(1, "the footer")[0]; c != '\n'; c = in.take(1, "the footer")[0]) {
            footer += c;
        }
        if (!footer.empty()) {
            try {
                posix::parse(footer);
            } catch (const TimeZoneError& e) {
                in.fail(std::string("bad footer: ") + e.what());
            }
        }
        zone.footer_ = footer;
    }
    return zone;
}

TimeZone TimeZone::load(std::string_view name, const std::filesystem::path& zoneinfo) {
    const std::string text(name);
    if (text.empty() || text.front() == '/' || text.find("..") != std::string::npos ||
        text.find('\0') != std::string::npos || text.find('\\') != std::string::npos) {
        throw TimeZoneError("invalid time zone name '" + text + "'");
    }
    const std::filesystem::path path = zoneinfo / text;
    std::error_code error;
    const std::uintmax_t size = std::filesystem::file_size(path, error);
    if (error || size > kMaxFileSize) {
        throw TimeZoneError("time zone '" + text + "': cannot use " + path.string() +
                            (error ? ": " + error.message() : std::string(": too large")));
    }
    std::ifstream file(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    if (!file.good() && !file.eof()) {
        throw TimeZoneError("time zone '" + text + "': cannot read " + path.string());
    }
    return fromTzif(name, bytes);
}

TimeZone TimeZone::utc() {
    TimeZone zone;
    zone.name_ = "UTC";
    zone.types_.push_back({0, false, "UTC"});
    return zone;
}

std::int32_t TimeZone::offsetAt(std::int64_t unix) const {
    const auto index = typeIndexAt(transitions_, transitionTypes_, !footer_.empty(), unix);
    if (index) {
        return types_.at(*index).offset;
    }
    return posix::localTypeAt(footerRule(footer_), unix).offset;
}

std::string TimeZone::format(std::int64_t unix) const {
    const auto index = typeIndexAt(transitions_, transitionTypes_, !footer_.empty(), unix);
    std::int32_t offset = 0;
    std::string abbreviation;
    if (index) {
        offset = types_.at(*index).offset;
        abbreviation = types_.at(*index).abbreviation;
    } else {
        posix::LocalType type = posix::localTypeAt(footerRule(footer_), unix);
        offset = type.offset;
        abbreviation = std::move(type.abbreviation);
    }
    constexpr std::int64_t kLimit = std::int64_t{1} << 50;
    if (unix < -kLimit || unix > kLimit) {
        throw TimeZoneError("instant " + std::to_string(unix) + " out of range for formatting");
    }
    const std::int64_t local = unix + offset;
    const civil::Date date = civil::civilFromDays(civil::floorDiv(local, civil::kSecondsPerDay));
    const std::int64_t second = civil::floorMod(local, civil::kSecondsPerDay);
    char text[64];
    std::snprintf(text, sizeof text, "%04lld-%02d-%02d %02d:%02d:%02d ",
                  static_cast<long long>(date.year), date.month, date.day,
                  static_cast<int>(second / 3600), static_cast<int>(second / 60 % 60),
                  static_cast<int>(second % 60));
    return text + abbreviation;
}

TimeZone siteZone(const std::string& name) {
    try {
        return TimeZone::load(name);
    } catch (const std::exception& e) {
        Poco::Logger::get("parque.collector")
            .warning(std::string("no time zone data, using UTC for SLA calendars and pages: ") +
                     e.what());
        return TimeZone::utc();
    }
}

}  // namespace parque::collector::tickets
