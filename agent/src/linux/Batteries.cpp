// batteries from the kernel's power supply class (sys/class/power_supply/<name>/, type
// "Battery"). Drivers report either energy (µWh) or charge (µAh) values; charges are turned into
// energies with the design minimum voltage, as the battery's label does.
#include "parque/agent/linux/LinuxContext.h"
#include "parque/inventory/Placeholders.h"

#include <cstdio>
#include <limits>
#include <utility>

namespace parque::agent::platform {
namespace {

using inventory::Int;
using inventory::Text;

Int positive(const RootFs& fs, const std::string& path) {
    const auto value = fs.integerAttribute(path);
    if (!value || *value <= 0) {
        return std::nullopt;
    }
    return value;
}

// mWh from energy_<kind> (µWh) or from charge_<kind> (µAh) x voltage_min_design (µV).
Int capacity(const RootFs& fs, const std::string& dir, const std::string& kind) {
    if (const Int energy = positive(fs, dir + "/energy_" + kind)) {
        return *energy / 1000;
    }
    const Int charge = positive(fs, dir + "/charge_" + kind);
    const Int voltage = positive(fs, dir + "/voltage_min_design");
    if (!charge || !voltage) {
        return std::nullopt;
    }
    // µAh x µV = 1e-12 Wh = 1e-9 mWh. Real values (1e7 x 2e7) are far from overflowing.
    if (*charge > std::numeric_limits<std::int64_t>::max() / *voltage) {
        return std::nullopt;
    }
    return *charge * *voltage / 1000000000;
}

// "YYYY-MM-DD" from manufacture_year/month/day, when all three are there and plausible.
Text manufactureDate(const RootFs& fs, const std::string& dir) {
    const Int year = fs.integerAttribute(dir + "/manufacture_year");
    const Int month = fs.integerAttribute(dir + "/manufacture_month");
    const Int day = fs.integerAttribute(dir + "/manufacture_day");
    if (!year || !month || !day || *year < 1970 || *year > 9999 || *month < 1 || *month > 12 ||
        *day < 1 || *day > 31) {
        return std::nullopt;
    }
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", static_cast<int>(*year),
                  static_cast<int>(*month), static_cast<int>(*day));
    return std::string(text);
}

// Without the leading blanks some firmware pads with (" 1234"); attribute() drops the trailing
// ones.
Text trimmed(std::optional<std::string> value) {
    if (!value) {
        return std::nullopt;
    }
    const auto start = value->find_first_not_of(" \t");
    if (start == std::string::npos) {
        return std::nullopt;
    }
    return value->substr(start);
}

Text real(std::optional<std::string> value) {
    value = trimmed(std::move(value));
    if (!value || inventory::isPlaceholderSerial(*value)) {
        return std::nullopt;
    }
    return value;
}

inventory::Battery describe(const RootFs& fs, const std::string& dir) {
    inventory::Battery battery;
    battery.name = trimmed(fs.attribute(dir + "/model_name"));
    battery.manufacturer = trimmed(fs.attribute(dir + "/manufacturer"));
    battery.serial = real(fs.attribute(dir + "/serial_number"));
    battery.chemistry = real(fs.attribute(dir + "/technology"));  // "Unknown" is none
    battery.capacity = capacity(fs, dir, "full_design");
    battery.real_capacity = capacity(fs, dir, "full");
    if (const Int voltage = positive(fs, dir + "/voltage_min_design"); voltage >= 1000) {
        battery.voltage = *voltage / 1000;
    }
    battery.date = manufactureDate(fs, dir);
    return battery;
}

}  // namespace

void collectBatteries(LinuxContext& context, inventory::Content& content, Report&) {
    const RootFs& fs = context.fs();
    // No power_supply class, or no battery in it, is a machine without a battery: no problem.
    for (const std::string& name : fs.list("sys/class/power_supply")) {
        const std::string dir = "sys/class/power_supply/" + name;
        // Peripherals (a wireless mouse, a headset) have scope "Device": not this machine's.
        if (fs.attribute(dir + "/type") != "Battery" || fs.attribute(dir + "/scope") == "Device") {
            continue;
        }
        content.batteries.push_back(describe(fs, dir));
    }
}

}  // namespace parque::agent::platform
