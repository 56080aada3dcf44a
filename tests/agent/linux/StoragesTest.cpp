#include <catch2/catch.hpp>

#include "ModelPrinting.h"
#include "TempTree.h"
#include "parque/agent/linux/LinuxContext.h"

using namespace parque::agent;
using namespace std::string_literals;
using parque::agent::platform::LinuxContext;
using parque::agent::platform::RootFs;
using parque::inventory::Content;
using parque::inventory::Storage;
using parque::test::TempTree;

namespace {

const std::string pci = "sys/devices/pci0000:00/";

// VPD page 0x80 as the kernel exposes it: peripheral byte, page code, big-endian length, serial.
std::string vpdPage80(const std::string& serial) {
    std::string page{'\0', '\x80', '\0', static_cast<char>(serial.size())};
    return page + serial;
}

// A block device at devices/<parent>/block/<name> (<parent>/<name> for NVMe namespaces), with
// sys/block/<name> and the device link pointing at `device` (the SCSI device, NVMe controller or
// virtio device folder).
void addDisk(const TempTree& tree, const std::string& name, const std::string& device,
             const std::string& parent, const std::string& sectors, const std::string& rotational) {
    const std::string dir = parent + (name.rfind("nvme", 0) == 0 ? "/" : "/block/") + name;
    tree.write(dir + "/size", sectors + "\n");
    tree.write(dir + "/removable", "0\n");
    tree.write(dir + "/queue/rotational", rotational + "\n");
    tree.link(dir + "/device", device);
    tree.link("sys/block/" + name, dir);
}

void buildHost(const TempTree& tree) {
    const std::string sata = pci + "0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0";
    addDisk(tree, "sda", sata, sata, "976773168", "0");
    tree.write(sata + "/vendor", "ATA     \n");
    tree.write(sata + "/model", "Samsung SSD 860 EVO 500GB\n");
    tree.write(sata + "/rev", "4B6Q\n");
    tree.write(sata + "/wwid", "naa.5002538e40c12345\n");
    tree.write(sata + "/vpd_pg80", vpdPage80("S3Z2NB0K123456A     "));

    const std::string ctrl = pci + "0000:00:1d.0/0000:3d:00.0/nvme/nvme0";
    addDisk(tree, "nvme0n1", ctrl, ctrl, "1000215216", "0");
    tree.write(ctrl + "/model", "SAMSUNG MZVLB512HBJQ-000L7              \n");
    tree.write(ctrl + "/serial", "S4ENNX0N123456      \n");
    tree.write(ctrl + "/firmware_rev", "5M2QEXF7\n");
    tree.write(ctrl + "/nvme0n1/wwid", "eui.0025388b91b0abcd\n");

    const std::string usb = pci + "0000:00:14.0/usb2/2-1/2-1:1.0/host4/target4:0:0/4:0:0:0";
    addDisk(tree, "sdb", usb, usb, "30031872", "1");
    tree.write(usb + "/block/sdb/removable", "1\n");
    tree.write(usb + "/vendor", "SanDisk \n");
    tree.write(usb + "/model", "Cruzer Blade    \n");
    tree.write(usb + "/rev", "1.00\n");
    tree.write(usb + "/vpd_pg80", vpdPage80("000000000000"));  // placeholder
    tree.write(pci + "0000:00:14.0/usb2/2-1/idVendor", "0781\n");
    tree.write(pci + "0000:00:14.0/usb2/2-1/serial", "4C530001220531115214\n");

    const std::string optical = pci + "0000:00:17.0/ata2/host1/target1:0:0/1:0:0:0";
    addDisk(tree, "sr0", optical, optical, "0", "1");
    tree.write(optical + "/block/sr0/removable", "1\n");
    tree.write(optical + "/vendor", "HL-DT-ST\n");
    tree.write(optical + "/model", "DVD+-RW GU90N   \n");
    tree.write(optical + "/rev", "A1C0\n");

    const std::string virtio = pci + "0000:00:04.0/virtio2";
    addDisk(tree, "vda", virtio, virtio, "41943040", "1");
    tree.write(virtio + "/vendor", "0x1af4\n");
    tree.write(virtio + "/block/vda/serial", "vm-disk-01\n");

    const std::string raid = pci + "0000:00:01.0/0000:02:00.0/host0/target0:2:0/0:2:0:0";
    addDisk(tree, "sdc", raid, raid, "1167966208", "1");
    tree.write(raid + "/vendor", "DELL    \n");
    tree.write(raid + "/model", "PERC H730 Mini  \n");
    tree.write(raid + "/rev", "4.30\n");
    tree.write(raid + "/wwid", "t10.DELL    PERC H730 Mini\n");
    tree.write(raid + "/block/sdc/dev", "8:32\n");
    tree.write("run/udev/data/b8:32",
               "S:disk/by-id/scsi-361866da0a1b2c3d4\nE:ID_SERIAL=361866da0a1b2c3d4\n"
               "E:ID_SERIAL_SHORT=61866da0a1b2c3d4\nE:ID_BUS=scsi\n");

    for (const char* name : {"loop0", "dm-0", "md127", "zram0", "nbd0", "ram0"}) {
        const std::string dir = std::string("sys/devices/virtual/block/") + name;
        tree.write(dir + "/size", "2048\n");
        tree.link(std::string("sys/block/") + name, dir);
    }
}

std::vector<Storage> collect(const TempTree& tree, Report& report) {
    LinuxContext context{RootFs(tree.root())};
    Content content;
    platform::collectStorages(context, content, report);
    return content.storages;
}

}  // namespace

TEST_CASE("Storages: disks of every bus, field by field", "[linux]") {
    TempTree tree;
    buildHost(tree);
    Report report;
    const auto storages = collect(tree, report);
    CHECK(report.problems().empty());
    REQUIRE(storages.size() == 6);  // nvme0n1 sda sdb sdc sr0 vda, no virtual devices

    Storage nvme;
    nvme.name = "nvme0n1";
    nvme.disksize = 512110;  // 1000215216 * 512 / 1e6
    nvme.model = "SAMSUNG MZVLB512HBJQ-000L7";
    nvme.serial = "S4ENNX0N123456";
    nvme.firmware = "5M2QEXF7";
    nvme.type = "disk";
    nvme.description = "SSD";
    nvme.interface = "NVMe";
    nvme.wwn = "0025388b91b0abcd";
    CHECK(storages[0] == nvme);

    Storage sata;
    sata.name = "sda";
    sata.disksize = 500107;
    sata.model = "Samsung SSD 860 EVO 500GB";
    sata.serial = "S3Z2NB0K123456A";  // from VPD page 0x80
    sata.firmware = "4B6Q";
    sata.type = "disk";
    sata.description = "SSD";
    sata.interface = "SATA";
    sata.wwn = "5002538e40c12345";
    CHECK(storages[1] == sata);

    Storage stick;
    stick.name = "sdb";
    stick.disksize = 15376;
    stick.manufacturer = "SanDisk";
    stick.model = "Cruzer Blade";
    stick.firmware = "1.00";
    stick.type = "removable";
    stick.description = "HDD";
    stick.interface = "USB";
    stick.serial = "4C530001220531115214";  // the USB device's
    CHECK(storages[2] == stick);

    Storage raid;
    raid.name = "sdc";
    raid.disksize = 597998;
    raid.manufacturer = "DELL";
    raid.model = "PERC H730 Mini";
    raid.firmware = "4.30";
    raid.type = "disk";
    raid.description = "HDD";
    raid.interface = "SCSI";           // a t10. wwid is no WWN
    raid.serial = "61866da0a1b2c3d4";  // from udev's database
    CHECK(storages[3] == raid);

    Storage optical;
    optical.name = "sr0";
    optical.manufacturer = "HL-DT-ST";
    optical.model = "DVD+-RW GU90N";
    optical.firmware = "A1C0";
    optical.type = "cdrom";
    optical.interface = "SATA";
    CHECK(storages[4] == optical);

    Storage virtio;
    virtio.name = "vda";
    virtio.disksize = 21474;
    virtio.serial = "vm-disk-01";
    virtio.type = "disk";
    virtio.description = "HDD";
    CHECK(storages[5] == virtio);
}

TEST_CASE("Storages: missing sys/block is reported", "[linux]") {
    TempTree tree;
    Report report;
    CHECK(collect(tree, report).empty());
    REQUIRE(report.problems().size() == 1);
    CHECK(report.problems()[0].collector == "storages");
    CHECK(report.problems()[0].kind == ProblemKind::Missing);
}

TEST_CASE("Storages: junk in sysfs never crashes", "[linux]") {
    TempTree tree;
    const std::string base = pci + "0000:00:17.0/ata1/host0/target0:0:0/0:0:0:";
    const std::vector<std::pair<std::string, std::string>> sizes{
        {"sda", "garbage"},
        {"sdb", "99999999999999999999999"},
        {"sdc", "-5"},
        {"sdd", "18014398509481984"},  // * 512 overflows int64
        {"sde", ""}};
    for (std::size_t i = 0; i < sizes.size(); ++i) {
        const std::string device = base + std::to_string(i);
        addDisk(tree, sizes[i].first, device, device, sizes[i].second, "maybe");
        tree.write(device + "/model", "\x01\x02\n"s);
        tree.write(device + "/vendor", "   \n");
        tree.write(device + "/wwid", "naa.\n");
    }
    tree.write(base + "0/vpd_pg80", "\0\x80"s);  // truncated
    tree.write(base + "1/vpd_pg80",
               "\0\x80\xff\xff"
               "AB12"s);  // length past end
    tree.write(base + "2/vpd_pg80",
               "\0\x83\0\x04"
               "AB12"s);  // another page
    tree.write(base + "3/vpd_pg80",
               "\0\x80\0\x04"
               "\x01\x02\x03\x04"s);
    tree.write(base + "0/block/sda/dev", "../../etc\n");
    tree.write(base + "1/block/sdb/dev", "8:16\n");
    tree.write("run/udev/data/b8:16", "E:ID_SERIAL_SHORT=");
    tree.rawLink("sys/block/sdz", "sdz");                     // a loop
    tree.rawLink("sys/block/sdy", "../devices/nowhere/sdy");  // dangling
    tree.rawLink(base + "4/block/sde/device", "device");      // the device link loops
    Report report;
    const auto storages = collect(tree, report);
    REQUIRE(storages.size() == 5);
    for (const Storage& s : storages) {
        CHECK_FALSE(s.disksize);
        CHECK_FALSE(s.model);
        CHECK_FALSE(s.manufacturer);
        CHECK_FALSE(s.description);
        CHECK_FALSE(s.wwn);
        CHECK(s.type == "disk");
        CHECK(s.interface == "SATA");
    }
    CHECK(storages[1].serial == "AB12");
    CHECK_FALSE(storages[0].serial);
    CHECK_FALSE(storages[2].serial);
    CHECK_FALSE(storages[3].serial);
}
