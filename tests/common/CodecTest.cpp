#include "SampleInventory.h"

#include "parque/inventory/Fields.h"
#include "parque/inventory/JsonCodec.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace parque::inventory;
namespace fs = std::filesystem;

namespace {

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Written for the schema validation test (tests/tools/validate_schema.py), which runs after us.
void writeForSchemaCheck(const std::string& name, const std::string& json) {
    const fs::path dir(PARQUE_SCHEMA_OUT_DIR);
    fs::create_directories(dir);
    std::ofstream(dir / (name + ".json"), std::ios::binary) << json;
}

std::vector<fs::path> examples() {
    std::vector<fs::path> files;
    for (const auto& entry :
         fs::directory_iterator(fs::path(PARQUE_FIXTURES_DIR) / "glpi-inventory-format/examples")) {
        files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

class NameRecorder {
public:
    std::vector<std::string> names;
    template <class V>
    void operator()(const char* name, V& /*value*/, const Rule& /*rule*/) {
        names.emplace_back(name);
    }
};

template <class T>
bool fieldsSorted() {
    T object{};
    NameRecorder recorder;
    Fields<T>::visit(object, recorder);
    return std::is_sorted(recorder.names.begin(), recorder.names.end()) &&
           std::adjacent_find(recorder.names.begin(), recorder.names.end()) == recorder.names.end();
}

}  // namespace

TEST_CASE("Codec: every example of the GLPI format survives decode, encode, decode", "[codec]") {
    const auto files = examples();
    REQUIRE(files.size() >= 3);
    for (const auto& file : files) {
        DYNAMIC_SECTION(file.filename().string()) {
            const Inventory first = decodeInventory(readFile(file));
            const std::string json = encode(first);
            const Inventory second = decodeInventory(json);
            CHECK(first == second);
            CHECK(encode(second) == json);
            writeForSchemaCheck("example-" + file.stem().string(), json);
        }
    }
}

TEST_CASE("Codec: the full example keeps its values", "[codec]") {
    const Inventory inv = decodeInventory(
        readFile(fs::path(PARQUE_FIXTURES_DIR) / "glpi-inventory-format/examples/computer_1.json"));
    CHECK(inv.deviceid == "glpixps-2018-07-09-09-07-13");
    REQUIRE(inv.content.bios);
    CHECK(inv.content.bios->ssn == "640HP72");
    CHECK(inv.content.bios->bdate == "2016-02-06");
    REQUIRE(inv.content.hardware);
    CHECK(inv.content.hardware->memory == 7800);
    REQUIRE(inv.content.batteries.size() == 1);
    CHECK(inv.content.batteries[0].voltage == 8465);
    CHECK_FALSE(inv.content.softwares.empty());
    CHECK_FALSE(inv.content.networks.empty());
    CHECK(inv.content.versionclient == "FusionInventory-Agent_v2.5.2-1.fc31");
}

TEST_CASE("Codec: an inventory with every field set round-trips and is written", "[codec]") {
    const Inventory full = parque::testing::fullySetInventory();
    const std::string json = encode(full);
    CHECK(decodeInventory(json) == full);
    CHECK(json.find("\"class\":") != std::string::npos);
    CHECK(json.find("\"volumn\":") != std::string::npos);
    CHECK(json.find("\"timezone\":{\"name\"") != std::string::npos);
    writeForSchemaCheck("fully-set", json);
}

TEST_CASE("Codec: field lists are alphabetical, so output keys are sorted", "[codec]") {
    CHECK(fieldsSorted<Inventory>());
    CHECK(fieldsSorted<Content>());
    CHECK(fieldsSorted<Hardware>());
    CHECK(fieldsSorted<Bios>());
    CHECK(fieldsSorted<OperatingSystem>());
    CHECK(fieldsSorted<Cpu>());
    CHECK(fieldsSorted<Memory>());
    CHECK(fieldsSorted<Storage>());
    CHECK(fieldsSorted<Drive>());
    CHECK(fieldsSorted<Network>());
    CHECK(fieldsSorted<Software>());
    CHECK(fieldsSorted<UsbDevice>());
    CHECK(fieldsSorted<Monitor>());
    CHECK(fieldsSorted<Battery>());
    CHECK(fieldsSorted<Controller>());
    CHECK(fieldsSorted<Video>());
    CHECK(fieldsSorted<Printer>());
    CHECK(fieldsSorted<VirtualMachine>());
    CHECK(fieldsSorted<Firmware>());
}

TEST_CASE("Codec: strings are escaped and made valid UTF-8", "[codec]") {
    Inventory inv;
    inv.deviceid = "pos-01";
    Software s;
    s.name = "quote\" back\\ nl\n ctl\x01 ok-\xC3\xB1 bad-\xFF end";
    inv.content.softwares.push_back(s);
    const std::string json = encode(inv);
    CHECK(json.find(R"(quote\" back\\ nl\n ctl\u0001 ok-ñ bad-)"
                    "\xEF\xBF\xBD"
                    " end") != std::string::npos);
    const Inventory back = decodeInventory(json);
    CHECK(back.content.softwares.at(0).name.find("ok-ñ") != std::string::npos);
}

TEST_CASE("Codec: unknown values and empty sections are left out", "[codec]") {
    Inventory inv;
    inv.deviceid = "d";
    inv.content.hardware.emplace();
    inv.content.hardware->name = "pos-01";
    CHECK(encode(inv) == R"({"content":{"hardware":{"name":"pos-01"}},"deviceid":"d"})");
}

TEST_CASE("Codec: the encoder refuses a value outside the schema's enum", "[codec]") {
    Inventory inv;
    inv.deviceid = "d";
    Network n;
    n.description = "eth0";
    n.type = "token-ring";
    inv.content.networks.push_back(n);
    CHECK_THROWS_AS(encode(inv), EncodeError);
}

TEST_CASE("Codec: canonical form leaves out volatile fields", "[codec]") {
    Drive a;
    a.type = "/";
    a.total = 1000;
    a.free = 10;
    Drive b = a;
    b.free = 900;
    CHECK(canonicalJson(a) == canonicalJson(b));
    CHECK_FALSE(a == b);
    CHECK(canonicalJson(a) == R"({"total":1000,"type":"/"})");
}
