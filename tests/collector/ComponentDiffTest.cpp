// diffComponents and diffFields: pure differences between stored components and new ones.
#include "parque/collector/ComponentDiff.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using parque::collector::ComponentChange;
using parque::collector::diffComponents;
using parque::collector::diffFields;
using parque::collector::FieldChange;
using parque::collector::StoredComponent;
using parque::inventory::ComponentRecord;
using Kind = ComponentChange::Kind;

namespace {

std::string pkg(const std::string& name, const std::string& version) {
    return R"({"arch":"amd64","name":")" + name + R"(","version":")" + version + R"("})";
}

}  // namespace

TEST_CASE("ComponentDiff: equal components give no changes, in any order", "[collector][diff]") {
    const std::vector<StoredComponent> before = {{1, "a", pkg("a", "1"), ""},
                                                 {2, "b", pkg("b", "1"), ""}};
    const std::vector<ComponentRecord> after = {{"b", pkg("b", "1")}, {"a", pkg("a", "1")}};
    CHECK(diffComponents(before, after).empty());
    CHECK(diffComponents({}, {}).empty());
}

TEST_CASE("ComponentDiff: added, removed and modified components by key", "[collector][diff]") {
    const std::vector<StoredComponent> before = {{10, "a", pkg("a", "1"), ""},
                                                 {11, "b", pkg("b", "1"), ""}};
    const std::vector<ComponentRecord> after = {{"b", pkg("b", "2")}, {"c", pkg("c", "1")}};
    const auto changes = diffComponents(before, after);
    REQUIRE(changes.size() == 3);
    // Keys in order: a removed, b modified, c added.
    CHECK(changes[0].kind == Kind::Removed);
    CHECK(changes[0].key == "a");
    CHECK(changes[0].storedId == 10);
    CHECK(changes[1].kind == Kind::Modified);
    CHECK(changes[1].key == "b");
    CHECK(changes[1].storedId == 11);
    CHECK(changes[1].canonical == pkg("b", "2"));
    REQUIRE(changes[1].fields.size() == 1);
    CHECK(changes[1].fields[0].field == "version");
    CHECK(changes[1].fields[0].before == std::optional<std::string>("\"1\""));
    CHECK(changes[1].fields[0].after == std::optional<std::string>("\"2\""));
    CHECK(changes[2].kind == Kind::Added);
    CHECK(changes[2].key == "c");
    CHECK(changes[2].storedId == 0);
    CHECK(changes[2].canonical == pkg("c", "1"));
    CHECK(std::string(toString(Kind::Added)) == "added");
    CHECK(std::string(toString(Kind::Removed)) == "removed");
    CHECK(std::string(toString(Kind::Modified)) == "modified");
}

TEST_CASE("ComponentDiff: several components with one key match by content first",
          "[collector][diff]") {
    // Two identical-key NICs (same MAC, two addresses): reordering changes nothing.
    const std::string one = R"({"ipaddress":"192.0.2.10","mac":"m"})";
    const std::string two = R"({"ipaddress":"192.0.2.11","mac":"m"})";
    const std::string three = R"({"ipaddress":"192.0.2.12","mac":"m"})";
    const std::vector<StoredComponent> before = {{1, "m", one, ""}, {2, "m", two, ""}};
    CHECK(diffComponents(before, {{"m", two}, {"m", one}}).empty());

    // One of them changed: only that one is modified, paired with its own stored row.
    const auto modified = diffComponents(before, {{"m", three}, {"m", one}});
    REQUIRE(modified.size() == 1);
    CHECK(modified[0].kind == Kind::Modified);
    CHECK(modified[0].storedId == 2);
    REQUIRE(modified[0].fields.size() == 1);
    CHECK(modified[0].fields[0].field == "ipaddress");
    CHECK(*modified[0].fields[0].before == "\"192.0.2.11\"");
    CHECK(*modified[0].fields[0].after == "\"192.0.2.12\"");

    // A third one appeared: one addition, nothing modified.
    const auto added = diffComponents(before, {{"m", one}, {"m", two}, {"m", three}});
    REQUIRE(added.size() == 1);
    CHECK(added[0].kind == Kind::Added);
    CHECK(added[0].canonical == three);

    // One disappeared: one removal of the right row.
    const auto removed = diffComponents(before, {{"m", two}});
    REQUIRE(removed.size() == 1);
    CHECK(removed[0].kind == Kind::Removed);
    CHECK(removed[0].storedId == 1);
}

TEST_CASE("ComponentDiff: field differences of two objects", "[collector][diff]") {
    const auto changes =
        diffFields(R"({"a":1,"b":"x","c":[1,2]})", R"({"b":"y","c":[1,2],"d":true})");
    REQUIRE(changes.size() == 3);
    CHECK(changes[0].field == "a");
    CHECK(changes[0].before == std::optional<std::string>("1"));
    CHECK_FALSE(changes[0].after);
    CHECK(changes[1].field == "b");
    CHECK(*changes[1].before == "\"x\"");
    CHECK(*changes[1].after == "\"y\"");
    CHECK(changes[2].field == "d");
    CHECK_FALSE(changes[2].before);
    CHECK(*changes[2].after == "true");

    CHECK(diffFields(R"({"a":{"x":1}})", R"({"a":{"x":1}})").empty());
    const auto nested = diffFields(R"({"a":{"x":1}})", R"({"a":{"x":2}})");
    REQUIRE(nested.size() == 1);
    CHECK(*nested[0].before == R"({"x":1})");
    CHECK(*nested[0].after == R"({"x":2})");
}

TEST_CASE("ComponentDiff: text values give one change without a field name", "[collector][diff]") {
    const auto changes = diffFields("Parque-Agent_v0.1", "Parque-Agent_v0.2");
    REQUIRE(changes.size() == 1);
    CHECK(changes[0].field.empty());
    CHECK(*changes[0].before == "Parque-Agent_v0.1");
    CHECK(*changes[0].after == "Parque-Agent_v0.2");

    const auto section = diffComponents({{5, "versionclient", "Parque-Agent_v0.1", ""}},
                                        {{"versionclient", "Parque-Agent_v0.2"}});
    REQUIRE(section.size() == 1);
    CHECK(section[0].kind == Kind::Modified);
    CHECK(section[0].storedId == 5);
    REQUIRE(section[0].fields.size() == 1);
    CHECK(section[0].fields[0].field.empty());
}
