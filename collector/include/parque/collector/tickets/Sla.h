// Service-level arithmetic for tickets: due times for the first response and the resolution,
// counted on a category's calendar (24x7 or business hours in the site's time zone), paused while
// the ticket is pending. Pure: times in, times out (Unix seconds, UTC).
#pragma once

#include "parque/collector/tickets/TimeZone.h"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace parque::collector::tickets {

struct Calendar {
    bool allDay = true;                        // 24x7; otherwise business hours below
    int startMinute = 9 * 60;                  // local time of day the working day starts
    int endMinute = 18 * 60;                   // ... and ends (exclusive)
    std::set<int> workDays = {1, 2, 3, 4, 5};  // 0 = Sunday ... 6 = Saturday
};

struct SlaTargets {
    std::int64_t firstResponseMinutes = 0;  // 0: no target
    std::int64_t resolutionMinutes = 0;
    Calendar calendar;
    double atRiskFraction = 0.75;  // "at risk" once this share of the allowed time is used
};

// The ticket's clock: when it was opened, the intervals it spent pending (paused), and when it
// got its first response / was resolved (if it did).
struct Pause {
    std::int64_t from = 0;
    std::optional<std::int64_t> to;  // open: still pending
};

struct TicketClock {
    std::int64_t openedAt = 0;
    std::vector<Pause> pauses;
    std::optional<std::int64_t> firstResponseAt;
    std::optional<std::int64_t> resolvedAt;
};

enum class SlaStatus { None, OnTrack, AtRisk, Breached, Met };
const char* toString(SlaStatus status);  // "none", "on_track", "at_risk", "breached", "met"

struct SlaTarget {
    std::optional<std::int64_t> dueAt;             // Unix seconds; nothing without a target
    std::optional<std::int64_t> remainingSeconds;  // working seconds left at `now` (negative: late)
    SlaStatus status = SlaStatus::None;
};

struct SlaState {
    SlaTarget firstResponse;
    SlaTarget resolution;
};

// Working seconds of `calendar` in [from, to) in time zone `zone` (pauses not subtracted).
std::int64_t workingSeconds(const Calendar& calendar, const TimeZone& zone, std::int64_t from,
                            std::int64_t to);

// The instant at which `seconds` working seconds have elapsed after `from` (pauses not included).
std::int64_t addWorkingSeconds(const Calendar& calendar, const TimeZone& zone, std::int64_t from,
                               std::int64_t seconds);

// Due times and status at `now`: working time counted from openedAt, minus pauses; a target is
// breached at the exact second its allowed working time is used up.
SlaState evaluate(const SlaTargets& targets, const TimeZone& zone, const TicketClock& clock,
                  std::int64_t now);

}  // namespace parque::collector::tickets
