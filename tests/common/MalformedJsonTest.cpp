#include "parque/inventory/JsonCodec.h"

#include <catch2/catch.hpp>

using namespace parque::inventory;

namespace {

std::string pathOf(const std::string& json) {
    try {
        decodeInventory(json);
    } catch (const DecodeError& e) {
        return e.path();
    }
    return "(decoded)";
}

}  // namespace

TEST_CASE("Decode: a wrong type names the JSON path", "[decode]") {
    CHECK(pathOf(R"({"deviceid":"d","content":{"cpus":[{},{"speed":"fast"}]}})") ==
          "$.content.cpus[1].speed");
    CHECK(pathOf(R"({"deviceid":"d","content":{"hardware":{"memory":1.5}}})") ==
          "$.content.hardware.memory");
    CHECK(pathOf(R"({"deviceid":"d","content":{"hardware":[]}})") == "$.content.hardware");
    CHECK(pathOf(R"({"deviceid":"d","content":{"softwares":{}}})") == "$.content.softwares");
    CHECK(pathOf(R"({"deviceid":"d","content":{"softwares":[{"version":"1"}]}})") ==
          "$.content.softwares[0].name");
    CHECK(pathOf(R"({"deviceid":"d","content":{"usbdevices":[{"serial":null}]}})") ==
          "$.content.usbdevices[0].serial");
    CHECK(pathOf(R"({"deviceid":"d","partial":"yes","content":{}})") == "$.partial");
    CHECK(pathOf(R"({"deviceid":7,"content":{}})") == "$.deviceid");
    CHECK(pathOf(R"({"content":{}})") == "$.deviceid");
    CHECK(pathOf(R"({"deviceid":"d"})") == "$.content");
    CHECK(pathOf(R"([1,2])") == "$");
}

TEST_CASE("Decode: values outside the schema's rules are refused", "[decode]") {
    CHECK(pathOf(R"({"deviceid":"d","content":{"bios":{"bdate":"06/02/2016"}}})") ==
          "$.content.bios.bdate");
    CHECK(
        pathOf(R"({"deviceid":"d","content":{"networks":[{"description":"e","status":"on"}]}})") ==
        "$.content.networks[0].status");
    CHECK(pathOf(R"({"deviceid":"d","content":{"operatingsystem":{"timezone":{"name":"ART"}}}})") ==
          "$.content.operatingsystem.timezone.offset");
    CHECK(pathOf(R"({"deviceid":"d","itemtype":"Toaster","content":{}})") == "$.itemtype");
}

TEST_CASE("Decode: unknown keys and sections are ignored", "[decode]") {
    const Inventory inv = decodeInventory(
        R"({"deviceid":"d","future":1,"content":{"processes":[{"pid":1}],"bios":{"new":true,"ssn":"X1"}}})");
    REQUIRE(inv.content.bios);
    CHECK(inv.content.bios->ssn == "X1");
}

TEST_CASE("Decode: huge numbers are refused, not wrapped", "[decode]") {
    // Poco's parser refuses integers wider than 64 bits itself.
    CHECK_THROWS_WITH(
        decodeInventory(
            R"({"deviceid":"d","content":{"hardware":{"memory":99999999999999999999999}}})"),
        Catch::Contains("malformed JSON"));
    CHECK(pathOf(R"({"deviceid":"d","content":{"hardware":{"memory":18446744073709551615}}})") ==
          "$.content.hardware.memory");
    CHECK(pathOf(R"({"deviceid":"d","content":{"hardware":{"memory":1e3}}})") ==
          "$.content.hardware.memory");
    const Inventory inv = decodeInventory(
        R"({"deviceid":"d","content":{"hardware":{"memory":9223372036854775807}}})");
    CHECK(inv.content.hardware->memory == INT64_MAX);
}

TEST_CASE("Decode: truncated and malformed documents fail cleanly", "[decode]") {
    const std::string good = R"({"deviceid":"d","content":{"softwares":[{"name":"bash"}]}})";
    for (std::size_t n = 0; n < good.size(); ++n) {
        CAPTURE(n);
        CHECK_THROWS_AS(decodeInventory(good.substr(0, n)), DecodeError);
    }
    CHECK_THROWS_AS(decodeInventory("{\"deviceid\":\"d\",,}"), DecodeError);
    CHECK_THROWS_AS(decodeInventory(std::string("{\"deviceid\":\"\0\"}", 16)), DecodeError);
    CHECK_NOTHROW(decodeInventory(good));
}

TEST_CASE("Decode: deep nesting is refused without exhausting the stack", "[decode]") {
    const std::size_t depth = 100000;
    const std::string deep = std::string(depth, '[') + std::string(depth, ']');
    CHECK_THROWS_AS(decodeInventory(deep), DecodeError);
    const std::string deepObject =
        R"({"deviceid":"d","content":{"x":)" + std::string(40, '[') + std::string(40, ']') + "}}";
    CHECK_THROWS_AS(decodeInventory(deepObject), DecodeError);
}

TEST_CASE("Decode: an oversized document is refused before parsing", "[decode]") {
    DecodeLimits limits;
    limits.maxBytes = 64;
    try {
        decodeInventory(std::string(65, ' '), limits);
        FAIL("no error");
    } catch (const DecodeError& e) {
        CHECK(std::string(e.what()).find("exceeds the limit of 64") != std::string::npos);
    }
}
