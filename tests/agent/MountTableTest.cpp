#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "parque/agent/parsers/MountTable.h"

using parque::agent::decodeMountField;
using parque::agent::Mount;
using parque::agent::parseMountTable;

namespace {

// /proc/self/mounts of this machine (a container on Debian 12), byte for byte.
constexpr std::string_view container = R"txt(proc /proc proc rw,relatime 0 0
sysfs /sys sysfs rw,relatime 0 0
devtmpfs /dev devtmpfs rw,relatime,size=12334432k,nr_inodes=3083608,mode=755 0 0
tmpfs /dev/shm tmpfs rw,relatime,size=24683656k 0 0
devpts /dev/pts devpts rw,relatime,mode=600,ptmxmode=000 0 0
/dev/vda / ext4 rw,relatime,discard,resv_strict,resuid=65534,resgid=65534 0 0
model_tools_unavailable /mnt/sandboxing/model_tools_env/v1/python tmpfs ro,nosuid,nodev,relatime,size=4k,mode=755 0 0
devpts /dev/pts devpts rw,relatime,mode=600,ptmxmode=000 0 0
tmpfs /dev/shm tmpfs rw,relatime,size=24683656k 0 0
tmpfs /sys/fs/cgroup tmpfs rw,relatime,mode=755 0 0
cgroup /sys/fs/cgroup/cpu cgroup rw,relatime,cpu 0 0
cgroup /sys/fs/cgroup/cpuacct cgroup rw,relatime,cpuacct 0 0
cgroup /sys/fs/cgroup/cpuset cgroup rw,relatime,cpuset 0 0
cgroup /sys/fs/cgroup/memory cgroup rw,relatime,memory 0 0
cgroup /sys/fs/cgroup/devices cgroup rw,relatime,devices 0 0
cgroup /sys/fs/cgroup/freezer cgroup rw,relatime,freezer 0 0
cgroup /sys/fs/cgroup/blkio cgroup rw,relatime,blkio 0 0
cgroup /sys/fs/cgroup/pids cgroup rw,relatime,pids 0 0
cgroup /sys/fs/cgroup/systemd cgroup rw,relatime,name=systemd 0 0
cgroup2 /sys/fs/cgroup/unified cgroup2 rw,relatime 0 0
)txt";

// A desktop's /proc/mounts with a USB disk whose label has a space, and a CIFS share whose names
// hold the characters the kernel escapes (space \040, tab \011, newline \012, backslash \134).
constexpr std::string_view desktop = R"txt(sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0
proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
udev /dev devtmpfs rw,nosuid,relatime,size=8102716k,nr_inodes=2025679,mode=755,inode64 0 0
/dev/nvme0n1p2 / ext4 rw,relatime,errors=remount-ro 0 0
/dev/nvme0n1p1 /boot/efi vfat rw,relatime,fmask=0077,dmask=0077,codepage=437,iocharset=iso8859-1,shortname=mixed,errors=remount-ro 0 0
/dev/sda1 /media/alice/My\040Passport exfat rw,nosuid,nodev,relatime,uid=1000,gid=1000,fmask=0022,dmask=0022,iocharset=utf8,errors=remount-ro 0 0
//nas/share\040with\011tab /mnt/odd\134name\012here cifs rw,relatime,vers=3.1.1,cache=strict 0 0
)txt";

template <typename Check>
void withExactBuffer(std::string_view text, Check check) {
    const std::vector<char> buffer(text.begin(), text.end());
    check(std::string_view(buffer.data(), buffer.size()));
}

}  // namespace

TEST_CASE("MountTable: this machine's file", "[MountTable]") {
    const auto mounts = parseMountTable(container);
    REQUIRE(mounts.size() == 20);
    CHECK(mounts[0].device == "proc");
    CHECK(mounts[0].mountPoint == "/proc");
    CHECK(mounts[0].fsType == "proc");
    CHECK(mounts[0].options == "rw,relatime");
    CHECK(mounts[5].device == "/dev/vda");
    CHECK(mounts[5].mountPoint == "/");
    CHECK(mounts[5].fsType == "ext4");
    CHECK(mounts[5].options == "rw,relatime,discard,resv_strict,resuid=65534,resgid=65534");
    CHECK(mounts[19].fsType == "cgroup2");
    CHECK(mounts[19].mountPoint == "/sys/fs/cgroup/unified");
}

TEST_CASE("MountTable: octal escapes are decoded", "[MountTable]") {
    const auto mounts = parseMountTable(desktop);
    REQUIRE(mounts.size() == 7);
    CHECK(mounts[4].mountPoint == "/boot/efi");
    CHECK(mounts[4].fsType == "vfat");
    CHECK(mounts[5].device == "/dev/sda1");
    CHECK(mounts[5].mountPoint == "/media/alice/My Passport");
    CHECK(mounts[5].fsType == "exfat");
    CHECK(mounts[6].device == "//nas/share with\ttab");
    CHECK(mounts[6].mountPoint == "/mnt/odd\\name\nhere");
    CHECK(mounts[6].fsType == "cifs");
    CHECK(mounts[6].options == "rw,relatime,vers=3.1.1,cache=strict");
}

TEST_CASE("MountTable: decodeMountField keeps what is not a 3-digit octal escape", "[MountTable]") {
    CHECK(decodeMountField(R"(a\040b)") == "a b");
    CHECK(decodeMountField(R"(\101\102)") == "AB");
    CHECK(decodeMountField(R"(\377)") == "\xFF");
    CHECK(decodeMountField(R"(\400)") == R"(\400)");  // above 0377
    CHECK(decodeMountField(R"(\08)") == R"(\08)");
    CHECK(decodeMountField(R"(\04)") == R"(\04)");  // truncated
    CHECK(decodeMountField(R"(end\)") == R"(end\)");
    CHECK(decodeMountField(R"(\\040)") == "\\ ");
    CHECK(decodeMountField("") == "");
}

TEST_CASE("MountTable: junk never crashes", "[MountTable][junk]") {
    SECTION("empty input and lines with missing fields") {
        CHECK(parseMountTable("").empty());
        CHECK(parseMountTable("\n\n   \n").empty());
        CHECK(parseMountTable("proc /proc proc\n/dev/sda1\n").empty());
        const auto mounts = parseMountTable("tmpfs /tmp tmpfs rw\n");  // no dump/pass: kept
        REQUIRE(mounts.size() == 1);
        CHECK(mounts[0].options == "rw");
    }
    SECTION("every truncation of the real files") {
        for (const std::string_view file : {container, desktop}) {
            for (std::size_t length = 0; length <= file.size(); ++length) {
                withExactBuffer(file.substr(0, length), [](std::string_view text) {
                    for (const Mount& mount : parseMountTable(text)) {
                        CHECK_FALSE(mount.options.empty());
                    }
                });
            }
        }
    }
    SECTION("binary garbage") {
        std::mt19937 random(7);
        std::uniform_int_distribution<int> byte(0, 255);
        for (int round = 0; round < 200; ++round) {
            std::string junk(static_cast<std::size_t>(round * 7), '\0');
            for (char& c : junk) {
                c = static_cast<char>(byte(random));
            }
            withExactBuffer(junk, [](std::string_view text) { (void)parseMountTable(text); });
        }
    }
    SECTION("a huge line") {
        const std::string options(1 << 20, 'o');
        const auto mounts = parseMountTable("/dev/x /y ext4 " + options + " 0 0\n");
        REQUIRE(mounts.size() == 1);
        CHECK(mounts[0].options.size() == options.size());
    }
}
