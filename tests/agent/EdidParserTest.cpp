#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "parque/agent/parsers/EdidParser.h"
#include "parque/agent/parsers/PnpIds.h"

namespace fs = std::filesystem;
using parque::agent::ParseError;
using parque::agent::PnpIds;
namespace edid = parque::agent::edid;

namespace {

fs::path edidDir() { return fs::path(PARQUE_FIXTURES_DIR) / "real-hardware" / "edid"; }

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

Poco::JSON::Object::Ptr readJson(const fs::path& path) {
    Poco::JSON::Parser parser;
    return parser.parse(readFile(path)).extract<Poco::JSON::Object::Ptr>();
}

struct Fixture {
    std::string name;
    fs::path bin;
    fs::path json;
};

// Every NAME.bin with its NAME.expected.json, sorted by name.
std::vector<Fixture> fixtures() {
    std::vector<Fixture> all;
    for (const auto& entry : fs::directory_iterator(edidDir())) {
        const fs::path path = entry.path();
        if (path.extension() == ".bin") {
            const std::string name = path.stem().string();
            all.push_back({name, path, path.parent_path() / (name + ".expected.json")});
        }
    }
    std::sort(all.begin(), all.end(),
              [](const Fixture& a, const Fixture& b) { return a.name < b.name; });
    return all;
}

bool isBlank(const std::string& text) { return text.find_first_not_of(' ') == std::string::npos; }

// Values are compared as text so that a mismatch shows both sides readably.
std::string show(const std::optional<int>& value) {
    return value ? std::to_string(*value) : "null";
}

std::string show(const std::optional<std::string>& value) {
    return value ? "'" + *value + "'" : "null";
}

std::string show(const std::optional<std::pair<int, int>>& value) {
    return value ? std::to_string(value->first) + "x" + std::to_string(value->second) : "null";
}

std::string show(const std::vector<std::string>& values) {
    std::string text = "[";
    for (const auto& value : values) {
        text += "'" + value + "' ";
    }
    return text + "]";
}

std::string expectedInt(const Poco::JSON::Object::Ptr& json, const std::string& key) {
    REQUIRE(json->has(key));
    const Poco::Dynamic::Var value = json->get(key);
    return value.isEmpty() ? "null" : std::to_string(value.convert<std::int64_t>());
}

// Empty or blank strings count as absent (the parser's rule for serial and name).
std::string expectedText(const Poco::JSON::Object::Ptr& json, const std::string& key) {
    REQUIRE(json->has(key));
    const Poco::Dynamic::Var value = json->get(key);
    if (value.isEmpty() || isBlank(value.toString())) {
        return "null";
    }
    return "'" + value.toString() + "'";
}

std::string expectedSize(const Poco::JSON::Object::Ptr& json) {
    const auto size = json->getArray("size_cm");
    if (!size) {
        return "null";
    }
    REQUIRE(size->size() == 2);
    return std::to_string(size->getElement<int>(0)) + "x" +
           std::to_string(size->getElement<int>(1));
}

std::string expectedNames(const Poco::JSON::Object::Ptr& json) {
    const auto names = json->getArray("monitor_names");
    REQUIRE(names);
    std::vector<std::string> values;
    for (std::size_t i = 0; i < names->size(); ++i) {
        values.push_back(names->getElement<std::string>(static_cast<unsigned>(i)));
    }
    return show(values);
}

void compareField(const std::string& name, const std::string& field, const std::string& expected,
                  const std::string& actual) {
    INFO(name << ": field " << field);
    CHECK(actual == expected);
}

void compareWithReference(const Fixture& fixture, const Poco::JSON::Object::Ptr& json) {
    const std::string& n = fixture.name;
    const edid::Edid e = edid::parse(readFile(fixture.bin));
    compareField(n, "manufacturer", "'" + json->getValue<std::string>("manufacturer") + "'",
                 "'" + e.manufacturer + "'");
    compareField(n, "product_code", expectedInt(json, "product_code"),
                 std::to_string(e.productCode));
    compareField(n, "serial_number", expectedInt(json, "serial_number"),
                 std::to_string(e.serialNumber));
    compareField(n, "serial_string", expectedText(json, "serial_string"), show(e.serialString));
    compareField(n, "monitor_name", expectedText(json, "monitor_name"), show(e.monitorName));
    compareField(n, "monitor_names", expectedNames(json), show(e.monitorNames));
    compareField(n, "year", expectedInt(json, "year"), show(e.year));
    compareField(n, "week", expectedInt(json, "week"), show(e.week));
    compareField(n, "model_year", expectedInt(json, "model_year"), show(e.modelYear));
    compareField(n, "size_cm", expectedSize(json), show(e.sizeCm));
    compareField(n, "edid_version", "'" + json->getValue<std::string>("edid_version") + "'",
                 "'" + e.version + "'");
    compareField(n, "size_bytes", expectedInt(json, "size_bytes"), std::to_string(e.sizeBytes));
    INFO(n << ": warnings");
    CHECK(e.warnings.empty());
}

// Sets the last byte of 128-byte block `index` so that the block sums to 0 mod 256.
void fixChecksum(std::string& bytes, std::size_t index) {
    const std::size_t start = index * 128;
    unsigned sum = 0;
    for (std::size_t i = start; i < start + 127; ++i) {
        sum += static_cast<std::uint8_t>(bytes[i]);
    }
    bytes[start + 127] = static_cast<char>((256u - (sum & 0xFFu)) & 0xFFu);
}

// Parses without letting anything but ParseError escape; returns whether it succeeded.
bool parsesOrRejects(const std::string& bytes) {
    try {
        edid::parse(bytes);
        return true;
    } catch (const ParseError&) {
        return false;
    }
}

std::string realEdid(const std::string& name) { return readFile(edidDir() / (name + ".bin")); }

// A display descriptor (tag, 13-byte text padded like EDIDs do) written at `offset`.
void writeTextDescriptor(std::string& bytes, std::size_t offset, std::uint8_t tag,
                         const std::string& text) {
    std::string descriptor(18, '\0');
    descriptor[3] = static_cast<char>(tag);
    std::string payload = text.substr(0, 13);
    if (payload.size() < 13) {
        payload += '\n';
    }
    payload.resize(13, ' ');
    descriptor.replace(5, 13, payload);
    bytes.replace(offset, 18, descriptor);
}

}  // namespace

TEST_CASE("EdidParser: real EDIDs match the edid-decode references", "[edid][fixtures]") {
    std::size_t real = 0;
    for (const auto& fixture : fixtures()) {
        const auto json = readJson(fixture.json);
        if (json->has("invalid")) {
            continue;
        }
        ++real;
        compareWithReference(fixture, json);
    }
    CHECK(real >= 28);
}

TEST_CASE("EdidParser: malformed references are rejected", "[edid][fixtures]") {
    std::size_t invalid = 0;
    for (const auto& fixture : fixtures()) {
        if (readJson(fixture.json)->has("invalid")) {
            ++invalid;
            INFO(fixture.name);
            CHECK_THROWS_AS(edid::parse(readFile(fixture.bin)), ParseError);
        }
    }
    CHECK(invalid >= 2);
    CHECK_THROWS_WITH(edid::parse(readFile(edidDir() / "invalid-truncated60-DEL93F9.bin")),
                      "EDID too short: 60 bytes, need 128");
    CHECK_THROWS_WITH(edid::parse(readFile(edidDir() / "invalid-badchecksum-SAM0304.bin")),
                      "EDID block 0 checksum mismatch");
}

TEST_CASE("EdidParser: structural errors have precise messages", "[edid]") {
    const std::string good = realEdid("GSM5BC2_441C02");  // 256 bytes, 1 extension
    CHECK_THROWS_WITH(edid::parse(""), "EDID too short: 0 bytes, need 128");
    CHECK_THROWS_WITH(edid::parse(good.substr(0, 200)),
                      "EDID truncated: 1 extension block(s) declared, need 256 bytes, got 200");
    std::string badHeader = good;
    badHeader[3] = 0x00;
    fixChecksum(badHeader, 0);
    CHECK_THROWS_WITH(edid::parse(badHeader),
                      "EDID header mismatch at byte 3: expected 00 FF FF FF FF FF FF 00");
}

TEST_CASE("EdidParser: extension checksum and trailing bytes are warnings", "[edid]") {
    std::string bytes = realEdid("GSM5BC2_441C02");
    bytes[255] = static_cast<char>(bytes[255] ^ 0x5A);
    const edid::Edid withBadExtension = edid::parse(bytes);
    CHECK(withBadExtension.monitorName == std::optional<std::string>("LG ULTRAFINE"));
    REQUIRE(withBadExtension.warnings.size() == 1);
    CHECK(withBadExtension.warnings[0] == "EDID block 1 checksum mismatch");

    const edid::Edid padded = edid::parse(realEdid("DEL4066_15C07E") + std::string(128, '\0'));
    CHECK(padded.sizeBytes == 128);
    CHECK(padded.warnings.size() == 1);
}

TEST_CASE("EdidParser: week and year semantics follow edid-decode", "[edid]") {
    std::string bytes = realEdid("DEL4066_15C07E");
    bytes[16] = static_cast<char>(0xFF);
    bytes[17] = 30;
    fixChecksum(bytes, 0);
    edid::Edid e = edid::parse(bytes);
    CHECK(e.modelYear == std::optional<int>(2020));
    CHECK_FALSE(e.year);
    CHECK_FALSE(e.week);

    bytes[16] = 0;
    fixChecksum(bytes, 0);
    e = edid::parse(bytes);
    CHECK(e.year == std::optional<int>(2020));
    CHECK_FALSE(e.week);
    CHECK_FALSE(e.modelYear);

    bytes[21] = 0;  // width 0: aspect ratio / variable size, no image size
    fixChecksum(bytes, 0);
    CHECK_FALSE(edid::parse(bytes).sizeCm);
}

TEST_CASE("EdidParser: descriptor strings", "[edid]") {
    std::string bytes = realEdid("DEL4066_15C07E");  // descriptors 2 = 0xFF, 3 = 0xFC
    writeTextDescriptor(bytes, 0x48, 0xFF, "   ");
    writeTextDescriptor(bytes, 0x5A, 0xFC, "A  B  ");
    writeTextDescriptor(bytes, 0x6C, 0xFC, std::string("X\x01Y\x00Z", 5));
    fixChecksum(bytes, 0);
    const edid::Edid e = edid::parse(bytes);
    CHECK_FALSE(e.serialString);
    CHECK(e.monitorName == std::optional<std::string>("A  B"));
    CHECK(e.monitorNames == std::vector<std::string>{"A  B", "X?Y"});

    writeTextDescriptor(bytes, 0x5A, 0xFC, "");
    fixChecksum(bytes, 0);
    const edid::Edid blank = edid::parse(bytes);
    CHECK_FALSE(blank.monitorName);
    CHECK(blank.monitorNames.size() == 2);
}

TEST_CASE("EdidParser: display descriptors in a CTA-861 extension", "[edid]") {
    std::string bytes = realEdid("HLT2A3B_FC0A3B");  // CTA block, DTD area at offset 26
    const std::size_t dtdArea = 128 + static_cast<std::uint8_t>(bytes[128 + 2]);
    writeTextDescriptor(bytes, dtdArea + 18, 0xFC, "Second Name");
    fixChecksum(bytes, 1);
    const edid::Edid e = edid::parse(bytes);
    CHECK(e.monitorNames == std::vector<std::string>{"WaveShare", "Second Name"});
    CHECK(e.warnings.empty());
}

TEST_CASE("EdidParser: every prefix and byte flip is handled", "[edid][robustness]") {
    const auto started = std::chrono::steady_clock::now();
    const std::string good = realEdid("GSM5BC2_441C02");
    for (std::size_t length = 0; length <= good.size(); ++length) {
        INFO("prefix " << length);
        CHECK(parsesOrRejects(good.substr(0, length)) == (length == good.size()));
    }
    for (std::size_t i = 0; i < good.size(); ++i) {
        for (unsigned mask : {0x01u, 0x80u, 0xFFu}) {
            std::string flipped = good;
            flipped[i] = static_cast<char>(static_cast<std::uint8_t>(flipped[i]) ^ mask);
            parsesOrRejects(flipped);
            fixChecksum(flipped, i / 128);
            INFO("flip at " << i << " mask " << mask);
            const bool headerOrCount = i < 8 || i == 126;
            CHECK((parsesOrRejects(flipped) || headerOrCount));
        }
    }
    std::mt19937 random(12345);
    for (int round = 0; round < 2000; ++round) {
        std::string bytes = good;
        for (std::size_t i = 8; i < bytes.size(); ++i) {
            bytes[i] = static_cast<char>(random() & 0xFFu);
        }
        bytes[126] = static_cast<char>(random() % 3);
        fixChecksum(bytes, 0);
        fixChecksum(bytes, 1);
        parsesOrRejects(bytes);
    }
    const auto elapsed = std::chrono::steady_clock::now() - started;
    CHECK(elapsed < std::chrono::seconds(1));
}

TEST_CASE("PnpIds: parses hwdata lines and skips junk", "[pnp]") {
    std::istringstream in(
        "AAA\tAvolites Ltd\n"
        "DEL\tDell Inc.\r\n"
        "\n"
        "# a comment\n"
        "SAM\tSamsung Electric Company\n"
        "GSM\tLG Electronics\n"
        "XY\tToo short id\n"
        "ABCD\tToo long id\n"
        "NON\t   \n"
        "garbage line without tab\n"
        "DEL\tDuplicate loses\n"
        "HTL\tHTBLuVA M\xc3\xb6"
        "dling");
    const PnpIds ids = PnpIds::parse(in);
    CHECK(ids.size() == 5);
    CHECK(ids.name("DEL") == std::optional<std::string>("Dell Inc."));
    CHECK(ids.name("SAM") == std::optional<std::string>("Samsung Electric Company"));
    CHECK(ids.name("HTL") == std::optional<std::string>("HTBLuVA M\xc3\xb6"
                                                        "dling"));
    CHECK_FALSE(ids.name("XY"));
    CHECK_FALSE(ids.name("ABC"));
    CHECK_FALSE(ids.name("NON"));
    CHECK_FALSE(ids.name(""));
}

TEST_CASE("PnpIds: vendor names match the references with the real pnp.ids", "[pnp][fixtures]") {
    std::ifstream in("/usr/share/hwdata/pnp.ids");
    if (!in) {
        WARN("/usr/share/hwdata/pnp.ids not found (package hwdata); test skipped");
        return;
    }
    const PnpIds ids = PnpIds::parse(in);
    CHECK(ids.size() > 2000);
    for (const auto& fixture : fixtures()) {
        const auto json = readJson(fixture.json);
        if (json->has("invalid")) {
            continue;
        }
        const std::string id = json->getValue<std::string>("manufacturer");
        INFO(fixture.name << ": manufacturer_name for " << id);
        CHECK(show(ids.name(id)) == expectedText(json, "manufacturer_name"));
    }
}
