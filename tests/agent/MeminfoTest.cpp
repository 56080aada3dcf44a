#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "parque/agent/parsers/Meminfo.h"

using parque::agent::Meminfo;
using parque::agent::parseMeminfo;

namespace {

// /proc/meminfo of this machine (Debian 12, kernel 6.x, 24 GiB, no swap), byte for byte.
constexpr std::string_view noSwap = R"txt(MemTotal:       24683656 kB
MemFree:        23182696 kB
MemAvailable:   23974016 kB
Buffers:           17084 kB
Cached:           955824 kB
SwapCached:            0 kB
Active:           600640 kB
Inactive:         617320 kB
Active(anon):       1568 kB
Inactive(anon):   252408 kB
Active(file):     599072 kB
Inactive(file):   364912 kB
Unevictable:       12552 kB
Mlocked:           11580 kB
SwapTotal:             0 kB
SwapFree:              0 kB
Zswap:                 0 kB
Zswapped:              0 kB
Dirty:             18380 kB
Writeback:             0 kB
AnonPages:        257748 kB
Mapped:            98364 kB
Shmem:              8924 kB
KReclaimable:      82436 kB
Slab:             107100 kB
SReclaimable:      82436 kB
SUnreclaim:        24664 kB
KernelStack:        1688 kB
PageTables:         2976 kB
SecPageTables:         0 kB
NFS_Unstable:          0 kB
Bounce:                0 kB
WritebackTmp:          0 kB
CommitLimit:    12341828 kB
Committed_AS:     346604 kB
VmallocTotal:   34359738367 kB
VmallocUsed:       14540 kB
VmallocChunk:          0 kB
Percpu:              688 kB
AnonHugePages:         0 kB
ShmemHugePages:        0 kB
ShmemPmdMapped:        0 kB
FileHugePages:     20480 kB
FilePmdMapped:         0 kB
Balloon:               0 kB
HugePages_Total:       0
HugePages_Free:        0
HugePages_Rsvd:        0
HugePages_Surp:        0
Hugepagesize:       2048 kB
Hugetlb:               0 kB
DirectMap4k:       28672 kB
DirectMap2M:     2068480 kB
DirectMap1G:    25165824 kB
)txt";

// The head of a laptop's /proc/meminfo with a 2 GiB swap file (same kernel format).
constexpr std::string_view withSwap = R"txt(MemTotal:       16082916 kB
MemFree:         9134772 kB
MemAvailable:   12468552 kB
Buffers:          283412 kB
Cached:          3394084 kB
SwapCached:            0 kB
SwapTotal:       2097148 kB
SwapFree:        2097148 kB
)txt";

template <typename Check>
void withExactBuffer(std::string_view text, Check check) {
    const std::vector<char> buffer(text.begin(), text.end());
    check(std::string_view(buffer.data(), buffer.size()));
}

}  // namespace

TEST_CASE("Meminfo: this machine's file", "[Meminfo]") {
    const Meminfo info = parseMeminfo(noSwap);
    CHECK(info.memTotalKib == 24683656);
    CHECK(info.swapTotalKib == 0);
}

TEST_CASE("Meminfo: a machine with swap", "[Meminfo]") {
    const Meminfo info = parseMeminfo(withSwap);
    CHECK(info.memTotalKib == 16082916);
    CHECK(info.swapTotalKib == 2097148);
}

TEST_CASE("Meminfo: odd values stay unknown", "[Meminfo][junk]") {
    CHECK_FALSE(parseMeminfo("MemTotal:       16082916\n").memTotalKib);     // no unit
    CHECK_FALSE(parseMeminfo("MemTotal:       16082916 MB\n").memTotalKib);  // other unit
    CHECK_FALSE(parseMeminfo("MemTotal:       -5 kB\n").memTotalKib);
    CHECK_FALSE(parseMeminfo("MemTotal:       +5 kB\n").memTotalKib);
    CHECK_FALSE(parseMeminfo("MemTotal:       12x4 kB\n").memTotalKib);
    CHECK_FALSE(parseMeminfo("MemTotal:       kB\n").memTotalKib);
    CHECK_FALSE(parseMeminfo("MemTotal:\n").memTotalKib);
    CHECK_FALSE(parseMeminfo("MemTotal:       99999999999999999999 kB\n").memTotalKib);
    CHECK(parseMeminfo("MemTotal:       9223372036854775807 kB\n").memTotalKib ==
          9223372036854775807);
    CHECK_FALSE(parseMeminfo("memtotal:       1 kB\n").memTotalKib);  // keys are case-sensitive
    CHECK_FALSE(parseMeminfo("MemTotalX:       1 kB\n").memTotalKib);
    CHECK(parseMeminfo("MemTotal:\t1 kB\r\n").memTotalKib == 1);
    // The first readable occurrence wins.
    const Meminfo twice = parseMeminfo("MemTotal: bad kB\nMemTotal: 7 kB\nMemTotal: 8 kB\n");
    CHECK(twice.memTotalKib == 7);
}

TEST_CASE("Meminfo: junk never crashes", "[Meminfo][junk]") {
    SECTION("empty input") {
        const Meminfo info = parseMeminfo("");
        CHECK_FALSE(info.memTotalKib);
        CHECK_FALSE(info.swapTotalKib);
    }
    SECTION("every truncation of the real file") {
        for (std::size_t length = 0; length <= noSwap.size(); ++length) {
            withExactBuffer(noSwap.substr(0, length), [](std::string_view text) {
                const Meminfo info = parseMeminfo(text);
                if (info.memTotalKib) {
                    CHECK(*info.memTotalKib == 24683656);
                }
            });
        }
    }
    SECTION("binary garbage") {
        std::mt19937 random(99);
        std::uniform_int_distribution<int> byte(0, 255);
        for (int round = 0; round < 200; ++round) {
            std::string junk(static_cast<std::size_t>(round * 5), '\0');
            for (char& c : junk) {
                c = static_cast<char>(byte(random));
            }
            junk += "\nMemTotal: 42 kB\n";
            withExactBuffer(
                junk, [](std::string_view text) { CHECK(parseMeminfo(text).memTotalKib == 42); });
        }
    }
    SECTION("a huge line") {
        const std::string huge =
            "MemTotal: " + std::string(1 << 20, '9') + " kB\nSwapTotal: 1 kB\n";
        const Meminfo info = parseMeminfo(huge);
        CHECK_FALSE(info.memTotalKib);
        CHECK(info.swapTotalKib == 1);
    }
}
