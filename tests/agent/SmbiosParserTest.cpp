#include <catch2/catch.hpp>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "parque/agent/parsers/ParseError.h"
#include "parque/agent/parsers/SmbiosParser.h"

namespace fs = std::filesystem;
using parque::agent::ParseError;
namespace smbios = parque::agent::smbios;
using JsonObject = Poco::JSON::Object::Ptr;

namespace {

fs::path smbiosDir() { return fs::path(PARQUE_FIXTURES_DIR) / "real-hardware" / "smbios"; }

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

JsonObject readJson(const fs::path& path) {
    Poco::JSON::Parser parser;
    return parser.parse(readFile(path)).extract<JsonObject>();
}

// Names of the real dumps (NAME.bin without the invalid-* ones), sorted.
std::vector<std::string> realDumps() {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(smbiosDir())) {
        const fs::path& path = entry.path();
        const std::string name = path.stem().string();
        if (path.extension() == ".bin" && name.rfind("invalid-", 0) != 0) {
            names.push_back(name);
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

std::string readDump(const std::string& name) { return readFile(smbiosDir() / (name + ".bin")); }

unsigned byteAt(const std::string& bytes, std::size_t offset) {
    return static_cast<unsigned char>(bytes.at(offset));
}

// The entry point and the table of a dump-bin file, as the kernel would show them in
// /sys/firmware/dmi/tables (entry point length from its own length byte, table at offset 32).
struct SysfsPair {
    std::string entryPoint;
    std::string table;
};

SysfsPair splitDump(const std::string& dump) {
    const bool v3 = dump.rfind("_SM3_", 0) == 0;
    const std::size_t epLength = byteAt(dump, v3 ? 6 : 5);
    const std::size_t tableLength = v3 ? byteAt(dump, 0x0C) | byteAt(dump, 0x0D) << 8 |
                                             byteAt(dump, 0x0E) << 16 | byteAt(dump, 0x0F) << 24
                                       : byteAt(dump, 0x16) | byteAt(dump, 0x17) << 8;
    return {dump.substr(0, epLength), dump.substr(32, tableLength)};
}

// Values are compared as text so that a mismatch shows both sides. dmidecode prints string
// number 0 as "Not Specified" where the parser has std::nullopt; a field the structure does not
// have is absent in dmidecode's output (JSON null) and std::nullopt in the parser.
std::string expectedText(const JsonObject& object, const std::string& key) {
    if (object.isNull() || object->isNull(key)) {
        return "null";
    }
    const Poco::Dynamic::Var value = object->get(key);
    if (value.isString()) {
        return "\"" + value.toString() + "\"";
    }
    if (value.isBoolean()) {
        return value.extract<bool>() ? "true" : "false";
    }
    return value.toString();
}

std::string actualText(const std::optional<std::string>& value, const std::string& expected) {
    if (!value) {
        return expected == "null" ? "null" : "\"Not Specified\"";
    }
    return "\"" + *value + "\"";
}

std::string actualText(const std::optional<std::int64_t>& value, const std::string&) {
    return value ? std::to_string(*value) : "null";
}

std::string actualText(bool value, const std::string&) { return value ? "true" : "false"; }

template <typename Value>
void checkField(const JsonObject& object, const std::string& path, const std::string& key,
                const Value& actual) {
    const std::string expected = expectedText(object, key);
    INFO("field " << path << "." << key);
    CHECK(actualText(actual, expected) == expected);
}

JsonObject member(const JsonObject& parent, const std::string& key) {
    return parent->isNull(key) ? JsonObject() : parent->getObject(key);
}

template <typename Section>
Section orEmpty(const std::optional<Section>& section) {
    return section.value_or(Section{});
}

void checkFirmware(const JsonObject& expected, const smbios::Tables& tables) {
    const JsonObject bios = member(expected, "bios");
    const smbios::Bios b = orEmpty(tables.bios);
    checkField(bios, "bios", "vendor", b.vendor);
    checkField(bios, "bios", "version", b.version);
    checkField(bios, "bios", "date", b.releaseDate);

    const JsonObject system = member(expected, "system");
    const smbios::System s = orEmpty(tables.system);
    checkField(system, "system", "manufacturer", s.manufacturer);
    checkField(system, "system", "product", s.product);
    checkField(system, "system", "version", s.version);
    checkField(system, "system", "serial", s.serial);
    checkField(system, "system", "uuid", s.uuid);
    checkField(system, "system", "sku", s.sku);
    checkField(system, "system", "family", s.family);

    const JsonObject board = member(expected, "board");
    const smbios::Board m = orEmpty(tables.board);
    checkField(board, "board", "manufacturer", m.manufacturer);
    checkField(board, "board", "product", m.product);
    checkField(board, "board", "version", m.version);
    checkField(board, "board", "serial", m.serial);
    checkField(board, "board", "asset_tag", m.assetTag);

    const JsonObject chassis = member(expected, "chassis");
    const smbios::Chassis c = orEmpty(tables.chassis);
    checkField(chassis, "chassis", "type", c.type);
    checkField(chassis, "chassis", "manufacturer", c.manufacturer);
    checkField(chassis, "chassis", "version", c.version);
    checkField(chassis, "chassis", "serial", c.serial);
    checkField(chassis, "chassis", "asset_tag", c.assetTag);
}

void checkProcessors(const JsonObject& expected, const smbios::Tables& tables) {
    std::vector<smbios::Processor> central;  // the reference lists "Central Processor" only
    std::copy_if(tables.processors.begin(), tables.processors.end(), std::back_inserter(central),
                 [](const smbios::Processor& p) { return p.isCentralProcessor; });
    const Poco::JSON::Array::Ptr list = expected->getArray("processors");
    REQUIRE(central.size() == list->size());
    for (std::size_t i = 0; i < central.size(); ++i) {
        const JsonObject e = list->getObject(static_cast<unsigned>(i));
        const smbios::Processor& p = central[i];
        const std::string path = "processors[" + std::to_string(i) + "]";
        checkField(e, path, "socket", p.socket);
        checkField(e, path, "manufacturer", p.manufacturer);
        checkField(e, path, "version", p.version);
        checkField(e, path, "family", p.family);
        checkField(e, path, "max_speed_mhz", p.maxSpeedMhz);
        checkField(e, path, "current_speed_mhz", p.currentSpeedMhz);
        checkField(e, path, "core_count", p.coreCount);
        checkField(e, path, "thread_count", p.threadCount);
        checkField(e, path, "status", p.status);
        checkField(e, path, "populated", p.populated);
    }
}

// The processor "ID:" lines of a dmidecode transcript (8 hex bytes; other types' "ID:" lines,
// such as a slot number, do not have that shape).
std::vector<std::string> transcriptProcessorIds(const std::string& transcript) {
    std::vector<std::string> ids;
    const std::string prefix = "\n\tID: ";
    for (std::size_t at = transcript.find(prefix); at != std::string::npos;
         at = transcript.find(prefix, at + 1)) {
        const std::string id = transcript.substr(at + prefix.size(), 23);
        const std::size_t end = at + prefix.size() + 23;
        if (id.size() == 23 && end < transcript.size() && transcript[end] == '\n' &&
            std::count(id.begin(), id.end(), ' ') == 7) {
            ids.push_back(id);
        }
    }
    return ids;
}

void checkMemory(const JsonObject& expected, const smbios::Tables& tables) {
    const Poco::JSON::Array::Ptr list = expected->getArray("memory_devices");
    REQUIRE(tables.memoryDevices.size() == list->size());
    for (std::size_t i = 0; i < list->size(); ++i) {
        const JsonObject e = list->getObject(static_cast<unsigned>(i));
        const smbios::MemoryDevice& d = tables.memoryDevices[i];
        const std::string path = "memory_devices[" + std::to_string(i) + "]";
        checkField(e, path, "locator", d.locator);
        checkField(e, path, "bank", d.bank);
        checkField(e, path, "size_mb", d.sizeMb);
        checkField(e, path, "type", d.type);
        checkField(e, path, "form_factor", d.formFactor);
        checkField(e, path, "speed_mts", d.speedMts);
        checkField(e, path, "configured_speed_mts", d.configuredSpeedMts);
        checkField(e, path, "manufacturer", d.manufacturer);
        checkField(e, path, "serial", d.serial);
        checkField(e, path, "part_number", d.partNumber);
    }
}

std::size_t countOccurrences(const std::string& text, const std::string& needle) {
    std::size_t count = 0;
    for (std::size_t at = text.find(needle); at != std::string::npos;
         at = text.find(needle, at + 1)) {
        ++count;
    }
    return count;
}

}  // namespace

TEST_CASE("SmbiosParser: real dumps match dmidecode field by field", "[smbios][fixtures]") {
    const std::vector<std::string> names = realDumps();
    REQUIRE(names.size() >= 16);
    for (const std::string& name : names) {
        DYNAMIC_SECTION(name) {
            INFO("dump " << name);
            const fs::path jsonPath = smbiosDir() / (name + ".expected.json");
            const JsonObject expected = readJson(jsonPath);
            const smbios::Tables tables = smbios::parseDump(readDump(name));

            CHECK(tables.version == expected->getValue<std::string>("smbios_version"));
            CHECK(tables.entryPoint == expected->getValue<std::string>("entry_point"));
            CHECK(tables.structuresDecoded == expected->getValue<int>("structures_decoded"));
            checkFirmware(expected, tables);
            checkProcessors(expected, tables);
            checkMemory(expected, tables);

            std::vector<std::string> ids;  // every type 4, as in dmidecode's transcript
            for (const smbios::Processor& p : tables.processors) {
                ids.push_back(p.id);
            }
            CHECK(ids == transcriptProcessorIds(readFile(smbiosDir() / (name + ".dmidecode.txt"))));

            // Real tables are sound; the only problems allowed are the "<BAD INDEX>" strings
            // that dmidecode also shows (Parallels' chassis asset tag).
            INFO("problems: " << Catch::Detail::stringify(tables.problems));
            CHECK(tables.problems.size() ==
                  countOccurrences(readFile(jsonPath), "\"<BAD INDEX>\""));
        }
    }
}

TEST_CASE("SmbiosParser: kernel sysfs files give the same result as the dump", "[smbios]") {
    for (const std::string& name : realDumps()) {
        INFO("dump " << name);
        const std::string dump = readDump(name);
        const SysfsPair sysfs = splitDump(dump);
        const smbios::Tables fromDump = smbios::parseDump(dump);
        const smbios::Tables fromSysfs = smbios::parse(sysfs.entryPoint, sysfs.table);
        CHECK(fromSysfs.structuresDecoded == fromDump.structuresDecoded);
        CHECK(fromSysfs.processors.size() == fromDump.processors.size());
        CHECK(fromSysfs.memoryDevices.size() == fromDump.memoryDevices.size());
        CHECK(fromSysfs.problems == fromDump.problems);
    }
}

TEST_CASE("SmbiosParser: the table address in the entry point is ignored", "[smbios]") {
    // A real entry point carries a physical address such as 0x000E8B20; parse() must still
    // read the table from offset 0 of the table bytes.
    const SysfsPair sysfs = splitDump(readDump("Dell-Latitude-D610"));
    std::string entryPoint = sysfs.entryPoint;
    const auto patch = [&entryPoint](std::size_t at, unsigned value) {
        const unsigned old = byteAt(entryPoint, at);
        entryPoint[at] = static_cast<char>(value);
        const auto fix = static_cast<unsigned>(byteAt(entryPoint, 0x15) + old - value);
        entryPoint[0x15] = static_cast<char>(fix & 0xFFu);  // _DMI_ checksum
    };
    patch(0x18, 0x20);
    patch(0x19, 0x8B);
    patch(0x1A, 0x0E);
    unsigned sum = 0;
    for (std::size_t i = 0; i < entryPoint.size(); ++i) {
        sum += i == 4 ? 0 : byteAt(entryPoint, i);
    }
    entryPoint[4] = static_cast<char>((0x100u - (sum & 0xFFu)) & 0xFFu);  // _SM_ checksum
    const smbios::Tables tables = smbios::parse(entryPoint, sysfs.table);
    CHECK(tables.problems.empty());
    CHECK(tables.structuresDecoded == 60);
    REQUIRE(tables.system);
    CHECK(tables.system->product == "Latitude D610");
}

TEST_CASE("SmbiosParser: a broken entry point checksum throws", "[smbios][malformed]") {
    const std::string dump = readFile(smbiosDir() / "invalid-ep-checksum-D500.bin");
    CHECK_THROWS_AS(smbios::parseDump(dump), ParseError);
    CHECK_THROWS_AS(smbios::parse(dump.substr(0, 31), dump.substr(32)), ParseError);
    CHECK_THROWS_AS(smbios::parseDump(""), ParseError);
    CHECK_THROWS_AS(smbios::parseDump("_SM_"), ParseError);
    CHECK_THROWS_AS(smbios::parseDump("not an entry point at all, really"), ParseError);
}

TEST_CASE("SmbiosParser: a truncated table keeps what was decoded", "[smbios][malformed]") {
    const smbios::Tables tables =
        smbios::parseDump(readFile(smbiosDir() / "invalid-truncated-table-T61p.bin"));
    INFO("problems: " << Catch::Detail::stringify(tables.problems));
    REQUIRE(tables.problems.size() == 2);
    CHECK(tables.problems[0] == "table is 1000 bytes, the entry point announces 2437");
    CHECK(tables.problems[1].find("no double-NUL string-set terminator") != std::string::npos);
    CHECK(tables.structuresDecoded == 22);  // dmidecode: 23 handles, the last one <TRUNCATED>
    REQUIRE(tables.bios);
    CHECK(tables.bios->version == "7LET56WW (1.26 )");
    REQUIRE(tables.system);
    CHECK(tables.system->serial == "L3C7558");
    REQUIRE(tables.chassis);
    CHECK(tables.chassis->type == "Notebook");
    CHECK(tables.processors.size() == 1);
}

TEST_CASE("SmbiosParser: string numbers past the string set", "[smbios][malformed]") {
    const smbios::Tables tables =
        smbios::parseDump(readFile(smbiosDir() / "invalid-string-index-D610.bin"));
    INFO("problems: " << Catch::Detail::stringify(tables.problems));
    CHECK(tables.problems.size() == 5);  // type 1: 2 strings; type 17: 2 + 1 (empty slot)
    CHECK(tables.structuresDecoded == 60);
    REQUIRE(tables.system);
    CHECK(tables.system->manufacturer == "<BAD INDEX>");  // as dmidecode shows it
    CHECK(tables.system->serial == "<BAD INDEX>");
    CHECK(tables.system->product == "Latitude D610");
    REQUIRE(tables.memoryDevices.size() == 2);
    CHECK(tables.memoryDevices[0].locator == "<BAD INDEX>");
    CHECK(tables.memoryDevices[0].serial == "<BAD INDEX>");
    CHECK(tables.memoryDevices[0].sizeMb == 512);
    CHECK(tables.memoryDevices[1].locator == "<BAD INDEX>");
    CHECK(tables.memoryDevices[1].sizeMb == 0);
}

TEST_CASE("SmbiosParser: every prefix and byte flips never crash", "[smbios][robustness]") {
    const auto start = std::chrono::steady_clock::now();
    const SysfsPair sysfs = splitDump(readDump("Toshiba-Satellite-Pro-L70"));
    int previous = 0;
    std::size_t nonMonotonic = 0;
    std::size_t wrongProblems = 0;
    for (std::size_t length = 0; length <= sysfs.table.size(); ++length) {
        const smbios::Tables tables =
            smbios::parse(sysfs.entryPoint, sysfs.table.substr(0, length));
        nonMonotonic += tables.structuresDecoded < previous ? 1 : 0;
        wrongProblems += tables.problems.empty() != (length == sysfs.table.size()) ? 1U : 0U;
        previous = tables.structuresDecoded;
    }
    CHECK(nonMonotonic == 0);
    CHECK(wrongProblems == 0);  // every short prefix is reported, the full table is clean
    CHECK(previous == 69);
    for (std::size_t length = 0; length < sysfs.entryPoint.size(); ++length) {
        CHECK_THROWS_AS(smbios::parse(sysfs.entryPoint.substr(0, length), sysfs.table), ParseError);
    }

    // Every byte of a whole dump (entry point and table) set to a few telling values.
    const std::string dump = readDump("Parallels-Virtual-Platform");
    int parsed = 0;
    int rejected = 0;
    for (std::size_t at = 0; at < dump.size(); ++at) {
        for (const char value : {'\x00', '\x04', '\x7F', '\xFF'}) {
            std::string flipped = dump;
            flipped[at] = value;
            try {
                const smbios::Tables tables = smbios::parseDump(flipped);
                parsed += tables.structuresDecoded <= 19 ? 1 : 0;
            } catch (const ParseError&) {
                ++rejected;
            }
        }
    }
    CHECK(parsed > 0);
    CHECK(rejected > 0);
    CHECK(parsed + rejected == static_cast<int>(dump.size() * 4));
    const auto elapsed = std::chrono::steady_clock::now() - start;
    CHECK(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count() < 1000);
}
