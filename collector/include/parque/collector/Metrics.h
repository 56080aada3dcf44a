// The collector's Prometheus metrics, rendered for GET /metrics in the text exposition format
// 0.0.4. Every method is thread-safe. The hot path (a series that already exists) takes a shared
// lock for a map lookup without allocating and then does relaxed atomic increments; only the first
// use of a label set takes the exclusive lock.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <shared_mutex>
#include <string>
#include <string_view>

namespace parque::collector {

class Metrics {
public:
    // Label sets beyond this many per family are counted under the label value "_other_" (one
    // series per family), so a caller passing unbounded values cannot exhaust memory.
    static constexpr std::size_t kMaxSeries = 1000;
    // Upper bounds of the intake histogram's finite buckets, in seconds; +Inf follows.
    static constexpr std::array<double, 11> kIntakeBuckets = {
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5};

    Metrics();
    Metrics(const Metrics&) = delete;
    Metrics& operator=(const Metrics&) = delete;

    // parque_http_requests_total{route="/api/v1/devices/{id}",status="200"}. Pass the route
    // template, not the request path. Past kMaxSeries, new pairs count as route="_other_",
    // status="0".
    void countRequest(std::string_view route, int status);
    // parque_intake_duration_seconds{action="..."}. Throws std::invalid_argument when `seconds`
    // is negative, NaN or infinite.
    void observeIntake(std::string_view action, double seconds);
    // parque_rejected_submissions_total{reason="..."}
    void countRejected(std::string_view reason);
    // parque_enrolments_total{result="accepted"|"refused"}
    void countEnrolment(bool accepted);
    // An unlabelled gauge, e.g. parque_devices. Throws std::invalid_argument when `name` is not a
    // valid Prometheus metric name or is one of the families above, std::length_error when more
    // than kMaxSeries distinct gauges would exist. The latest `help` wins.
    void setGauge(std::string_view name, std::string_view help, double value);

    // Families in a fixed order (the four above, then gauges by name), series sorted by labels.
    std::string render() const;

private:
    struct Cell {
        std::atomic<std::uint64_t> value{0};
    };
    struct Histogram {
        // Per bucket, not cumulative: render() accumulates, so +Inf always equals _count.
        std::array<std::atomic<std::uint64_t>, kIntakeBuckets.size() + 1> buckets{};
        std::atomic<double> sum{0.0};
    };
    struct Gauge {
        std::string help;
        double value = 0.0;
    };

    void renderRequests(std::string& out) const;
    void renderIntake(std::string& out) const;
    void renderRejected(std::string& out) const;
    void renderEnrolments(std::string& out) const;
    void renderGauges(std::string& out) const;

    mutable std::shared_mutex requestsMutex_;
    std::map<std::string, std::map<int, Cell>, std::less<>> requests_;
    std::size_t requestSeries_ = 0;  // guarded by requestsMutex_
    mutable std::shared_mutex intakeMutex_;
    std::map<std::string, Histogram, std::less<>> intake_;
    mutable std::shared_mutex rejectedMutex_;
    std::map<std::string, Cell, std::less<>> rejected_;
    Cell enrolmentsAccepted_;
    Cell enrolmentsRefused_;
    mutable std::shared_mutex gaugesMutex_;
    std::map<std::string, Gauge, std::less<>> gauges_;
};

}  // namespace parque::collector
