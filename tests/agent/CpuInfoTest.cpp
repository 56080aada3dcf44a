#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "parque/agent/parsers/CpuInfo.h"

using parque::agent::CpuInfo;
using parque::agent::parseCpuInfo;

namespace {

// /proc/cpuinfo of this machine (a 2-vCPU KVM guest), byte for byte.
constexpr std::string_view kvmGuest = R"txt(processor	: 0
vendor_id	: GenuineIntel
cpu family	: 6
model		: 167
model name	: Intel(R) Xeon(R) Processor
stepping	: 1
microcode	: 0x1
cpu MHz		: 2599.998
cache size	: 491520 KB
physical id	: 0
siblings	: 2
core id		: 0
cpu cores	: 2
apicid		: 0
initial apicid	: 0
fpu		: yes
fpu_exception	: yes
cpuid level	: 36
wp		: yes
flags		: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ss ht syscall nx pdpe1gb rdtscp lm constant_tsc rep_good nopl xtopology nonstop_tsc cpuid tsc_known_freq pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand hypervisor lahf_lm abm 3dnowprefetch cpuid_fault fsgsbase tsc_adjust bmi1 hle avx2 smep bmi2 erms invpcid rtm avx512f avx512dq rdseed adx smap avx512ifma clflushopt clwb avx512cd sha_ni avx512bw avx512vl xsaveopt xsavec xgetbv1 xsaves avx_vnni avx512_bf16 arat avx512vbmi umip avx512_vbmi2 gfni vaes vpclmulqdq avx512_vnni avx512_bitalg avx512_vpopcntdq rdpid cldemote movdiri movdir64b fsrm serialize tsxldtrk amx_bf16 avx512_fp16 amx_tile amx_int8 arch_capabilities
bugs		: spectre_v1 spectre_v2 spec_store_bypass swapgs retbleed bhi spectre_v2_user its its_native_only
bogomips	: 5199.99
clflush size	: 64
cache_alignment	: 64
address sizes	: 48 bits physical, 57 bits virtual
power management:

processor	: 1
vendor_id	: GenuineIntel
cpu family	: 6
model		: 167
model name	: Intel(R) Xeon(R) Processor
stepping	: 1
microcode	: 0x1
cpu MHz		: 2599.998
cache size	: 491520 KB
physical id	: 0
siblings	: 2
core id		: 1
cpu cores	: 2
apicid		: 1
initial apicid	: 1
fpu		: yes
fpu_exception	: yes
cpuid level	: 36
wp		: yes
flags		: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ss ht syscall nx pdpe1gb rdtscp lm constant_tsc rep_good nopl xtopology nonstop_tsc cpuid tsc_known_freq pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand hypervisor lahf_lm abm 3dnowprefetch cpuid_fault fsgsbase tsc_adjust bmi1 hle avx2 smep bmi2 erms invpcid rtm avx512f avx512dq rdseed adx smap avx512ifma clflushopt clwb avx512cd sha_ni avx512bw avx512vl xsaveopt xsavec xgetbv1 xsaves avx_vnni avx512_bf16 arat avx512vbmi umip avx512_vbmi2 gfni vaes vpclmulqdq avx512_vnni avx512_bitalg avx512_vpopcntdq rdpid cldemote movdiri movdir64b fsrm serialize tsxldtrk amx_bf16 avx512_fp16 amx_tile amx_int8 arch_capabilities
bugs		: spectre_v1 spectre_v2 spec_store_bypass swapgs retbleed bhi spectre_v2_user its its_native_only
bogomips	: 5199.99
clflush size	: 64
cache_alignment	: 64
address sizes	: 48 bits physical, 57 bits virtual
power management:

)txt";

// A bare-metal AMD desktop, first lines of two processors (the flags lines shortened, and
// "hypervisor" added to the second to show that only the first processor counts).
constexpr std::string_view ryzen = R"txt(processor	: 0
vendor_id	: AuthenticAMD
cpu family	: 25
model		: 33
model name	: AMD Ryzen 9 5950X 16-Core Processor
stepping	: 0
microcode	: 0xa201016
cpu MHz		: 3786.264
cache size	: 512 KB
physical id	: 0
siblings	: 32
cpu cores	: 16
apicid		: 31
fpu		: yes
fpu_exception	: yes
cpuid level	: 16
wp		: yes
flags		: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx mmxext fxsr_opt pdpe1gb rdtscp lm constant_tsc rep_good nopl nonstop_tsc cpuid extd_apicid aperfmperf rapl pni pclmulqdq monitor ssse3 fma cx16 sse4_1 sse4_2 movbe popcnt aes xsave avx f16c rdrand lahf_lm cmp_legacy svm extapic cr8_legacy abm sse4a

processor	: 1
vendor_id	: AuthenticAMD
cpu family	: 25
model		: 33
model name	: AMD Ryzen 9 5950X 16-Core Processor
flags		: fpu vme de pse tsc hypervisor

)txt";

// A Raspberry Pi 3 Model B running a 64-bit kernel: no vendor_id, no model name, no flags.
constexpr std::string_view raspberryPi3 = R"txt(processor	: 0
BogoMIPS	: 38.40
Features	: fp asimd evtstrm crc32 cpuid
CPU implementer	: 0x41
CPU architecture: 8
CPU variant	: 0x0
CPU part	: 0xd03
CPU revision	: 4

processor	: 1
BogoMIPS	: 38.40
Features	: fp asimd evtstrm crc32 cpuid
CPU implementer	: 0x41
CPU architecture: 8
CPU variant	: 0x0
CPU part	: 0xd03
CPU revision	: 4

processor	: 2
BogoMIPS	: 38.40
Features	: fp asimd evtstrm crc32 cpuid
CPU implementer	: 0x41
CPU architecture: 8
CPU variant	: 0x0
CPU part	: 0xd03
CPU revision	: 4

processor	: 3
BogoMIPS	: 38.40
Features	: fp asimd evtstrm crc32 cpuid
CPU implementer	: 0x41
CPU architecture: 8
CPU variant	: 0x0
CPU part	: 0xd03
CPU revision	: 4

Revision	: a22082
Serial		: 000000009ec1f24d
Model		: Raspberry Pi 3 Model B Rev 1.2
)txt";

// An old 32-bit ARM kernel (Ubiquiti UniFi Cloud Key, first two of four processors): the model
// is in "Processor" with a capital P.
constexpr std::string_view armv7 = R"txt(Processor	: ARMv7 Processor rev 3 (v7l)
processor	: 0
BogoMIPS	: 1489.66
Features	: swp half thumb fastmult vfp edsp thumbee neon vfpv3 tls vfpv4 idiva idivt 
CPU implementer	: 0x41
CPU architecture: 7
CPU variant	: 0x0
CPU part	: 0xc07
CPU revision	: 3

Processor	: ARMv7 Processor rev 3 (v7l)
processor	: 1
BogoMIPS	: 1494.37
Features	: swp half thumb fastmult vfp edsp thumbee neon vfpv3 tls vfpv4 idiva idivt 
CPU implementer	: 0x41
CPU architecture: 7
CPU variant	: 0x0
CPU part	: 0xc07
CPU revision	: 3
)txt";

// A single-core ARMv7 phone on a 2.6 kernel: no "processor" line at all.
constexpr std::string_view armv7SingleCore = R"txt(Processor	: ARMv7 Processor rev 2 (v7l)
BogoMIPS	: 1198.44
Features	: swp half thumb fastmult vfp edsp neon vfpv3 
CPU implementer	: 0x41
CPU architecture: 7
CPU variant	: 0x3
CPU part	: 0xc08
CPU revision	: 2

Hardware	: mapphone_UMTS
Revision	: 0000
Serial		: 0000000000000000
CPU Tier	: 10
)txt";

// A RISC-V board (StarFive VisionFive 2, openSUSE), first processor, as printed in a test log.
constexpr std::string_view riscv = R"txt(processor       : 0
hart            : 1
isa             : rv64imafdc_zicntr_zicsr_zifencei_zihpm_zaamo_zalrsc_zca_zcd_zba_zbb
mmu             : sv39
uarch           : sifive,u74-mc
mvendorid       : 0x489
marchid         : 0x8000000000000007
mimpid          : 0x4210427
hart isa        : rv64imafdc_zicntr_zicsr_zifencei_zihpm_zaamo_zalrsc_zca_zcd_zba_zbb

)txt";

template <typename Check>
void withExactBuffer(std::string_view text, Check check) {
    const std::vector<char> buffer(text.begin(), text.end());
    check(std::string_view(buffer.data(), buffer.size()));
}

}  // namespace

TEST_CASE("CpuInfo: this machine's KVM guest", "[CpuInfo]") {
    const CpuInfo info = parseCpuInfo(kvmGuest);
    CHECK(info.vendorId == "GenuineIntel");
    CHECK(info.modelName == "Intel(R) Xeon(R) Processor");
    CHECK(info.hypervisor);
    CHECK(info.processors == 2);
}

TEST_CASE("CpuInfo: bare metal reads the first processor's flags only", "[CpuInfo]") {
    const CpuInfo info = parseCpuInfo(ryzen);
    CHECK(info.vendorId == "AuthenticAMD");
    CHECK(info.modelName == "AMD Ryzen 9 5950X 16-Core Processor");
    CHECK_FALSE(info.hypervisor);
    CHECK(info.processors == 2);
}

TEST_CASE("CpuInfo: ARM and RISC-V leave vendor and model unknown", "[CpuInfo]") {
    const CpuInfo pi = parseCpuInfo(raspberryPi3);
    CHECK_FALSE(pi.vendorId);
    CHECK_FALSE(pi.modelName);
    CHECK_FALSE(pi.hypervisor);
    CHECK(pi.processors == 4);

    const CpuInfo old = parseCpuInfo(armv7);
    CHECK_FALSE(old.vendorId);
    CHECK(old.modelName == "ARMv7 Processor rev 3 (v7l)");
    CHECK(old.processors == 2);

    const CpuInfo phone = parseCpuInfo(armv7SingleCore);
    CHECK(phone.modelName == "ARMv7 Processor rev 2 (v7l)");
    CHECK(phone.processors == 0);

    const CpuInfo board = parseCpuInfo(riscv);
    CHECK_FALSE(board.vendorId);
    CHECK_FALSE(board.modelName);
    CHECK(board.processors == 1);
}

TEST_CASE("CpuInfo: flags are whole words, values are trimmed", "[CpuInfo]") {
    CHECK_FALSE(parseCpuInfo("flags\t\t: fpu hypervisorx xhypervisor\n").hypervisor);
    CHECK(parseCpuInfo("flags\t\t: hypervisor\n").hypervisor);
    CHECK(parseCpuInfo("flags\t\t:\thypervisor\r\n").hypervisor);
    const CpuInfo info = parseCpuInfo("model name\t:   Spaced Out CPU  \r\nvendor_id\t:\n");
    CHECK(info.modelName == "Spaced Out CPU");
    CHECK_FALSE(info.vendorId);  // empty value
    CHECK(parseCpuInfo("model name\t: a: b\n").modelName == "a: b");
}

TEST_CASE("CpuInfo: junk never crashes", "[CpuInfo][junk]") {
    SECTION("empty input") {
        const CpuInfo info = parseCpuInfo("");
        CHECK_FALSE(info.vendorId);
        CHECK_FALSE(info.modelName);
        CHECK_FALSE(info.hypervisor);
        CHECK(info.processors == 0);
    }
    SECTION("every truncation of the real files") {
        for (const std::string_view file : {kvmGuest, raspberryPi3, armv7}) {
            for (std::size_t length = 0; length <= file.size(); ++length) {
                withExactBuffer(file.substr(0, length), [](std::string_view text) {
                    const CpuInfo info = parseCpuInfo(text);
                    CHECK(info.processors >= 0);
                    CHECK(info.processors <= 4);
                });
            }
        }
    }
    SECTION("binary garbage") {
        std::mt19937 random(3);
        std::uniform_int_distribution<int> byte(0, 255);
        for (int round = 0; round < 200; ++round) {
            std::string junk(static_cast<std::size_t>(round * 9), '\0');
            for (char& c : junk) {
                c = static_cast<char>(byte(random));
            }
            withExactBuffer(junk, [](std::string_view text) { (void)parseCpuInfo(text); });
        }
    }
    SECTION("a huge line") {
        const std::string flags(1 << 20, 'f');
        const CpuInfo info = parseCpuInfo("processor\t: 0\nflags\t\t: " + flags + " hypervisor\n");
        CHECK(info.hypervisor);
        CHECK(info.processors == 1);
    }
}
