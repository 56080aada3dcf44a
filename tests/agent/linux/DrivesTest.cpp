#include <catch2/catch.hpp>

#include "ModelPrinting.h"
#include "TempTree.h"
#include "parque/agent/linux/LinuxContext.h"

using namespace parque::agent;
using namespace std::string_literals;
using parque::agent::platform::LinuxContext;
using parque::agent::platform::RootFs;
using parque::inventory::Content;
using parque::inventory::Drive;
using parque::test::TempTree;

namespace {

constexpr const char* mounts =
    "sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0\n"
    "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n"
    "udev /dev devtmpfs rw,nosuid,relatime,size=8012345k,nr_inodes=2003086,mode=755 0 0\n"
    "/dev/mapper/vg-root / ext4 rw,relatime,errors=remount-ro 0 0\n"
    "tmpfs /run tmpfs rw,nosuid,nodev,noexec,relatime,size=1609120k,mode=755 0 0\n"
    "/dev/nvme0n1p1 /boot/efi vfat rw,relatime,fmask=0077,dmask=0077,codepage=437 0 0\n"
    "/dev/sda1 /media/user/My\\040Disk ext4 rw,nosuid,nodev,relatime 0 0\n"
    "/dev/sda1 /media/user/My\\040Disk ext4 rw,nosuid,nodev,relatime 0 0\n"
    "/dev/sda1 /mnt/bind ext4 rw,nosuid,nodev,relatime 0 0\n"
    "nas:/export/home /home nfs4 rw,relatime,vers=4.2,rsize=1048576,addr=192.0.2.10 0 0\n"
    "//fileserver/share /mnt/share cifs rw,relatime,vers=3.1.1,cache=strict 0 0\n"
    "rpool/data /data zfs rw,xattr,noacl 0 0\n"
    "overlay /var/lib/docker/overlay2/0f1e/merged overlay rw,relatime,lowerdir=/x 0 0\n"
    "fuse.sshfs-user@host:/ /mnt/ssh fuse.sshfs rw,nosuid,nodev 0 0\n";

void buildHost(const TempTree& tree) {
    tree.write("proc/self/mounts", mounts);
    tree.write("dev/dm-0", "");
    tree.write("dev/sda1", "");
    tree.write("dev/nvme0n1p1", "");
    tree.link("dev/mapper/vg-root", "dev/dm-0");
    tree.link("dev/disk/by-uuid/0a1b2c3d-4e5f-6789-abcd-ef0123456789", "dev/dm-0");
    tree.link("dev/disk/by-uuid/5c3f8a9e-1111-2222-3333-444455556666", "dev/sda1");
    tree.link("dev/disk/by-uuid/ABCD-1234", "dev/nvme0n1p1");
    tree.link("dev/disk/by-label/My\\x20Disk", "dev/sda1");
    tree.link("dev/disk/by-label/ESP", "dev/nvme0n1p1");
}

std::vector<Drive> collect(const RootFs& fs, Report& report) {
    LinuxContext context{fs};
    Content content;
    platform::collectDrives(context, content, report);
    return content.drives;
}

Drive drive(const char* device, const char* mountPoint, const char* fsType) {
    Drive d;
    d.volumn = device;
    d.type = mountPoint;
    d.filesystem = fsType;
    d.systemdrive = std::string(mountPoint) == "/";
    return d;
}

}  // namespace

TEST_CASE("Drives: block and network file systems from the mount table", "[linux]") {
    TempTree tree;
    buildHost(tree);
    Report report;
    const auto drives = collect(RootFs(tree.root()), report);
    CHECK(report.problems().empty());
    REQUIRE(drives.size() == 7);

    Drive root = drive("/dev/mapper/vg-root", "/", "ext4");
    root.serial = "0a1b2c3d-4e5f-6789-abcd-ef0123456789";  // by-uuid points at dm-0
    CHECK(drives[0] == root);
    Drive efi = drive("/dev/nvme0n1p1", "/boot/efi", "vfat");
    efi.serial = "ABCD-1234";
    efi.label = "ESP";
    CHECK(drives[1] == efi);
    Drive media = drive("/dev/sda1", "/media/user/My Disk", "ext4");
    media.serial = "5c3f8a9e-1111-2222-3333-444455556666";
    media.label = "My Disk";
    CHECK(drives[2] == media);
    Drive bind = media;
    bind.type = "/mnt/bind";  // the same device elsewhere is another drive; the duplicate is not
    CHECK(drives[3] == bind);
    CHECK(drives[4] == drive("nas:/export/home", "/home", "nfs4"));
    CHECK(drives[5] == drive("//fileserver/share", "/mnt/share", "cifs"));
    CHECK(drives[6] == drive("rpool/data", "/data", "zfs"));
    for (const Drive& d : drives) {
        CHECK_FALSE(d.total);  // statvfs() only on the live system
        CHECK_FALSE(d.free);
    }
}

TEST_CASE("Drives: proc/mounts when proc/self/mounts is missing", "[linux]") {
    TempTree tree;
    tree.write("proc/mounts", "/dev/vda1 / xfs rw,relatime 0 0\n");
    Report report;
    const auto drives = collect(RootFs(tree.root()), report);
    CHECK(report.problems().empty());
    REQUIRE(drives.size() == 1);
    CHECK(drives[0] == drive("/dev/vda1", "/", "xfs"));
}

TEST_CASE("Drives: no mount table is reported", "[linux]") {
    TempTree tree;
    Report report;
    CHECK(collect(RootFs(tree.root()), report).empty());
    REQUIRE(report.problems().size() == 1);
    CHECK(report.problems()[0].collector == "drives");
    CHECK(report.problems()[0].kind == ProblemKind::Missing);
}

TEST_CASE("Drives: junk mount table and udev links never crash", "[linux]") {
    TempTree tree;
    tree.write("proc/self/mounts",
               "/dev/sdb1\0 /x ext4\n/dev/\n\xff\xfe\n"
               "/dev/sdc1 /y\\ btrfs rw 0 0\n/dev/sdd1"s);
    tree.rawLink("dev/disk/by-label/loop", "loop");
    tree.rawLink("dev/disk/by-uuid/trailing\\x2", "../../sdc1");
    tree.rawLink("dev/disk/by-label/odd\\xZZ", "../../sdc1");
    Report report;
    const auto drives = collect(RootFs(tree.root()), report);
    REQUIRE(drives.size() == 1);
    CHECK(drives[0].volumn == "/dev/sdc1");
    CHECK(drives[0].type == "/y\\");
    CHECK(drives[0].label == "odd\\xZZ");
    CHECK(drives[0].serial == "trailing\\x2");
}

TEST_CASE("Drives: the live system has sizes", "[linux][live]") {
    Report report;
    for (const Drive& d : collect(RootFs("/"), report)) {
        INFO(*d.volumn << " on " << *d.type);
        if (d.total) {  // statvfs() may be refused (permissions, a stale network mount)
            CHECK(*d.total >= 0);
            REQUIRE(d.free);
            CHECK(*d.free <= *d.total);
        }
    }
}
