// Working time on a calendar (24x7 or business hours in a time zone): counting working seconds in
// an interval and finding the instant a number of working seconds is reached, by whole weeks and
// days rather than by seconds.
#include "parque/collector/tickets/Sla.h"

#include "tickets/CivilTime.h"

#include <algorithm>
#include <stdexcept>

namespace parque::collector::tickets {
namespace {

// Instants are limited to about +-29,000 years: no overflow, and loops stay bounded.
constexpr std::int64_t kMaxInstant = std::int64_t{1} << 40;
// addWorkingSeconds gives up beyond this many days (about 200 years) of calendar time.
constexpr std::int64_t kMaxDays = std::int64_t{200} * 366;

void checkInstant(std::int64_t unix, const char* what) {
    if (unix < -kMaxInstant || unix > kMaxInstant) {
        throw std::out_of_range(std::string("SLA calendar: ") + what + " " + std::to_string(unix) +
                                " out of range");
    }
}

void checkCalendar(const Calendar& calendar) {
    if (calendar.allDay) {
        return;
    }
    if (calendar.startMinute < 0 || calendar.endMinute > 24 * 60 ||
        calendar.startMinute >= calendar.endMinute) {
        throw std::invalid_argument(
            "SLA calendar: working hours " + std::to_string(calendar.startMinute) + ".." +
            std::to_string(calendar.endMinute) + " (minutes) are not an interval within a day");
    }
    if (calendar.workDays.empty()) {
        throw std::invalid_argument("SLA calendar: no working days");
    }
    for (const int day : calendar.workDays) {
        if (day < 0 || day > 6) {
            throw std::invalid_argument("SLA calendar: working day " + std::to_string(day) +
                                        " is not within 0 (Sunday)..6 (Saturday)");
        }
    }
}

// Business-hours calendar bound to a zone; days are local day numbers since 1970-01-01.
class Days {
public:
    Days(const Calendar& calendar, const TimeZone& zone) : calendar_(calendar), zone_(zone) {
        weekly_ = static_cast<std::int64_t>(calendar.workDays.size()) *
                  (calendar.endMinute - calendar.startMinute) * 60;
    }

    std::int64_t localDay(std::int64_t unix) const {
        return civil::floorDiv(unix + zone_.offsetAt(unix), civil::kSecondsPerDay);
    }

    // The UTC instant of a local wall time; a wall time skipped by a forward jump is read with
    // the offset from before the jump (as mktime does).
    std::int64_t toUtc(std::int64_t day, std::int64_t minute) const {
        const std::int64_t local = day * civil::kSecondsPerDay + minute * 60;
        const std::int64_t guess = local - zone_.offsetAt(local);
        const std::int64_t candidate = local - zone_.offsetAt(guess);
        if (zone_.offsetAt(candidate) == local - candidate) {
            return candidate;
        }
        return std::max(guess, candidate);
    }

    // The working interval of a local day, [begin, end) in UTC (empty on days off).
    std::pair<std::int64_t, std::int64_t> window(std::int64_t day) const {
        if (calendar_.workDays.count(civil::weekday(day)) == 0) {
            return {0, 0};
        }
        return {toUtc(day, calendar_.startMinute), toUtc(day, calendar_.endMinute)};
    }

    // Whether the week starting at local day `day` can be taken whole: the zone's offset is the
    // same at both ends (no transition inside, assuming at most one per week), so it holds
    // exactly `weekly()` working seconds.
    bool steadyWeek(std::int64_t day, std::int64_t& begin, std::int64_t& end) const {
        begin = toUtc(day, 0);
        end = toUtc(day + 7, 0);
        return zone_.offsetAt(begin) == zone_.offsetAt(end);
    }

    std::int64_t weekly() const { return weekly_; }

private:
    const Calendar& calendar_;
    const TimeZone& zone_;
    std::int64_t weekly_ = 0;
};

}  // namespace

std::int64_t workingSeconds(const Calendar& calendar, const TimeZone& zone, std::int64_t from,
                            std::int64_t to) {
    checkCalendar(calendar);
    checkInstant(from, "start");
    checkInstant(to, "end");
    if (to <= from) {
        return 0;
    }
    if (calendar.allDay) {
        return to - from;
    }
    const Days days(calendar, zone);
    const std::int64_t lastDay = days.localDay(to) + 1;
    std::int64_t total = 0;
    for (std::int64_t day = days.localDay(from) - 1; day <= lastDay;) {
        std::int64_t weekBegin = 0;
        std::int64_t weekEnd = 0;
        if (day + 7 <= lastDay && days.steadyWeek(day, weekBegin, weekEnd) && weekBegin >= from &&
            weekEnd <= to) {
            total += days.weekly();
            day += 7;
            continue;
        }
        const auto [begin, end] = days.window(day);
        const std::int64_t overlap = std::min(end, to) - std::max(begin, from);
        total += std::max<std::int64_t>(overlap, 0);
        ++day;
    }
    return total;
}

std::int64_t addWorkingSeconds(const Calendar& calendar, const TimeZone& zone, std::int64_t from,
                               std::int64_t seconds) {
    checkCalendar(calendar);
    checkInstant(from, "start");
    if (seconds < 0 || seconds > kMaxInstant) {
        throw std::out_of_range("SLA calendar: working time " + std::to_string(seconds) +
                                " s out of range");
    }
    if (seconds == 0) {
        return from;
    }
    if (calendar.allDay) {
        return from + seconds;
    }
    const Days days(calendar, zone);
    const std::int64_t firstDay = days.localDay(from) - 1;
    std::int64_t remaining = seconds;
    for (std::int64_t day = firstDay; day - firstDay <= kMaxDays;) {
        std::int64_t weekBegin = 0;
        std::int64_t weekEnd = 0;
        if (remaining > days.weekly() && days.steadyWeek(day, weekBegin, weekEnd) &&
            weekBegin >= from) {
            remaining -= days.weekly();
            day += 7;
            continue;
        }
        const auto [windowBegin, windowEnd] = days.window(day);
        const std::int64_t begin = std::max(windowBegin, from);
        if (windowEnd > begin) {
            if (remaining <= windowEnd - begin) {
                return begin + remaining;
            }
            remaining -= windowEnd - begin;
        }
        ++day;
    }
    throw std::out_of_range("SLA calendar: " + std::to_string(seconds) +
                            " working seconds do not fit in 200 years");
}

}  // namespace parque::collector::tickets
