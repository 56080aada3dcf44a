// The RSMB table Windows returns goes through the same parser and mapping as Linux's sysfs files.
#include "parque/agent/SmbiosContent.h"
#include "parque/agent/SmbiosDump.h"
#include "parque/agent/parsers/ParseError.h"
#include "parque/agent/windows/WindowsCollectors.h"
#include "parque/util/AtomicFile.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <sstream>
#include <string>

using namespace parque;
using namespace parque::agent;

namespace {

const std::string kTables =
    std::string(PARQUE_FIXTURES_DIR) + "/hosts/pos-terminal/sys/firmware/dmi/tables/";

// What GetSystemFirmwareTable('RSMB') would return for the table behind `entryPoint`.
std::string rsmbOf(const std::string& entryPoint, const std::string& table) {
    const bool v3 = entryPoint.compare(0, 5, "_SM3_") == 0;
    std::string raw(8, '\0');
    raw[1] = entryPoint[v3 ? 7 : 6];
    raw[2] = entryPoint[v3 ? 8 : 7];
    const auto size = static_cast<std::uint32_t>(table.size());
    for (int i = 0; i < 4; ++i) {
        raw[static_cast<std::size_t>(4 + i)] = static_cast<char>((size >> (8 * i)) & 0xFFu);
    }
    return raw + table;
}

}  // namespace

TEST_CASE("Windows: an RSMB table decodes to what the Linux files of the same machine give",
          "[windows][smbios]") {
    const std::string entryPoint = util::readFile(kTables + "smbios_entry_point");
    const std::string table = util::readFile(kTables + "DMI");
    inventory::Content fromLinux;
    applySmbiosTables(smbios::parse(entryPoint, table), fromLinux);

    const auto raw = platform::splitRawSmbios(rsmbOf(entryPoint, table));
    CHECK(raw.table == table);
    inventory::Content fromWindows;
    applySmbiosTables(smbios::parse(raw.entryPoint, raw.table), fromWindows);

    REQUIRE(fromLinux.bios.has_value());
    CHECK(fromLinux.bios->smanufacturer.has_value());
    CHECK(fromWindows.bios == fromLinux.bios);
    CHECK(fromWindows.hardware == fromLinux.hardware);
    CHECK(fromWindows.memories == fromLinux.memories);
    CHECK(fromWindows.cpus == fromLinux.cpus);
    CHECK_FALSE(fromWindows.memories.empty());
}

TEST_CASE("Windows: a short or lying RSMB header is a parse error", "[windows][smbios]") {
    CHECK_THROWS_AS(platform::splitRawSmbios(std::string(7, '\0')), ParseError);
    std::string lying(8, '\0');
    lying[4] = 100;  // announces 100 bytes, none follow
    CHECK_THROWS_AS(platform::splitRawSmbios(lying + "abc"), ParseError);
    const auto empty = platform::splitRawSmbios(std::string(8, '\0'));
    CHECK(empty.table.empty());
    CHECK(empty.entryPoint.compare(0, 5, "_SM3_") == 0);
}

TEST_CASE("Windows: the SMBIOS collector reads Wine's RSMB table", "[windows][smbios]") {
    Report report;
    const auto data = platform::readRawSmbios(report, "smbios");
    REQUIRE(data.has_value());
    const auto raw = platform::splitRawSmbios(*data);
    const smbios::Tables tables = smbios::parse(raw.entryPoint, raw.table);
    CHECK(tables.structuresDecoded > 0);
    CHECK(tables.bios.has_value());
    inventory::Content content;
    platform::collectSmbios(content, report);
    CHECK(content.bios.has_value());
}

TEST_CASE("Windows: dump-smbios images read back like the tables they came from",
          "[windows][smbios]") {
    for (const char* host : {"pos-terminal", "rpm-server"}) {
        const std::string dir =
            std::string(PARQUE_FIXTURES_DIR) + "/hosts/" + host + "/sys/firmware/dmi/tables/";
        const std::string entryPoint = util::readFile(dir + "smbios_entry_point");
        const std::string table = util::readFile(dir + "DMI");
        const smbios::Tables direct = smbios::parse(entryPoint, table);
        const std::string image = smbiosDumpBin(entryPoint, table);
        CHECK(image.size() == 32 + table.size());
        const smbios::Tables dumped = smbios::parseDump(image);
        CHECK(dumped.version == direct.version);
        CHECK(dumped.structuresDecoded == direct.structuresDecoded);
        CHECK(dumped.problems == direct.problems);
        inventory::Content a;
        inventory::Content b;
        applySmbiosTables(direct, a);
        applySmbiosTables(dumped, b);
        CHECK(a == b);
    }
    // The entry point made for an RSMB table rewrites too.
    const auto raw = platform::splitRawSmbios(std::string(8, '\0') + std::string(4, '\0'));
    CHECK_NOTHROW(smbios::parseDump(smbiosDumpBin(raw.entryPoint, raw.table)));
    CHECK_THROWS_AS(smbiosDumpBin("_XX_ not an entry point", ""), ParseError);
}

TEST_CASE("Windows: parque-agent dump-smbios writes Wine's table", "[windows][smbios]") {
    const std::string file = "parque-dump-smbios-test.bin";
    std::ostringstream out;
    std::ostringstream log;
    REQUIRE(runDumpSmbiosCommand({file}, out, log) == 0);
    const std::string image = util::readFile(file);
    CHECK(smbios::parseDump(image).structuresDecoded > 0);
    std::remove(file.c_str());
    CHECK(runDumpSmbiosCommand({}, out, log) == 2);
}
