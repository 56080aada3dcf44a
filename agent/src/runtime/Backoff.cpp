#include "parque/agent/runtime/Backoff.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace parque::agent {

std::chrono::milliseconds backoffDelay(const BackoffPolicy& policy, unsigned failures,
                                       std::mt19937_64& rng) {
    if (failures == 0) {
        return std::chrono::milliseconds(0);
    }
    // Work in double milliseconds: exact enough, and no integer overflow anywhere.
    const double initialMs = std::max(0.0, static_cast<double>(policy.initial.count()) * 1000.0);
    const double capMs = std::max(0.0, static_cast<double>(policy.cap.count()) * 1000.0);
    const int exponent = static_cast<int>(std::min(failures - 1u, 64u));
    const double delayMs = std::min(capMs, std::ldexp(initialMs, exponent));

    const double jitter = std::isnan(policy.jitter) ? 0.0 : std::clamp(policy.jitter, 0.0, 1.0);
    double factor = 1.0;
    if (jitter > 0.0) {
        std::uniform_real_distribution<double> distribution(1.0 - jitter, 1.0 + jitter);
        factor = distribution(rng);
    }
    // 2^62 ms is ~146 million years: far beyond any sensible cap, and safely representable.
    const double limitMs = std::ldexp(1.0, 62);
    const double resultMs = std::min(limitMs, delayMs * factor);
    return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(resultMs)));
}

}  // namespace parque::agent
