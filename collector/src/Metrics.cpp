#include "parque/collector/Metrics.h"

#include <charconv>
#include <cmath>
#include <mutex>
#include <stdexcept>
#include <system_error>

namespace parque::collector {

namespace {

constexpr std::string_view kOther = "_other_";
constexpr std::string_view kRequests = "parque_http_requests_total";
constexpr std::string_view kIntake = "parque_intake_duration_seconds";
constexpr std::string_view kRejected = "parque_rejected_submissions_total";
constexpr std::string_view kEnrolments = "parque_enrolments_total";

// The series for `key`, created on first use. Map nodes are never erased, so the reference stays
// valid after the lock is released; the values it reaches are atomics.
template <typename Value>
Value& findOrInsert(std::shared_mutex& mutex, std::map<std::string, Value, std::less<>>& map,
                    std::string_view key) {
    {
        std::shared_lock lock(mutex);
        auto it = map.find(key);
        if (it != map.end()) {
            return it->second;
        }
    }
    std::unique_lock lock(mutex);
    if (map.size() >= Metrics::kMaxSeries && map.find(key) == map.end()) {
        key = kOther;
    }
    return map.try_emplace(std::string(key)).first->second;
}

void increment(std::atomic<std::uint64_t>& value) { value.fetch_add(1, std::memory_order_relaxed); }

std::uint64_t load(const std::atomic<std::uint64_t>& value) {
    return value.load(std::memory_order_relaxed);
}

void appendDouble(std::string& out, double value) {
    if (std::isnan(value)) {
        out += "NaN";
    } else if (std::isinf(value)) {
        out += value > 0 ? "+Inf" : "-Inf";
    } else {
        std::array<char, 32> buffer{};
        auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
        if (result.ec != std::errc()) {
            throw std::runtime_error("Metrics: cannot format a sample value");
        }
        out.append(buffer.data(), result.ptr);
    }
}

void appendLabelValue(std::string& out, std::string_view value) {
    for (char c : value) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '"') {
            out += "\\\"";
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
}

void appendHeader(std::string& out, std::string_view name, std::string_view help,
                  std::string_view type) {
    out.append("# HELP ").append(name).append(" ");
    for (char c : help) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out += c;
        }
    }
    out.append("\n# TYPE ").append(name).append(" ").append(type).append("\n");
}

// name{label="value"} sample\n, or name sample\n when `label` is empty.
void appendSample(std::string& out, std::string_view name, std::string_view label,
                  std::string_view value, std::uint64_t sample) {
    out.append(name);
    if (!label.empty()) {
        out.append("{").append(label).append("=\"");
        appendLabelValue(out, value);
        out.append("\"}");
    }
    out.append(" ").append(std::to_string(sample)).append("\n");
}

bool isMetricName(std::string_view name) {
    if (name.empty()) {
        return false;
    }
    for (std::size_t i = 0; i < name.size(); ++i) {
        char c = name[i];
        bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
        bool digit = c >= '0' && c <= '9';
        if (!letter && !(digit && i > 0)) {
            return false;
        }
    }
    return true;
}

bool isReservedName(std::string_view name) {
    return name == kRequests || name == kRejected || name == kEnrolments ||
           name.substr(0, kIntake.size()) == kIntake;
}

}  // namespace

Metrics::Metrics() = default;

void Metrics::countRequest(std::string_view route, int status) {
    {
        std::shared_lock lock(requestsMutex_);
        auto r = requests_.find(route);
        if (r != requests_.end()) {
            auto s = r->second.find(status);
            if (s != r->second.end()) {
                increment(s->second.value);
                return;
            }
        }
    }
    std::unique_lock lock(requestsMutex_);
    auto r = requests_.find(route);
    bool known = r != requests_.end() && r->second.count(status) != 0;
    if (!known && requestSeries_ >= kMaxSeries) {
        route = kOther;
        status = 0;
        r = requests_.find(route);
    }
    if (r == requests_.end()) {
        r = requests_.try_emplace(std::string(route)).first;
    }
    auto [s, inserted] = r->second.try_emplace(status);
    requestSeries_ += inserted ? 1 : 0;
    increment(s->second.value);
}

void Metrics::observeIntake(std::string_view action, double seconds) {
    if (!std::isfinite(seconds) || seconds < 0.0) {
        throw std::invalid_argument("Metrics: intake duration must be finite and not negative");
    }
    std::size_t bucket = 0;
    while (bucket < kIntakeBuckets.size() && seconds > kIntakeBuckets[bucket]) {
        ++bucket;
    }
    Histogram& histogram = findOrInsert(intakeMutex_, intake_, action);
    increment(histogram.buckets[bucket]);
    double sum = histogram.sum.load(std::memory_order_relaxed);
    while (!histogram.sum.compare_exchange_weak(sum, sum + seconds, std::memory_order_relaxed)) {
    }
}

void Metrics::countRejected(std::string_view reason) {
    increment(findOrInsert(rejectedMutex_, rejected_, reason).value);
}

void Metrics::countEnrolment(bool accepted) {
    increment(accepted ? enrolmentsAccepted_.value : enrolmentsRefused_.value);
}

void Metrics::setGauge(std::string_view name, std::string_view help, double value) {
    if (!isMetricName(name)) {
        throw std::invalid_argument("Metrics: invalid metric name \"" + std::string(name) + "\"");
    }
    if (isReservedName(name)) {
        throw std::invalid_argument("Metrics: \"" + std::string(name) + "\" is a built-in family");
    }
    std::unique_lock lock(gaugesMutex_);
    auto it = gauges_.find(name);
    if (it == gauges_.end()) {
        if (gauges_.size() >= kMaxSeries) {
            throw std::length_error("Metrics: too many gauges");
        }
        it = gauges_.try_emplace(std::string(name)).first;
    }
    it->second.help.assign(help);
    it->second.value = value;
}

std::string Metrics::render() const {
    std::string out;
    renderRequests(out);
    renderIntake(out);
    renderRejected(out);
    renderEnrolments(out);
    renderGauges(out);
    return out;
}

void Metrics::renderRequests(std::string& out) const {
    appendHeader(out, kRequests, "HTTP requests handled, by route template and status code.",
                 "counter");
    std::shared_lock lock(requestsMutex_);
    for (const auto& [route, statuses] : requests_) {
        for (const auto& [status, cell] : statuses) {
            out.append(kRequests).append("{route=\"");
            appendLabelValue(out, route);
            out.append("\",status=\"").append(std::to_string(status)).append("\"} ");
            out.append(std::to_string(load(cell.value))).append("\n");
        }
    }
}

void Metrics::renderIntake(std::string& out) const {
    appendHeader(out, kIntake, "Time to process a GLPI protocol submission, by action.",
                 "histogram");
    std::shared_lock lock(intakeMutex_);
    for (const auto& [action, histogram] : intake_) {
        std::string labels = "{action=\"";
        appendLabelValue(labels, action);
        labels += '"';
        std::uint64_t cumulative = 0;
        for (std::size_t i = 0; i < histogram.buckets.size(); ++i) {
            cumulative += load(histogram.buckets[i]);
            out.append(kIntake).append("_bucket").append(labels).append(",le=\"");
            if (i < kIntakeBuckets.size()) {
                appendDouble(out, kIntakeBuckets[i]);
            } else {
                out += "+Inf";
            }
            out.append("\"} ").append(std::to_string(cumulative)).append("\n");
        }
        out.append(kIntake).append("_sum").append(labels).append("} ");
        appendDouble(out, histogram.sum.load(std::memory_order_relaxed));
        out.append("\n").append(kIntake).append("_count").append(labels).append("} ");
        out.append(std::to_string(cumulative)).append("\n");
    }
}

void Metrics::renderRejected(std::string& out) const {
    appendHeader(out, kRejected, "Submissions refused before intake, by reason.", "counter");
    std::shared_lock lock(rejectedMutex_);
    for (const auto& [reason, cell] : rejected_) {
        appendSample(out, kRejected, "reason", reason, load(cell.value));
    }
}

void Metrics::renderEnrolments(std::string& out) const {
    appendHeader(out, kEnrolments, "Enrolment requests, by result.", "counter");
    appendSample(out, kEnrolments, "result", "accepted", load(enrolmentsAccepted_.value));
    appendSample(out, kEnrolments, "result", "refused", load(enrolmentsRefused_.value));
}

void Metrics::renderGauges(std::string& out) const {
    std::shared_lock lock(gaugesMutex_);
    for (const auto& [name, gauge] : gauges_) {
        appendHeader(out, name, gauge.help, "gauge");
        out.append(name).append(" ");
        appendDouble(out, gauge.value);
        out.append("\n");
    }
}

}  // namespace parque::collector
