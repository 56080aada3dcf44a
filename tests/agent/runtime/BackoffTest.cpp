// Capped exponential backoff with jitter.
#include "parque/agent/runtime/Backoff.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <limits>
#include <random>

using parque::agent::backoffDelay;
using parque::agent::BackoffPolicy;
using std::chrono::milliseconds;
using std::chrono::seconds;

TEST_CASE("Backoff: without jitter the delay doubles up to the cap", "[backoff]") {
    std::mt19937_64 rng(1);
    const BackoffPolicy policy{seconds(30), seconds(3600), 0.0};
    CHECK(backoffDelay(policy, 0, rng) == milliseconds(0));
    CHECK(backoffDelay(policy, 1, rng) == milliseconds(30000));
    CHECK(backoffDelay(policy, 2, rng) == milliseconds(60000));
    CHECK(backoffDelay(policy, 3, rng) == milliseconds(120000));
    CHECK(backoffDelay(policy, 7, rng) == milliseconds(1920000));
    CHECK(backoffDelay(policy, 8, rng) == milliseconds(3600000));  // 3840 s capped
    CHECK(backoffDelay(policy, 9, rng) == milliseconds(3600000));
}

TEST_CASE("Backoff: huge failure counts stay at the cap", "[backoff]") {
    std::mt19937_64 rng(2);
    const BackoffPolicy policy{seconds(30), seconds(3600), 0.0};
    for (unsigned failures : {63u, 64u, 65u, 1000u, std::numeric_limits<unsigned>::max()}) {
        CHECK(backoffDelay(policy, failures, rng) == milliseconds(3600000));
    }
    const BackoffPolicy huge{seconds(std::numeric_limits<seconds::rep>::max()),
                             seconds(std::numeric_limits<seconds::rep>::max()), 0.5};
    const auto delay = backoffDelay(huge, std::numeric_limits<unsigned>::max(), rng);
    CHECK(delay.count() > 0);
    CHECK(delay.count() <= (std::int64_t{1} << 62));
}

TEST_CASE("Backoff: jitter stays within the range and varies", "[backoff]") {
    std::mt19937_64 rng(3);
    const BackoffPolicy policy{seconds(30), seconds(3600), 0.2};
    for (unsigned failures : {1u, 4u, 50u}) {
        const double base = failures == 1 ? 30000.0 : failures == 4 ? 240000.0 : 3600000.0;
        std::int64_t low = std::numeric_limits<std::int64_t>::max();
        std::int64_t high = 0;
        for (int i = 0; i < 2000; ++i) {
            const auto delay = backoffDelay(policy, failures, rng).count();
            low = std::min(low, delay);
            high = std::max(high, delay);
        }
        CHECK(low >= static_cast<std::int64_t>(base * 0.8));
        CHECK(high <= static_cast<std::int64_t>(base * 1.2));
        // Spread over most of the range: not a constant.
        CHECK(low < static_cast<std::int64_t>(base * 0.85));
        CHECK(high > static_cast<std::int64_t>(base * 1.15));
    }
}

TEST_CASE("Backoff: odd policies do not misbehave", "[backoff]") {
    std::mt19937_64 rng(4);
    CHECK(backoffDelay(BackoffPolicy{seconds(-5), seconds(60), 0.0}, 3, rng) == milliseconds(0));
    CHECK(backoffDelay(BackoffPolicy{seconds(30), seconds(10), 0.0}, 1, rng) ==
          milliseconds(10000));
    const auto wild = backoffDelay(BackoffPolicy{seconds(10), seconds(60), 5.0}, 1, rng);
    CHECK(wild >= milliseconds(0));  // jitter clamped to 1: factor in [0, 2]
    CHECK(wild <= milliseconds(20000));
    const BackoffPolicy nanJitter{seconds(10), seconds(60),
                                  std::numeric_limits<double>::quiet_NaN()};
    CHECK(backoffDelay(nanJitter, 1, rng) == milliseconds(10000));
}
