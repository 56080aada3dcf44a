#include "parque/inventory/ComponentKey.h"
#include "parque/inventory/Delta.h"

#include <catch2/catch.hpp>

using namespace parque::inventory;

namespace {

Software package(const std::string& name, const std::string& version,
                 const std::string& arch = "amd64") {
    Software s;
    s.name = name;
    s.version = version;
    s.arch = arch;
    s.from = "deb";
    return s;
}

Content baseline() {
    Content c;
    c.versionclient = "Parque-Agent_v0.1.0";
    c.hardware.emplace();
    c.hardware->name = "pos-01";
    c.hardware->memory = 3840;
    c.softwares = {package("bash", "5.2.15-2+b2"), package("libc6", "2.36-9"),
                   package("libc6", "2.36-9", "i386")};
    UsbDevice pinpad;
    pinpad.vendorid = "11ca";
    pinpad.productid = "0219";
    pinpad.serial = "PP1234567";
    pinpad.name = "Vx820 PIN pad";
    c.usbdevices = {pinpad};
    Drive root;
    root.type = "/";
    root.total = 30000;
    root.free = 12000;
    c.drives = {root};
    return c;
}

const ComponentChange& only(const Delta& d, const std::string& section) {
    const SectionDelta* s = d.section(section);
    REQUIRE(s != nullptr);
    REQUIRE(s->changes.size() == 1);
    return s->changes.front();
}

}  // namespace

TEST_CASE("Delta: equal inventories have no delta and equal digests", "[delta]") {
    CHECK(computeDelta(baseline(), baseline()).empty());
    CHECK(sectionDigests(baseline()) == sectionDigests(baseline()));
}

TEST_CASE("Delta: an empty baseline makes every component added", "[delta]") {
    const Delta d = computeDelta(Content{}, baseline());
    REQUIRE(d.section("softwares") != nullptr);
    CHECK(d.section("softwares")->changes.size() == 3);
    for (const auto& change : d.section("softwares")->changes) {
        CHECK(change.kind == ChangeKind::Added);
    }
    CHECK(only(d, "hardware").kind == ChangeKind::Added);
    CHECK(only(d, "versionclient").key == "versionclient");
}

TEST_CASE("Delta: an upgrade is one modified package, not remove and add", "[delta]") {
    Content next = baseline();
    next.softwares[0].version = "5.2.15-2+b3";
    const Delta d = computeDelta(baseline(), next);
    REQUIRE(d.sections.size() == 1);
    const auto& change = only(d, "softwares");
    CHECK(change.kind == ChangeKind::Modified);
    CHECK(change.key == "bash|amd64|deb");
    CHECK(change.fields == std::vector<std::string>{"version"});
}

TEST_CASE("Delta: added and removed components, with the rest untouched", "[delta]") {
    Content next = baseline();
    next.softwares.erase(next.softwares.begin() + 2);  // libc6:i386 removed
    next.softwares.push_back(package("cups", "2.4.2-3"));
    const Delta d = computeDelta(baseline(), next);
    const SectionDelta* s = d.section("softwares");
    REQUIRE(s != nullptr);
    REQUIRE(s->changes.size() == 2);
    CHECK(s->changes[0].kind == ChangeKind::Added);
    CHECK(s->changes[0].key == "cups|amd64|deb");
    CHECK(s->changes[1].kind == ChangeKind::Removed);
    CHECK(s->changes[1].key == "libc6|i386|deb");
}

TEST_CASE("Delta: a replaced PIN pad (new serial) is a removal and an addition", "[delta]") {
    Content next = baseline();
    next.usbdevices[0].serial = "PP7654321";
    const Delta d = computeDelta(baseline(), next);
    const SectionDelta* s = d.section("usbdevices");
    REQUIRE(s != nullptr);
    REQUIRE(s->changes.size() == 2);
    CHECK(s->changes[0].kind == ChangeKind::Removed);
    CHECK(s->changes[1].kind == ChangeKind::Added);
}

TEST_CASE("Delta: volatile-only changes are no change", "[delta]") {
    Content next = baseline();
    next.drives[0].free = 1;
    next.hardware->lastloggeduser = "cajero";
    CHECK(computeDelta(baseline(), next).empty());
    CHECK(sectionDigests(baseline()) == sectionDigests(next));
}

TEST_CASE("Delta: component order does not matter", "[delta]") {
    Content next = baseline();
    std::reverse(next.softwares.begin(), next.softwares.end());
    CHECK(computeDelta(baseline(), next).empty());
    CHECK(sectionDigests(baseline()).at("softwares") == sectionDigests(next).at("softwares"));
}

TEST_CASE("Delta: duplicate keys are matched by content first", "[delta]") {
    Content before;
    before.softwares = {package("kernel", "5.14.0-1", "x86_64"),
                        package("kernel", "5.14.0-2", "x86_64")};
    Content after = before;
    after.softwares.push_back(package("kernel", "5.14.0-3", "x86_64"));
    std::swap(after.softwares[0], after.softwares[2]);
    const Delta d = computeDelta(before, after);
    const auto& change = only(d, "softwares");
    CHECK(change.kind == ChangeKind::Added);
    CHECK(change.key == "kernel|x86_64|deb");

    Content upgraded = before;
    upgraded.softwares[1].version = "5.14.0-3";
    const Delta upgrade = computeDelta(before, upgraded);
    const auto& modified = only(upgrade, "softwares");
    CHECK(modified.kind == ChangeKind::Modified);
    CHECK(modified.fields == std::vector<std::string>{"version"});
}

TEST_CASE("Delta: a section that disappears is all removals", "[delta]") {
    Content next = baseline();
    next.usbdevices.clear();
    next.hardware.reset();
    const Delta d = computeDelta(baseline(), next);
    CHECK(only(d, "usbdevices").kind == ChangeKind::Removed);
    CHECK(only(d, "hardware").kind == ChangeKind::Removed);
    CHECK(sectionDigests(next).count("usbdevices") == 0);
}

TEST_CASE("Delta: an object section reports the fields that changed", "[delta]") {
    Content next = baseline();
    next.hardware->memory = 7680;
    next.hardware->name = "pos-02";
    const Delta d = computeDelta(baseline(), next);
    const auto& change = only(d, "hardware");
    CHECK(change.kind == ChangeKind::Modified);
    CHECK(change.fields == std::vector<std::string>{"memory", "name"});
    CHECK(sectionDigests(baseline()).at("hardware") != sectionDigests(next).at("hardware"));
}

TEST_CASE("ComponentKey: placeholder serials are not identity", "[delta]") {
    UsbDevice a;
    a.vendorid = "04b8";
    a.productid = "0e15";
    a.serial = "000000000000";
    UsbDevice b = a;
    b.serial.reset();
    CHECK(componentKey(a) == componentKey(b));
    Storage disk;
    disk.name = "sda";
    disk.serial = "To Be Filled By O.E.M.";
    CHECK(componentKey(disk) == "sda");
    Network nic;
    nic.description = "eth0";
    nic.mac = "52:54:00:12:34:56";
    CHECK(componentKey(nic) == "52:54:00:12:34:56");
}
