// SLA evaluation: due times and status of a ticket's first response and resolution targets.
#include "parque/collector/tickets/Sla.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace parque::collector::tickets {
namespace {

// Upper bound for a target: ten years of minutes.
constexpr std::int64_t kMaxTargetMinutes = std::int64_t{10} * 366 * 24 * 60;

struct Interval {
    std::int64_t from;
    std::int64_t to;
};

// The pauses as closed, sorted, merged intervals from openedAt on; a still-open pause lasts
// until `now` (so a due time shown while pending is the one if the ticket resumed now).
std::vector<Interval> pausedIntervals(const TicketClock& clock, std::int64_t now) {
    std::vector<Interval> intervals;
    for (const Pause& pause : clock.pauses) {
        const std::int64_t to = pause.to ? *pause.to : std::max(now, pause.from);
        if (to < pause.from) {
            throw std::invalid_argument("SLA: pause ends (" + std::to_string(to) +
                                        ") before it starts (" + std::to_string(pause.from) + ")");
        }
        const std::int64_t from = std::max(pause.from, clock.openedAt);
        if (to > from) {
            intervals.push_back({from, to});
        }
    }
    std::sort(intervals.begin(), intervals.end(),
              [](const Interval& a, const Interval& b) { return a.from < b.from; });
    std::vector<Interval> merged;
    for (const Interval& interval : intervals) {
        if (!merged.empty() && interval.from <= merged.back().to) {
            merged.back().to = std::max(merged.back().to, interval.to);
        } else {
            merged.push_back(interval);
        }
    }
    return merged;
}

struct Context {
    const Calendar& calendar;
    const TimeZone& zone;
    std::int64_t openedAt;
    const std::vector<Interval>& paused;
};

// Working seconds counted from openedAt until `until`, pauses excluded.
std::int64_t usedSeconds(const Context& c, std::int64_t until) {
    std::int64_t used = workingSeconds(c.calendar, c.zone, c.openedAt, until);
    for (const Interval& pause : c.paused) {
        if (pause.from >= until) {
            break;
        }
        used -= workingSeconds(c.calendar, c.zone, pause.from, std::min(pause.to, until));
    }
    return used;
}

// The instant the allowed working time is used up, skipping the pauses.
std::int64_t dueAt(const Context& c, std::int64_t allowed) {
    std::int64_t cursor = c.openedAt;
    std::int64_t remaining = allowed;
    for (const Interval& pause : c.paused) {
        const std::int64_t available = workingSeconds(c.calendar, c.zone, cursor, pause.from);
        if (remaining <= available) {
            break;
        }
        remaining -= available;
        cursor = pause.to;
    }
    return addWorkingSeconds(c.calendar, c.zone, cursor, remaining);
}

SlaTarget evaluateTarget(const Context& c, std::int64_t minutes, double atRiskFraction,
                         std::optional<std::int64_t> doneAt, std::int64_t now) {
    SlaTarget target;
    if (minutes <= 0) {
        return target;
    }
    if (minutes > kMaxTargetMinutes) {
        throw std::invalid_argument("SLA: target of " + std::to_string(minutes) +
                                    " minutes exceeds ten years");
    }
    const std::int64_t allowed = minutes * 60;
    target.dueAt = dueAt(c, allowed);
    const std::int64_t used = usedSeconds(c, doneAt ? *doneAt : now);
    target.remainingSeconds = allowed - used;
    if (doneAt) {
        target.status = used < allowed ? SlaStatus::Met : SlaStatus::Breached;
    } else if (used >= allowed) {
        target.status = SlaStatus::Breached;
    } else if (static_cast<double>(used) >= atRiskFraction * static_cast<double>(allowed)) {
        target.status = SlaStatus::AtRisk;
    } else {
        target.status = SlaStatus::OnTrack;
    }
    return target;
}

}  // namespace

const char* toString(SlaStatus status) {
    switch (status) {
    case SlaStatus::None:
        return "none";
    case SlaStatus::OnTrack:
        return "on_track";
    case SlaStatus::AtRisk:
        return "at_risk";
    case SlaStatus::Breached:
        return "breached";
    case SlaStatus::Met:
        return "met";
    }
    return "none";
}

SlaState evaluate(const SlaTargets& targets, const TimeZone& zone, const TicketClock& clock,
                  std::int64_t now) {
    if (!(targets.atRiskFraction >= 0.0 && targets.atRiskFraction <= 1.0)) {
        throw std::invalid_argument("SLA: at-risk fraction must be within 0..1");
    }
    const std::vector<Interval> paused = pausedIntervals(clock, now);
    const Context context{targets.calendar, zone, clock.openedAt, paused};
    // A ticket resolved without an explicit first response was answered by its resolution.
    const std::optional<std::int64_t> respondedAt =
        clock.firstResponseAt ? clock.firstResponseAt : clock.resolvedAt;
    SlaState state;
    state.firstResponse = evaluateTarget(context, targets.firstResponseMinutes,
                                         targets.atRiskFraction, respondedAt, now);
    state.resolution = evaluateTarget(context, targets.resolutionMinutes, targets.atRiskFraction,
                                      clock.resolvedAt, now);
    return state;
}

}  // namespace parque::collector::tickets
