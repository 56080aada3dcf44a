// SLA arithmetic on real time zones (tests/fixtures/zoneinfo): due times on 24x7 and business
// hours calendars, pauses, breach and risk thresholds, and working-time properties.
#include "parque/collector/tickets/Sla.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <random>
#include <string>

using namespace parque::collector::tickets;

namespace {

const std::string kZoneinfo = std::string(PARQUE_FIXTURES_DIR) + "/zoneinfo";

// Monday 2026-03-09 00:00 in Buenos Aires (UTC-3 all year since 2009).
constexpr std::int64_t kMonday = 1773025200;

constexpr std::int64_t ba(int day, int hour, int minute = 0) {
    return kMonday + day * 86400 + hour * 3600 + minute * 60;
}

const TimeZone& buenosAires() {
    static const TimeZone zone = TimeZone::load("America/Argentina/Buenos_Aires", kZoneinfo);
    return zone;
}

const TimeZone& madrid() {
    static const TimeZone zone = TimeZone::load("Europe/Madrid", kZoneinfo);
    return zone;
}

Calendar businessHours() {
    Calendar calendar;
    calendar.allDay = false;
    return calendar;  // Mon-Fri 09:00-18:00
}

SlaTargets targets(std::int64_t responseMinutes, std::int64_t resolutionMinutes,
                   const Calendar& calendar) {
    SlaTargets result;
    result.firstResponseMinutes = responseMinutes;
    result.resolutionMinutes = resolutionMinutes;
    result.calendar = calendar;
    return result;
}

}  // namespace

TEST_CASE("Sla: 24x7 due time is opened plus the target", "[sla]") {
    const TicketClock clock{ba(0, 10), {}, std::nullopt, std::nullopt};
    const SlaState state = evaluate(targets(30, 480, Calendar{}), buenosAires(), clock, ba(0, 10));
    CHECK(state.firstResponse.dueAt == ba(0, 10, 30));
    CHECK(state.resolution.dueAt == ba(0, 18));
    CHECK(state.resolution.remainingSeconds == 480 * 60);
    CHECK(state.resolution.status == SlaStatus::OnTrack);
    CHECK(addWorkingSeconds(Calendar{}, madrid(), 1774746000 - 60, 120) == 1774746000 + 60);
}

TEST_CASE("Sla: business hours skip nights and weekends", "[sla]") {
    const Calendar calendar = businessHours();
    // Friday 17:30 + 2 h: 30 min on Friday, 90 min on Monday.
    CHECK(addWorkingSeconds(calendar, buenosAires(), ba(-3, 17, 30), 7200) == ba(0, 10, 30));
    const TicketClock friday{ba(-3, 17, 30), {}, std::nullopt, std::nullopt};
    const SlaState state = evaluate(targets(0, 120, calendar), buenosAires(), friday, ba(-2, 12));
    CHECK(state.resolution.dueAt == ba(0, 10, 30));
    CHECK(state.resolution.remainingSeconds == 90 * 60);  // the weekend does not count
    CHECK(state.firstResponse.status == SlaStatus::None);
    CHECK_FALSE(state.firstResponse.dueAt);
    // Opened on Saturday: the clock starts Monday 09:00.
    CHECK(addWorkingSeconds(calendar, buenosAires(), ba(-2, 12), 3600) == ba(0, 10));
    CHECK(workingSeconds(calendar, buenosAires(), ba(-2, 12), ba(0, 9)) == 0);
    CHECK(workingSeconds(calendar, buenosAires(), ba(-3, 8), ba(0, 20)) == 9 * 3600 * 2);
    CHECK(workingSeconds(calendar, buenosAires(), ba(0, 0), ba(7, 0)) == 45 * 3600);
    // Exactly a day's work ends at 18:00, not the next morning.
    CHECK(addWorkingSeconds(calendar, buenosAires(), ba(0, 9), 9 * 3600) == ba(0, 18));
}

TEST_CASE("Sla: pending pauses shift the due time by the paused working time", "[sla]") {
    const SlaTargets fourHours = targets(0, 240, businessHours());
    TicketClock clock{ba(0, 9), {{ba(0, 10), ba(0, 11)}}, std::nullopt, std::nullopt};
    CHECK(evaluate(fourHours, buenosAires(), clock, ba(0, 12)).resolution.dueAt == ba(0, 14));
    CHECK(evaluate(fourHours, buenosAires(), clock, ba(0, 12)).resolution.remainingSeconds ==
          2 * 3600);

    // Pending from Friday evening to Monday before opening hours: nothing shifts.
    const SlaTargets twoHours = targets(0, 120, businessHours());
    clock = {ba(-3, 17, 30), {{ba(-3, 18, 30), ba(0, 8, 30)}}, std::nullopt, std::nullopt};
    CHECK(evaluate(twoHours, buenosAires(), clock, ba(0, 9)).resolution.dueAt == ba(0, 10, 30));
    // ... until Monday 09:30: shifted by 30 working minutes.
    clock.pauses[0].to = ba(0, 9, 30);
    CHECK(evaluate(twoHours, buenosAires(), clock, ba(0, 9)).resolution.dueAt == ba(0, 11));

    // Still pending: the due time is the one if the ticket resumed now.
    const SlaTargets hour24x7 = targets(0, 60, Calendar{});
    clock = {1000000, {{1001000, std::nullopt}}, std::nullopt, std::nullopt};
    const SlaTarget pending = evaluate(hour24x7, buenosAires(), clock, 1005000).resolution;
    CHECK(pending.dueAt == 1005000 + 2600);
    CHECK(pending.remainingSeconds == 2600);
    CHECK(pending.status == SlaStatus::OnTrack);

    clock.pauses = {{1002000, 1001000}};
    CHECK_THROWS_AS(evaluate(hour24x7, buenosAires(), clock, 1005000), std::invalid_argument);
}

TEST_CASE("Sla: breach at the exact second, at risk at 75 percent", "[sla]") {
    const SlaTargets hour = targets(0, 60, Calendar{});
    const TicketClock clock{1000000, {}, std::nullopt, std::nullopt};
    auto at = [&](std::int64_t now) { return evaluate(hour, madrid(), clock, now).resolution; };
    CHECK(at(1000000 + 2699).status == SlaStatus::OnTrack);
    CHECK(at(1000000 + 2700).status == SlaStatus::AtRisk);
    CHECK(at(1000000 + 3599).status == SlaStatus::AtRisk);
    CHECK(at(1000000 + 3599).remainingSeconds == 1);
    CHECK(at(1000000 + 3600).status == SlaStatus::Breached);
    CHECK(at(1000000 + 3600).remainingSeconds == 0);
    CHECK(at(1000000 + 3700).remainingSeconds == -100);
    CHECK(std::string(toString(at(1000000 + 3700).status)) == "breached");
    CHECK(std::string(toString(SlaStatus::AtRisk)) == "at_risk");
}

TEST_CASE("Sla: met when answered before the due time, breached when after", "[sla]") {
    const SlaTargets both = targets(60, 240, businessHours());
    TicketClock clock{ba(0, 9), {}, ba(0, 10) - 1, ba(0, 13)};
    SlaState state = evaluate(both, buenosAires(), clock, ba(2, 12));
    CHECK(state.firstResponse.status == SlaStatus::Met);
    CHECK(state.firstResponse.remainingSeconds == 1);
    CHECK(state.resolution.status == SlaStatus::Breached);  // resolved at the due second
    CHECK(state.resolution.remainingSeconds == 0);
    clock.firstResponseAt = ba(0, 10);
    clock.resolvedAt = ba(0, 12);
    state = evaluate(both, buenosAires(), clock, ba(2, 12));
    CHECK(state.firstResponse.status == SlaStatus::Breached);
    CHECK(state.resolution.status == SlaStatus::Met);
    // Resolved without a first response: the resolution answered it.
    clock.firstResponseAt.reset();
    CHECK(evaluate(both, buenosAires(), clock, ba(2, 12)).firstResponse.status ==
          SlaStatus::Breached);
    clock.resolvedAt = ba(0, 9, 30);
    CHECK(evaluate(both, buenosAires(), clock, ba(2, 12)).firstResponse.status == SlaStatus::Met);
}

TEST_CASE("Sla: business hours follow the site's time zone", "[sla]") {
    const Calendar calendar = businessHours();
    const std::int64_t instant = ba(0, 17);  // 17:00 in Buenos Aires, 21:00 in Madrid
    CHECK(workingSeconds(calendar, buenosAires(), instant, instant + 60) == 60);
    CHECK(workingSeconds(calendar, madrid(), instant, instant + 60) == 0);
    CHECK(addWorkingSeconds(calendar, madrid(), instant, 60) == ba(1, 5, 1));  // 09:01 CET
    CHECK_THROWS_AS(workingSeconds(Calendar{false, 600, 600, {1}}, madrid(), 0, 1),
                    std::invalid_argument);
    CHECK_THROWS_AS(addWorkingSeconds(Calendar{false, 540, 1080, {}}, madrid(), 0, 1),
                    std::invalid_argument);
    CHECK_THROWS_AS(addWorkingSeconds(Calendar{false, 540, 1080, {7}}, madrid(), 0, 1),
                    std::invalid_argument);
}

TEST_CASE("Sla: workingSeconds and addWorkingSeconds are inverse", "[sla]") {
    std::mt19937_64 random(424242);
    // All days 00:00-24:00 as "business hours": working time must equal elapsed time, also in
    // Madrid's 23 and 25 hour days.
    const Calendar everyDay{false, 0, 24 * 60, {0, 1, 2, 3, 4, 5, 6}};
    const Calendar calendars[] = {businessHours(), everyDay, Calendar{false, 480, 1200, {0, 6}}};
    for (int i = 0; i < 300; ++i) {
        const Calendar& calendar = calendars[i % 3];
        const TimeZone& zone = i % 2 == 0 ? madrid() : buenosAires();
        const std::int64_t from = 1704067200 + static_cast<std::int64_t>(random() % 157766400);
        const std::int64_t seconds = static_cast<std::int64_t>(random() % 3000000);
        const std::int64_t due = addWorkingSeconds(calendar, zone, from, seconds);
        INFO("from " << from << " seconds " << seconds << " calendar " << i % 3);
        REQUIRE(due >= from);
        REQUIRE(workingSeconds(calendar, zone, from, due) == seconds);
        if (seconds > 0) {
            REQUIRE(workingSeconds(calendar, zone, from, due - 1) == seconds - 1);  // earliest
        }
        if (&calendar == &calendars[1]) {
            REQUIRE(workingSeconds(calendar, zone, from, from + seconds) == seconds);
        }
    }
}

TEST_CASE("Sla: working seconds agree with a minute-by-minute count", "[sla]") {
    std::mt19937_64 random(7);
    const Calendar calendar{false, 8 * 60 + 30, 17 * 60 + 15, {1, 2, 3, 4, 6}};
    for (int i = 0; i < 30; ++i) {
        // Around Madrid's spring and autumn changes of 2026.
        const std::int64_t base = i % 2 == 0 ? 1774746000 : 1792890000;
        const std::int64_t from =
            base - 8 * 86400 + static_cast<std::int64_t>(random() % 600000) / 60 * 60;
        const std::int64_t to = from + static_cast<std::int64_t>(random() % 1000000) / 60 * 60;
        std::int64_t expected = 0;
        for (std::int64_t t = from; t < to; t += 60) {
            const std::int64_t local = t + madrid().offsetAt(t);
            const std::int64_t day = local / 86400;
            const std::int64_t minute = local % 86400 / 60;
            const bool workDay = calendar.workDays.count(static_cast<int>((day + 4) % 7)) == 1;
            if (workDay && minute >= calendar.startMinute && minute < calendar.endMinute) {
                expected += 60;
            }
        }
        INFO("from " << from << " to " << to);
        REQUIRE(workingSeconds(calendar, madrid(), from, to) == expected);
    }
}

TEST_CASE("Sla: long targets jump by weeks, not seconds", "[sla]") {
    const Calendar calendar = businessHours();
    const std::int64_t from = ba(0, 9);
    const std::int64_t seconds = std::int64_t{10000} * 3600;
    const auto start = std::chrono::steady_clock::now();
    std::int64_t due = 0;
    constexpr int kRuns = 20;
    for (int i = 0; i < kRuns; ++i) {
        due = addWorkingSeconds(calendar, madrid(), from + i, seconds);
    }
    const auto perRun = (std::chrono::steady_clock::now() - start) / kRuns;
    CHECK(workingSeconds(calendar, madrid(), from + kRuns - 1, due) == seconds);
    CHECK(perRun < std::chrono::milliseconds(1));
    // 10,000 h at 45 h a week is 222 weeks and 10 hours: about four years and three months.
    CHECK(due > from + 4 * 365 * 86400);
    CHECK(due < from + 5 * 365 * 86400);
}
