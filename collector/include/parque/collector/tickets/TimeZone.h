// IANA time zones from TZif data (RFC 8536, /usr/share/zoneinfo), parsed without the C library's
// global TZ state, so several sites' zones can be used at once from many threads.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace parque::collector::tickets {

class TimeZoneError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class TimeZone {
public:
    // Parses TZif bytes (versions 1-3; the 64-bit block when present; the footer's POSIX TZ
    // string for instants after the last transition). Throws TimeZoneError for malformed data.
    static TimeZone fromTzif(std::string_view name, std::string_view bytes);
    // Reads <zoneinfo>/<name> ("America/Argentina/Buenos_Aires"); refuses names with "..".
    static TimeZone load(std::string_view name,
                         const std::filesystem::path& zoneinfo = "/usr/share/zoneinfo");
    static TimeZone utc();

    const std::string& name() const { return name_; }
    // Seconds east of UTC at instant `unix` (e.g. -10800 for Buenos Aires).
    std::int32_t offsetAt(std::int64_t unix) const;
    // "2026-11-23 10:45:00 -03" style text at `unix`, for people.
    std::string format(std::int64_t unix) const;

private:
    struct Type {
        std::int32_t offset;
        bool dst;
        std::string abbreviation;
    };
    std::string name_;
    std::vector<std::int64_t> transitions_;
    std::vector<std::uint8_t> transitionTypes_;
    std::vector<Type> types_;
    std::string footer_;  // POSIX TZ rule for after the last transition
};

// The collector's site zone (collector.time_zone); UTC, with a warning in the log, when its data
// is missing or malformed.
TimeZone siteZone(const std::string& name);

}  // namespace parque::collector::tickets
