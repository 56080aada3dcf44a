#include <catch2/catch.hpp>

#include "ModelPrinting.h"
#include "TempTree.h"
#include "parque/agent/linux/LinuxContext.h"

#include <map>

using namespace parque::agent;
using parque::agent::platform::LinuxContext;
using parque::agent::platform::RootFs;
using parque::inventory::Battery;
using parque::inventory::Content;
using parque::test::TempTree;

namespace {

using Attributes = std::map<std::string, std::string>;

// sys/class/power_supply/<name> -> ../../devices/<parent>/power_supply/<name>, as the kernel has
// it.
void addSupply(const TempTree& tree, const std::string& parent, const std::string& name,
               const Attributes& attributes) {
    const std::string dir = "sys/devices/" + parent + "/power_supply/" + name;
    for (const auto& [file, value] : attributes) {
        tree.write(dir + "/" + file, value + "\n");
    }
    tree.link("sys/class/power_supply/" + name, dir);
}

const std::string acpi = "LNXSYSTM:00/LNXSYBUS:00/PNP0C0A:00";

void buildHost(const TempTree& tree) {
    // A ThinkPad battery, reported in energy units.
    addSupply(tree, acpi, "BAT0",
              {{"type", "Battery"},
               {"status", "Discharging"},
               {"present", "1"},
               {"technology", "Li-poly"},
               {"model_name", "5B10W13930"},
               {"manufacturer", "SMP"},
               {"serial_number", " 1234"},
               {"energy_full_design", "57000000"},
               {"energy_full", "51230000"},
               {"energy_now", "40110000"},
               {"voltage_min_design", "15360000"},
               {"voltage_now", "16502000"},
               {"manufacture_year", "2021"},
               {"manufacture_month", "3"},
               {"manufacture_day", "9"}});
    // A battery reported in charge units, with placeholder serial and chemistry.
    addSupply(tree, "LNXSYSTM:00/LNXSYBUS:00/PNP0C0A:01", "BAT1",
              {{"type", "Battery"},
               {"technology", "Unknown"},
               {"model_name", "DELL 7FHHV"},
               {"manufacturer", "SANYO"},
               {"serial_number", "0"},
               {"charge_full_design", "4400000"},
               {"charge_full", "3980000"},
               {"voltage_min_design", "10800000"}});
    addSupply(tree, "LNXSYSTM:00/LNXSYBUS:00/ACPI0003:00", "AC", {{"type", "Mains"}});
    addSupply(tree, "pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.2/0003:046D:C52B.0003", "hidpp_0",
              {{"type", "Battery"}, {"scope", "Device"}, {"model_name", "MX Master 3"}});
    addSupply(tree, "platform/USBC000:00", "ucsi-source-psy-USBC000:001", {{"type", "USB"}});
}

std::vector<Battery> collect(const TempTree& tree, Report& report) {
    LinuxContext context{RootFs(tree.root())};
    Content content;
    platform::collectBatteries(context, content, report);
    return content.batteries;
}

}  // namespace

TEST_CASE("Batteries: energy and charge reporting, field by field", "[linux]") {
    TempTree tree;
    buildHost(tree);
    Report report;
    const auto batteries = collect(tree, report);
    CHECK(report.problems().empty());
    REQUIRE(batteries.size() == 2);  // not the AC adapter, the USB-C port nor the mouse

    Battery thinkpad;
    thinkpad.name = "5B10W13930";
    thinkpad.manufacturer = "SMP";
    thinkpad.serial = "1234";  // without the firmware's leading blank
    thinkpad.chemistry = "Li-poly";
    thinkpad.capacity = 57000;
    thinkpad.real_capacity = 51230;
    thinkpad.voltage = 15360;
    thinkpad.date = "2021-03-09";
    CHECK(batteries[0] == thinkpad);

    Battery dell;
    dell.name = "DELL 7FHHV";
    dell.manufacturer = "SANYO";
    dell.capacity = 47520;       // 4400000 µAh x 10.8 V
    dell.real_capacity = 42984;  // 3980000 µAh x 10.8 V
    dell.voltage = 10800;
    CHECK(batteries[1] == dell);
}

TEST_CASE("Batteries: no power supply class is no battery, and no problem", "[linux]") {
    TempTree tree;
    Report report;
    CHECK(collect(tree, report).empty());
    CHECK(report.problems().empty());
}

TEST_CASE("Batteries: junk values never crash", "[linux]") {
    TempTree tree;
    addSupply(tree, acpi, "BAT0",
              {{"type", "Battery"},
               {"energy_full_design", "abc"},
               {"energy_full", "-5"},
               {"charge_full_design", "9223372036854775807"},
               {"charge_full", "99999999999999999999999"},
               {"voltage_min_design", "10"},
               {"manufacture_year", "2021"},
               {"manufacture_month", "13"},
               {"manufacture_day", "1"}});
    addSupply(tree, "LNXSYSTM:00/LNXSYBUS:00/PNP0C0A:01", "BAT1",
              {{"type", "Battery"},
               {"manufacture_year", "99999999999"},
               {"manufacture_month", "1"},
               {"manufacture_day", "1"}});
    tree.write("sys/devices/LNXSYSTM:00/LNXSYBUS:00/PNP0C0A:01/power_supply/BAT1/model_name", "\n");
    tree.rawLink("sys/class/power_supply/BAT2", "BAT2");  // a loop
    tree.rawLink("sys/class/power_supply/BAT3", "../../devices/nowhere/BAT3");
    Report report;
    const auto batteries = collect(tree, report);
    REQUIRE(batteries.size() == 2);
    CHECK(batteries[0] == Battery{});  // 10 µV is no voltage in mV either
    CHECK(batteries[1] == Battery{});
}
