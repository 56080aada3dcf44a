#include "parque/collector/Metrics.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using parque::collector::Metrics;

namespace {

// A strict reader of the text exposition format: every line must be a HELP, a TYPE or a sample.
// Samples are keyed `name{label=value,...}` with label values unescaped, in the written order.
struct Exposition {
    std::vector<std::string> families;  // in order of their HELP lines
    std::map<std::string, int> helpCount;
    std::map<std::string, std::string> help;
    std::map<std::string, std::string> types;
    std::map<std::string, double> samples;
    std::vector<std::string> sampleNames;  // metric names in order of appearance
};

std::string unescape(const std::string& line, std::size_t& pos, char end) {
    std::string value;
    while (pos < line.size() && line[pos] != end) {
        char c = line[pos++];
        if (c == '\\') {
            REQUIRE(pos < line.size());
            char next = line[pos++];
            REQUIRE((next == '\\' || next == '"' || next == 'n'));
            value += next == 'n' ? '\n' : next;
        } else {
            value += c;
        }
    }
    return value;
}

double parseValue(const std::string& text) {
    if (text == "+Inf") {
        return std::numeric_limits<double>::infinity();
    }
    std::size_t used = 0;
    double value = std::stod(text, &used);
    REQUIRE(used == text.size());
    return value;
}

void parseSample(const std::string& line, Exposition& e) {
    std::size_t pos = line.find_first_of("{ ");
    REQUIRE(pos != std::string::npos);
    std::string name = line.substr(0, pos);
    std::string key = name;
    if (line[pos] == '{') {
        key += '{';
        ++pos;
        while (line.at(pos) != '}') {
            std::size_t eq = line.find("=\"", pos);
            REQUIRE(eq != std::string::npos);
            key += line.substr(pos, eq - pos) + '=';
            pos = eq + 2;
            key += unescape(line, pos, '"');
            REQUIRE(line.at(pos) == '"');
            ++pos;
            if (line.at(pos) == ',') {
                key += ',';
                ++pos;
            }
        }
        key += '}';
        ++pos;
    }
    REQUIRE(line.at(pos) == ' ');
    REQUIRE(e.samples.count(key) == 0);
    e.samples[key] = parseValue(line.substr(pos + 1));
    e.sampleNames.push_back(name);
}

Exposition parse(const std::string& text) {
    REQUIRE_FALSE(text.empty());
    REQUIRE(text.back() == '\n');
    Exposition e;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        CAPTURE(line);
        if (line.rfind("# HELP ", 0) == 0) {
            std::size_t space = line.find(' ', 7);
            REQUIRE(space != std::string::npos);
            std::string name = line.substr(7, space - 7);
            e.families.push_back(name);
            ++e.helpCount[name];
            std::size_t pos = space + 1;
            e.help[name] = unescape(line, pos, '\0');
        } else if (line.rfind("# TYPE ", 0) == 0) {
            std::size_t space = line.find(' ', 7);
            REQUIRE(space != std::string::npos);
            std::string name = line.substr(7, space - 7);
            REQUIRE(e.types.count(name) == 0);
            REQUIRE(e.families.back() == name);  // right after its HELP
            e.types[name] = line.substr(space + 1);
        } else {
            parseSample(line, e);
        }
    }
    return e;
}

const char* const kIntake = "parque_intake_duration_seconds";

}  // namespace

TEST_CASE("Metrics: render parses into the expected samples", "[metrics]") {
    Metrics metrics;
    metrics.countRequest("/api/v1/devices/{id}", 200);
    metrics.countRequest("/api/v1/devices/{id}", 200);
    metrics.countRequest("/api/v1/devices/{id}", 404);
    metrics.countRequest("/healthz", 200);
    metrics.countRejected("schema");
    metrics.countRejected("auth");
    metrics.countRejected("auth");
    metrics.countEnrolment(true);
    metrics.countEnrolment(false);
    metrics.countEnrolment(false);
    metrics.observeIntake("contact", 0.002);
    metrics.setGauge("parque_devices", "Enrolled devices.", 1234);
    metrics.setGauge("parque_a_first", "Sorted before parque_devices.", 0.5);

    std::string text = metrics.render();
    Exposition e = parse(text);
    CHECK(e.samples.at("parque_http_requests_total{route=/api/v1/devices/{id},status=200}") == 2);
    CHECK(e.samples.at("parque_http_requests_total{route=/api/v1/devices/{id},status=404}") == 1);
    CHECK(e.samples.at("parque_http_requests_total{route=/healthz,status=200}") == 1);
    CHECK(e.samples.at("parque_rejected_submissions_total{reason=schema}") == 1);
    CHECK(e.samples.at("parque_rejected_submissions_total{reason=auth}") == 2);
    CHECK(e.samples.at("parque_enrolments_total{result=accepted}") == 1);
    CHECK(e.samples.at("parque_enrolments_total{result=refused}") == 2);
    CHECK(e.samples.at("parque_intake_duration_seconds_count{action=contact}") == 1);
    CHECK(e.samples.at("parque_devices") == 1234);
    CHECK(e.samples.at("parque_a_first") == 0.5);
    CHECK(e.help.at("parque_devices") == "Enrolled devices.");
    CHECK(e.samples.size() == 7 + 14 + 2);

    // Families in a fixed order, each with one HELP and one TYPE; counters end in _total.
    CHECK(e.families == std::vector<std::string>{"parque_http_requests_total", kIntake,
                                                 "parque_rejected_submissions_total",
                                                 "parque_enrolments_total", "parque_a_first",
                                                 "parque_devices"});
    for (const auto& family : e.families) {
        CAPTURE(family);
        CHECK(e.helpCount.at(family) == 1);
        const std::string& type = e.types.at(family);
        if (type == "counter") {
            CHECK(family.size() > 6);
            CHECK(family.substr(family.size() - 6) == "_total");
        }
    }
    CHECK(e.types.at(kIntake) == "histogram");
    CHECK(e.types.at("parque_devices") == "gauge");
    // Samples of a family follow its header: names never go back to an earlier family.
    std::vector<std::string> order;
    for (const auto& name : e.sampleNames) {
        std::string family = name.rfind(kIntake, 0) == 0 ? kIntake : name;
        if (order.empty() || order.back() != family) {
            CHECK(std::find(order.begin(), order.end(), family) == order.end());
            order.push_back(family);
        }
    }
    CHECK(metrics.render() == text);  // stable
}

TEST_CASE("Metrics: histogram buckets are cumulative and +Inf equals _count", "[metrics]") {
    Metrics metrics;
    for (double seconds : {0.0, 0.0005, 0.001, 0.003, 0.005, 0.2, 0.2, 1.0, 2.6, 100.0}) {
        metrics.observeIntake("inventory", seconds);
    }
    metrics.observeIntake("contact", 0.01);
    Exposition e = parse(metrics.render());
    auto bucket = [&](const std::string& le) {
        return e.samples.at(std::string(kIntake) + "_bucket{action=inventory,le=" + le + "}");
    };
    CHECK(bucket("0.001") == 3);  // le is inclusive
    CHECK(bucket("0.0025") == 3);
    CHECK(bucket("0.005") == 5);
    CHECK(bucket("0.01") == 5);
    CHECK(bucket("0.025") == 5);
    CHECK(bucket("0.05") == 5);
    CHECK(bucket("0.1") == 5);
    CHECK(bucket("0.25") == 7);
    CHECK(bucket("0.5") == 7);
    CHECK(bucket("1") == 8);
    CHECK(bucket("2.5") == 8);
    CHECK(bucket("+Inf") == 10);
    CHECK(e.samples.at(std::string(kIntake) + "_count{action=inventory}") == 10);
    CHECK(e.samples.at(std::string(kIntake) + "_sum{action=inventory}") ==
          Approx(0.0005 + 0.001 + 0.003 + 0.005 + 0.4 + 1.0 + 2.6 + 100.0));
    CHECK(e.samples.at(std::string(kIntake) + "_bucket{action=contact,le=0.005}") == 0);
    CHECK(e.samples.at(std::string(kIntake) + "_bucket{action=contact,le=0.01}") == 1);
    CHECK(e.samples.at(std::string(kIntake) + "_count{action=contact}") == 1);

    double previous = 0;
    for (const char* le : {"0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25",
                           "0.5", "1", "2.5", "+Inf"}) {
        CAPTURE(le);
        CHECK(bucket(le) >= previous);
        previous = bucket(le);
    }
}

TEST_CASE("Metrics: label values and help text are escaped", "[metrics]") {
    Metrics metrics;
    const std::string hostile = "a\\b\"c\nd}\"=,";
    metrics.countRejected(hostile);
    metrics.countRequest(hostile, 400);
    metrics.observeIntake(hostile, 0.1);
    metrics.setGauge("parque_odd", "line one\nline \\two \"quoted\"", 1);
    std::string text = metrics.render();
    CHECK(text.find("reason=\"a\\\\b\\\"c\\nd}\\\"=,\"} 1\n") != std::string::npos);
    CHECK(text.find("# HELP parque_odd line one\\nline \\\\two \"quoted\"\n") != std::string::npos);
    Exposition e = parse(text);
    CHECK(e.samples.at("parque_rejected_submissions_total{reason=" + hostile + "}") == 1);
    CHECK(e.samples.at("parque_http_requests_total{route=" + hostile + ",status=400}") == 1);
    CHECK(e.samples.at(std::string(kIntake) + "_count{action=" + hostile + "}") == 1);
    CHECK(e.help.at("parque_odd") == "line one\nline \\two \"quoted\"");
}

TEST_CASE("Metrics: concurrent counting from 4 threads is exact", "[metrics][threads]") {
    Metrics metrics;
    constexpr int kThreads = 4;
    constexpr int kIncrements = 10000;
    std::vector<std::thread> threads;
    std::vector<std::size_t> rendered(kThreads, 0);  // Catch2 assertions are not thread-safe
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&metrics, &rendered, t] {
            for (int i = 0; i < kIncrements; ++i) {
                metrics.countRequest("/api/v1/events", 200);
                metrics.countRequest("/route/" + std::to_string(i % 50), 200 + t);  // inserts race
                metrics.countRejected(i % 2 == 0 ? "schema" : "body");
                metrics.countEnrolment(i % 4 == 0);
                metrics.observeIntake("inventory", 0.25);
                if (i % 1000 == 0) {
                    metrics.setGauge("parque_devices", "Enrolled devices.", i);
                    rendered[static_cast<std::size_t>(t)] += metrics.render().size();
                }
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    for (std::size_t size : rendered) {
        CHECK(size > 0);  // rendering while counting
    }
    Exposition e = parse(metrics.render());
    const double total = kThreads * kIncrements;
    CHECK(e.samples.at("parque_http_requests_total{route=/api/v1/events,status=200}") == total);
    double routes = 0;
    for (int r = 0; r < 50; ++r) {
        for (int t = 0; t < kThreads; ++t) {
            std::string key = "parque_http_requests_total{route=/route/" + std::to_string(r) +
                              ",status=" + std::to_string(200 + t) + "}";
            routes += e.samples.at(key);
        }
    }
    CHECK(routes == total);
    CHECK(e.samples.at("parque_rejected_submissions_total{reason=schema}") == total / 2);
    CHECK(e.samples.at("parque_rejected_submissions_total{reason=body}") == total / 2);
    CHECK(e.samples.at("parque_enrolments_total{result=accepted}") == total / 4);
    CHECK(e.samples.at("parque_enrolments_total{result=refused}") == total * 3 / 4);
    CHECK(e.samples.at(std::string(kIntake) + "_count{action=inventory}") == total);
    CHECK(e.samples.at(std::string(kIntake) + "_bucket{action=inventory,le=0.1}") == 0);
    CHECK(e.samples.at(std::string(kIntake) + "_bucket{action=inventory,le=0.25}") == total);
    CHECK(e.samples.at(std::string(kIntake) + "_sum{action=inventory}") == total * 0.25);
}

TEST_CASE("Metrics: invalid input throws a precise error", "[metrics]") {
    Metrics metrics;
    CHECK_THROWS_AS(metrics.observeIntake("contact", -0.1), std::invalid_argument);
    CHECK_THROWS_AS(metrics.observeIntake("contact", std::nan("")), std::invalid_argument);
    CHECK_THROWS_AS(metrics.observeIntake("contact", std::numeric_limits<double>::infinity()),
                    std::invalid_argument);
    for (const char* name : {"", "9devices", "parque devices", "parque-devices", "caf\xc3\xa9",
                             "parque_http_requests_total", "parque_intake_duration_seconds_sum"}) {
        CAPTURE(name);
        CHECK_THROWS_AS(metrics.setGauge(name, "help", 1), std::invalid_argument);
    }
    Exposition e = parse(metrics.render());
    CHECK(e.families.size() == 4);  // nothing was recorded by the failed calls
    CHECK(e.samples.size() == 2);   // the two enrolment series

    metrics.setGauge("parque_devices", "old", 1);
    metrics.setGauge("parque_devices", "new", std::nan(""));
    metrics.setGauge("parque_temperature", "negative", -2.5);
    std::string text = metrics.render();
    CHECK(
        text.find("# HELP parque_devices new\n# TYPE parque_devices gauge\nparque_devices NaN\n") !=
        std::string::npos);
    CHECK(text.find("\nparque_temperature -2.5\n") != std::string::npos);
}

TEST_CASE("Metrics: unbounded label values are capped", "[metrics]") {
    Metrics metrics;
    const std::size_t extra = 5;
    for (std::size_t i = 0; i < Metrics::kMaxSeries + extra; ++i) {
        metrics.countRejected("reason-" + std::to_string(i));
        metrics.countRequest("/path/" + std::to_string(i), 200);
    }
    metrics.countRejected("reason-0");  // an existing series keeps counting
    Exposition e = parse(metrics.render());
    CHECK(e.samples.at("parque_rejected_submissions_total{reason=reason-0}") == 2);
    CHECK(e.samples.at("parque_rejected_submissions_total{reason=_other_}") == extra);
    CHECK(e.samples.at("parque_http_requests_total{route=_other_,status=0}") == extra);
    CHECK(e.samples.count("parque_rejected_submissions_total{reason=reason-1000}") == 0);

    for (std::size_t i = 0; i < Metrics::kMaxSeries; ++i) {
        metrics.setGauge("parque_g" + std::to_string(i), "g", 1);
    }
    CHECK_THROWS_AS(metrics.setGauge("parque_one_more", "g", 1), std::length_error);
    metrics.setGauge("parque_g0", "g", 2);  // updating an existing gauge still works
}
