// bios, hardware.uuid/chassis_type, memories and a first view of cpus from the raw SMBIOS tables
// (sys/firmware/dmi/tables), falling back to the kernel's sys/class/dmi/id attributes.
#include "parque/agent/SmbiosContent.h"
#include "parque/agent/linux/LinuxContext.h"
#include "parque/agent/parsers/ParseError.h"
#include "parque/agent/parsers/SmbiosParser.h"

namespace parque::agent::platform {
namespace {

constexpr const char* kName = "smbios";

// The kernel's own reading of the same tables, when the raw tables are not readable (non-root on
// old kernels, or firmware without them).
void applyDmiId(const RootFs& fs, inventory::Content& content) {
    const auto attr = [&](const char* name) {
        return realSmbiosText(fs.attribute(std::string("sys/class/dmi/id/") + name));
    };
    auto& bios = content.bios.emplace();
    bios.bmanufacturer = attr("bios_vendor");
    bios.bversion = attr("bios_version");
    bios.bdate = smbiosIsoDate(fs.attribute("sys/class/dmi/id/bios_date"));
    bios.smanufacturer = attr("sys_vendor");
    bios.smodel = attr("product_name");
    bios.ssn = attr("product_serial");
    bios.skunumber = attr("product_sku");
    bios.mmanufacturer = attr("board_vendor");
    bios.mmodel = attr("board_name");
    bios.msn = attr("board_serial");
    bios.assettag = attr("chassis_asset_tag");
    bios.enclosureserial = attr("chassis_serial");
    auto& hardware = content.hardware ? *content.hardware : content.hardware.emplace();
    hardware.uuid = realSmbiosUuid(fs.attribute("sys/class/dmi/id/product_uuid"));
}

}  // namespace

void collectSmbios(LinuxContext& context, inventory::Content& content, Report& report) {
    const RootFs& fs = context.fs();
    const auto entryPoint =
        readReported(fs, "sys/firmware/dmi/tables/smbios_entry_point", kName, report, false);
    const auto table =
        entryPoint ? readReported(fs, "sys/firmware/dmi/tables/DMI", kName, report) : std::nullopt;
    if (entryPoint && table) {
        try {
            const smbios::Tables tables = smbios::parse(*entryPoint, *table);
            for (const auto& problem : tables.problems) {
                report.add(kName, "sys/firmware/dmi/tables/DMI", ProblemKind::Malformed, problem);
            }
            applySmbiosTables(tables, content);
            return;
        } catch (const ParseError& e) {
            report.add(kName, "sys/firmware/dmi/tables/smbios_entry_point", ProblemKind::Malformed,
                       e.what());
        }
    }
    if (fs.exists("sys/class/dmi/id")) {
        applyDmiId(fs, content);
    } else if (!entryPoint) {
        report.add(kName, "sys/class/dmi/id", ProblemKind::Missing,
                   "no SMBIOS tables on this machine");
    }
}

}  // namespace parque::agent::platform
