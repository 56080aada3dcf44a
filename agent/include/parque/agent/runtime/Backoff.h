// Capped exponential backoff with jitter for delivery retries.
#pragma once

#include <chrono>
#include <random>

namespace parque::agent {

struct BackoffPolicy {
    std::chrono::seconds initial{30};
    std::chrono::seconds cap{3600};
    double jitter = 0.2;  // +/- fraction, clamped to [0, 1]
};

// Delay before attempt `failures` (1 = first retry): min(cap, initial * 2^(failures-1)), then
// multiplied by a uniform factor in [1 - jitter, 1 + jitter]. 0 failures gives 0; huge failure
// counts give the cap (never overflows); negative durations count as 0.
std::chrono::milliseconds backoffDelay(const BackoffPolicy& policy, unsigned failures,
                                       std::mt19937_64& rng);

}  // namespace parque::agent
