// The whole inventory of each fixture host (tests/fixtures/hosts/<name>) against its
// expected.json, and every output against the GLPI schema (written for the schema test).
#include "parque/agent/InventoryCommand.h"
#include "parque/inventory/JsonCodec.h"

#include <Poco/JSON/Parser.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using Poco::Dynamic::Var;

namespace {

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// True when every key of `expected` is in `actual` with a matching value; an expected array
// matches when each of its elements matches some element of the actual array.
bool contains(const Var& actual, const Var& expected, const std::string& path, std::string& why);

bool containsArray(const Poco::JSON::Array& actual, const Poco::JSON::Array& expected,
                   const std::string& path, std::string& why) {
    for (std::size_t i = 0; i < expected.size(); ++i) {
        bool found = false;
        std::string ignored;
        for (std::size_t j = 0; j < actual.size() && !found; ++j) {
            found = contains(actual.get(static_cast<unsigned>(j)),
                             expected.get(static_cast<unsigned>(i)), path, ignored);
        }
        if (!found) {
            why = path + "[" + std::to_string(i) + "]: no element matches " +
                  expected.get(static_cast<unsigned>(i)).toString();
            return false;
        }
    }
    return true;
}

bool contains(const Var& actual, const Var& expected, const std::string& path, std::string& why) {
    using ObjectPtr = Poco::JSON::Object::Ptr;
    using ArrayPtr = Poco::JSON::Array::Ptr;
    if (expected.type() == typeid(ObjectPtr)) {
        if (actual.type() != typeid(ObjectPtr)) {
            why = path + ": not an object";
            return false;
        }
        const auto& want = *expected.extract<ObjectPtr>();
        const auto& have = *actual.extract<ObjectPtr>();
        for (const auto& [key, value] : want) {
            const bool emptyArray =
                value.type() == typeid(ArrayPtr) && value.extract<ArrayPtr>()->size() == 0;
            if (!have.has(key) && emptyArray) {
                continue;  // the encoder leaves empty sections out
            }
            if (!have.has(key)) {
                why = path + "." + key + ": missing";
                return false;
            }
            if (!contains(have.get(key), value, path + "." + key, why)) {
                return false;
            }
        }
        return true;
    }
    if (expected.type() == typeid(ArrayPtr)) {
        if (actual.type() != typeid(ArrayPtr)) {
            why = path + ": not an array";
            return false;
        }
        return containsArray(*actual.extract<ArrayPtr>(), *expected.extract<ArrayPtr>(), path, why);
    }
    if (actual.toString() != expected.toString()) {
        why = path + ": " + actual.toString() + " != expected " + expected.toString();
        return false;
    }
    return true;
}

std::vector<fs::path> hosts() {
    std::vector<fs::path> found;
    for (const auto& entry : fs::directory_iterator(fs::path(PARQUE_FIXTURES_DIR) / "hosts")) {
        if (fs::exists(entry.path() / "expected.json")) {
            found.push_back(entry.path());
        }
    }
    std::sort(found.begin(), found.end());
    return found;
}

}  // namespace

TEST_CASE("Inventory: every fixture host gives its expected inventory", "[agent][hosts]") {
    const auto roots = hosts();
    REQUIRE(roots.size() >= 4);
    for (const auto& root : roots) {
        DYNAMIC_SECTION(root.filename().string()) {
            parque::agent::InventoryOptions options;
            options.root = root;
            parque::agent::Report report;
            const auto inventory = parque::agent::collectInventory(options, report);
            const std::string json = parque::inventory::encode(inventory);
            fs::create_directories(PARQUE_SCHEMA_OUT_DIR);
            std::ofstream(fs::path(PARQUE_SCHEMA_OUT_DIR) /
                          ("host-" + root.filename().string() + ".json"))
                << json;

            Poco::JSON::Parser parser;
            Var expected = parser.parse(readFile(root / "expected.json"));
            auto expectedObject = expected.extract<Poco::JSON::Object::Ptr>();
            Var softwares;
            if (expectedObject->has("_softwares")) {
                softwares = expectedObject->get("_softwares");
                expectedObject->remove("_softwares");
            }
            Poco::JSON::Parser actualParser;
            const Var actual = actualParser.parse(json);
            const Var content = actual.extract<Poco::JSON::Object::Ptr>()->get("content");
            std::string why;
            if (!contains(content, expected, "content", why)) {
                FAIL_CHECK(why);
            }
            if (!softwares.isEmpty()) {
                const auto wanted = softwares.extract<Poco::JSON::Object::Ptr>();
                CHECK(inventory.content.softwares.size() ==
                      static_cast<std::size_t>(wanted->getValue<int>("count")));
                const auto have = content.extract<Poco::JSON::Object::Ptr>()->get("softwares");
                if (!contains(have, wanted->get("some"), "content.softwares", why)) {
                    FAIL_CHECK(why);
                }
            }
        }
    }
}
