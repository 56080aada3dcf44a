#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <streambuf>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parque/agent/parsers/HwIds.h"

using parque::agent::HwIds;

namespace {

// Lines cut from Debian 12's /usr/share/misc/pci.ids (version 2023.04.10), unchanged and in file
// order: the header, the first vendors (one with a comment before its device), AMD's and Intel's
// 1572 devices (same device id, two vendors), Red Hat's whole block with subsystem lines, the
// last vendor, and the class section with subclasses and prog-ifs.
constexpr std::string_view pciExcerpt = R"txt(#
#	List of PCI ID's
#
#	Version: 2023.04.10
#	Date:    2023-04-10 20:08:02
#
#	Maintained by Albert Pool, Martin Mares, and other volunteers from
#	the PCI ID Project at https://pci-ids.ucw.cz/.
#
#	New data are always welcome, especially if they are accurate. If you have
#	anything to contribute, please follow the instructions at the web site.
#
#	This file can be distributed under either the GNU General Public License
#	(version 2 or higher) or the 3-clause BSD License.
#
#	The database is a compilation of factual data, and as such the copyright
#	only covers the aggregation and formatting. The copyright is held by
#	Martin Mares and Albert Pool.
#

# Vendors, devices and subsystems. Please keep sorted.

# Syntax:
# vendor  vendor_name
#	device  device_name				<-- single tab
#		subvendor subdevice  subsystem_name	<-- two tabs

0001  SafeNet (wrong ID)
0010  Allied Telesis, Inc (Wrong ID)
# This is a relabelled RTL-8139
	8139  AT-2500TX V3 Ethernet
0014  Loongson Technology LLC
	7a00  Hyper Transport Bridge Controller
	7a02  APB (Advanced Peripheral Bus) Controller
	7a03  Gigabit Ethernet Controller
1022  Advanced Micro Devices, Inc. [AMD]
	1570  Family 15h (Models 60h-6fh) Processor Function 0
	1571  Family 15h (Models 60h-6fh) Processor Function 1
	1572  Family 15h (Models 60h-6fh) Processor Function 2
	1573  Family 15h (Models 60h-6fh) Processor Function 3
1af4  Red Hat, Inc.
	1000  Virtio network device
		01de fffb  Propolis Virtio network device
	1001  Virtio block device
		01de fffa  Propolis Virtio block device
	1002  Virtio memory balloon
	1003  Virtio console
	1004  Virtio SCSI
	1005  Virtio RNG
	1009  Virtio filesystem
	1041  Virtio 1.0 network device
	1042  Virtio 1.0 block device
	1043  Virtio 1.0 console
	1044  Virtio 1.0 RNG
	1045  Virtio 1.0 memory balloon
	1048  Virtio 1.0 SCSI
	1049  Virtio 1.0 filesystem
	1050  Virtio 1.0 GPU
	1052  Virtio 1.0 input
	1053  Virtio 1.0 socket
	105a  Virtio file system
	1110  Inter-VM shared memory
		1af4 1100  QEMU Virtual Machine
1af5  Netezza Corp.
8086  Intel Corporation
	0007  82379AB
	0008  Extended Express System Support Controller
	0039  21145 Fast Ethernet
		1028 06dc  Latitude E7470
		103c 8079  EliteBook 840 G3
		17aa 2247  ThinkPad T570
	1570  Ethernet Connection I219-V
	1571  Ethernet Virtual Function 700 Series
	1572  Ethernet Controller X710 for 10GbE SFP+
		1028 0000  Ethernet 10G X710 rNDC
		1028 1f99  Ethernet 10G 4P X710/I350 rNDC
		1028 1f9c  Ethernet 10G 4P X710 SFP+ rNDC
8088  Beijing Wangxun Technology Co., Ltd.
	0100  WX1860AL-W Gigabit Ethernet Controller
	0101  WX1860A2 Gigabit Ethernet Controller
		8088 0201  Dual-Port Ethernet Network Adaptor SF200T
		8088 4201  Dual-Port Ethernet Network Adaptor SF200T (WOL)
ffff  Illegal Vendor ID


# List of known device classes, subclasses and programming interfaces

# Syntax:
# C class	class_name
#	subclass	subclass_name  		<-- single tab
#		prog-if  prog-if_name  	<-- two tabs

C 00  Unclassified device
	00  Non-VGA unclassified device
	01  VGA compatible unclassified device
	05  Image coprocessor
C 01  Mass storage controller
C 02  Network controller
	00  Ethernet controller
	01  Token ring network controller
	02  FDDI network controller
	03  ATM network controller
	04  ISDN controller
	05  WorldFip controller
	06  PICMG controller
	07  Infiniband controller
	08  Fabric controller
	80  Network controller
C 0c  Serial bus controller
	00  FireWire (IEEE 1394)
		00  Generic
		10  OHCI
	01  ACCESS Bus
	02  SSA
	03  USB controller
		00  UHCI
		10  OHCI
		20  EHCI
		30  XHCI
		40  USB4 Host Interface
		80  Unspecified
		fe  USB Device
	04  Fibre Channel
	05  SMBus
	06  InfiniBand
	07  IPMI Interface
		00  SMIC
		01  KCS
		02  BT (Block Transfer)
	08  SERCOS interface
	09  CANBUS
	80  Serial bus controller
C 0d  Wireless controller
	00  IRDA controller
	01  Consumer IR controller
	10  RF controller
	11  Bluetooth
	12  Broadband
	20  802.1a controller
	21  802.1b controller
	80  Wireless controller
C 13  Non-Essential Instrumentation
C 40  Coprocessor
C ff  Unassigned class
)txt";

// Lines cut from /usr/share/misc/usb.ids the same way: vendors with devices, the class section
// (subclasses and protocols), and the sections after it ("AT", "HUT", "L") whose indented lines
// must not be taken for devices or subclasses.
constexpr std::string_view usbExcerpt = R"txt(#
#	List of USB ID's
#
#	Maintained by Stephen J. Gowdy <linux.usb.ids@gmail.com>
#	If you have any new entries, please submit them via
#		http://www.linux-usb.org/usb-ids.html
#	or send entries as patches (diff -u old new) in the
#	body of your email (a bot will attempt to deal with it).
#	The latest version can be obtained from
#		http://www.linux-usb.org/usb.ids
#
# Version: 2025.07.26
# Syntax:
# vendor  vendor_name
#	device  device_name				<-- single tab
#		interface  interface_name		<-- two tabs

0001  Fry's Electronics
1d6b  Linux Foundation
	0001  1.1 root hub
	0002  2.0 root hub
	0003  3.0 root hub
	0100  PTP Gadget
	0101  Audio Gadget
	0102  EEM Gadget
	0103  NCM (Ethernet) Gadget
	0104  Multifunction Composite Gadget
	0105  FunctionFS Gadget
	0200  Qemu Audio Device
1d88  Mahr GmbH
	0001  Measurement Device [MarECon]
	0002  Probe
	0003  Surface Measurement [PS10]

# List of known device classes, subclasses and protocols

# Syntax:
# C class  class_name
#	subclass  subclass_name			<-- single tab
#		protocol  protocol_name		<-- two tabs

C 00  (Defined at Interface level)
C 01  Audio
	01  Control Device
	02  Streaming
	03  MIDI Streaming
C 02  Communications
	01  Direct Line
	02  Abstract (modem)
C 09  Hub
	00  Unused
		00  Full speed (or root) hub
		01  Single TT
		02  TT per port
# List of Audio Class Terminal Types

# Syntax:
# AT terminal_type  terminal_type_name

AT 0100  USB Undefined
AT 0101  USB Streaming
HUT 01  Generic Desktop Controls
	000  Undefined
	001  Pointer
	002  Mouse
L 0009  English
	01  US
	02  UK
)txt";

std::string randomBytes(std::mt19937& random, std::size_t size) {
    std::uniform_int_distribution<int> byte(0, 255);
    std::string junk(size, '\0');
    for (char& c : junk) {
        c = static_cast<char>(byte(random));
    }
    return junk;
}

// Every lookup on a database must come back without crashing, whatever it holds.
void probe(const HwIds& ids) {
    const std::uint16_t vendors[] = {0x0000, 0x0010, 0x1af4, 0x8086, 0xffff};
    const std::uint8_t classes[] = {0x00, 0x02, 0x0c, 0xff};
    for (const std::uint16_t vid : vendors) {
        (void)ids.vendor(vid);
        (void)ids.device(vid, 0x1000);
        (void)ids.device(vid, 0xffff);
    }
    for (const std::uint8_t cls : classes) {
        (void)ids.className(cls);
        (void)ids.className(cls, 0x03);
    }
}

}  // namespace

TEST_CASE("HwIds: pci.ids vendors and devices", "[HwIds]") {
    const HwIds ids = HwIds::fromText(std::string(pciExcerpt));
    CHECK(ids.vendorCount() == 9);
    CHECK(ids.vendor(0x0001) == "SafeNet (wrong ID)");
    CHECK(ids.vendor(0x1af4) == "Red Hat, Inc.");
    CHECK(ids.vendor(0x8086) == "Intel Corporation");
    CHECK(ids.vendor(0xffff) == "Illegal Vendor ID");
    CHECK_FALSE(ids.vendor(0x1234));

    CHECK(ids.device(0x1af4, 0x1000) == "Virtio network device");
    CHECK(ids.device(0x1af4, 0x1001) == "Virtio block device");
    CHECK(ids.device(0x1af4, 0x105a) == "Virtio file system");
    CHECK(ids.device(0x1af4, 0x1110) == "Inter-VM shared memory");
    CHECK(ids.device(0x0010, 0x8139) == "AT-2500TX V3 Ethernet");  // after a comment line
    CHECK(ids.device(0x1022, 0x1572) == "Family 15h (Models 60h-6fh) Processor Function 2");
    CHECK(ids.device(0x8086, 0x1572) == "Ethernet Controller X710 for 10GbE SFP+");
    CHECK(ids.device(0x8088, 0x0101) == "WX1860A2 Gigabit Ethernet Controller");

    SECTION("a device is looked up only in its vendor's block") {
        CHECK_FALSE(ids.device(0x0001, 0x8139));  // the next vendor's device
        CHECK_FALSE(ids.device(0x1af5, 0x1000));
        CHECK_FALSE(ids.device(0x1234, 0x1000));  // no such vendor
        CHECK_FALSE(ids.device(0xffff, 0x0000));  // the last vendor runs into the class section
    }
    SECTION("subsystem lines are not devices") {
        CHECK_FALSE(ids.device(0x1af4, 0x01de));
        CHECK_FALSE(ids.device(0x8086, 0x1028));
        CHECK_FALSE(ids.device(0x8088, 0x8088));
    }
}

TEST_CASE("HwIds: pci.ids classes and subclasses", "[HwIds]") {
    const HwIds ids = HwIds::fromText(std::string(pciExcerpt));
    CHECK(ids.className(0x00) == "Unclassified device");
    CHECK(ids.className(0x02) == "Network controller");
    CHECK(ids.className(0x02, 0x00) == "Ethernet controller");
    CHECK(ids.className(0x0c) == "Serial bus controller");
    CHECK(ids.className(0x0c, 0x03) == "USB controller");
    CHECK(ids.className(0x0c, 0x80) == "Serial bus controller");
    CHECK(ids.className(0x0d, 0x11) == "Bluetooth");
    CHECK(ids.className(0xff) == "Unassigned class");
    CHECK_FALSE(ids.className(0x0c, 0x30));  // a prog-if (XHCI), not a subclass
    CHECK_FALSE(ids.className(0x01, 0x00));  // C 01 lists no subclass here
    CHECK_FALSE(ids.className(0x13, 0x00));  // the last lines of the file
    CHECK_FALSE(ids.className(0x03));
}

TEST_CASE("HwIds: usb.ids vendors, devices and classes", "[HwIds]") {
    std::istringstream in{std::string(usbExcerpt)};
    const HwIds ids = HwIds::fromStream(in);
    CHECK(ids.vendorCount() == 3);
    CHECK(ids.vendor(0x1d6b) == "Linux Foundation");
    CHECK(ids.device(0x1d6b, 0x0002) == "2.0 root hub");
    CHECK(ids.device(0x1d6b, 0x0200) == "Qemu Audio Device");
    CHECK(ids.device(0x1d88, 0x0001) == "Measurement Device [MarECon]");
    CHECK_FALSE(ids.device(0x1d88, 0x0100));
    CHECK(ids.className(0x09) == "Hub");
    CHECK(ids.className(0x09, 0x00) == "Unused");
    CHECK(ids.className(0x01, 0x03) == "MIDI Streaming");
    CHECK(ids.className(0x00) == "(Defined at Interface level)");
    CHECK_FALSE(ids.className(0x09, 0x01));  // "L 0009" has "\t01  US", another section
    CHECK_FALSE(ids.vendor(0x0100));         // "AT 0100" is no vendor
    CHECK_FALSE(ids.vendor(0x0009));         // nor is "L 0009"
}

namespace {

// A stream that cannot seek or tell, like a pipe.
class PipeBuffer : public std::streambuf {
public:
    explicit PipeBuffer(std::string content) : data(std::move(content)) {}

protected:
    int_type underflow() override {
        if (pos >= data.size()) {
            return traits_type::eof();
        }
        current = data[pos++];
        setg(&current, &current, &current + 1);
        return traits_type::to_int_type(current);
    }

private:
    std::string data;
    std::size_t pos = 0;
    char current = '\0';
};

}  // namespace

TEST_CASE("HwIds: fromStream reads from the current position, seekable or not", "[HwIds]") {
    std::istringstream partly("skipped\n1234  Name\n\t0001  Device\n");
    partly.ignore(8);
    const HwIds fromMiddle = HwIds::fromStream(partly);
    CHECK(fromMiddle.vendor(0x1234) == "Name");
    CHECK(fromMiddle.device(0x1234, 0x0001) == "Device");

    PipeBuffer pipe{std::string(usbExcerpt)};
    std::istream in(&pipe);
    const HwIds fromPipe = HwIds::fromStream(in);
    CHECK(fromPipe.vendorCount() == 3);
    CHECK(fromPipe.device(0x1d6b, 0x0003) == "3.0 root hub");
}

TEST_CASE("HwIds: duplicates, disorder, case and line ends", "[HwIds]") {
    const HwIds ids = HwIds::fromText(
        "2222  Second\r\n\t0001  Two-one \r\n"
        "1111  First\n\t0001  One-one\n"
        "2222  Again\n\t0002  Hidden\n"
        "ABCD  Upper\n\tEF01  Upper device\n"
        "C 0A  Upper class\n\t0B  Upper subclass\n"
        "C 0a  Second class 0a\n");
    CHECK(ids.vendorCount() == 3);
    CHECK(ids.vendor(0x1111) == "First");
    CHECK(ids.vendor(0x2222) == "Second");  // the first of two wins
    CHECK(ids.device(0x2222, 0x0001) == "Two-one");
    CHECK_FALSE(ids.device(0x2222, 0x0002));
    CHECK(ids.device(0x1111, 0x0001) == "One-one");
    CHECK(ids.vendor(0xabcd) == "Upper");
    CHECK(ids.device(0xabcd, 0xef01) == "Upper device");
    CHECK(ids.className(0x0a) == "Upper class");
    CHECK(ids.className(0x0a, 0x0b) == "Upper subclass");
}

TEST_CASE("HwIds: the real pci.ids and usb.ids", "[HwIds][system]") {
    const std::filesystem::path pciPath = "/usr/share/misc/pci.ids";
    if (!std::filesystem::exists(pciPath)) {
        WARN("no " << pciPath << " (Debian package pci.ids): skipped");
    } else {
        std::ifstream in(pciPath, std::ios::binary);
        REQUIRE(in);
        const HwIds ids = HwIds::fromStream(in);
        CHECK(ids.vendorCount() > 1000);
        CHECK(ids.vendor(0x8086) == "Intel Corporation");
        CHECK(ids.vendor(0x10de) == "NVIDIA Corporation");
        CHECK(ids.device(0x1af4, 0x1000) == "Virtio network device");
        CHECK(ids.device(0x1af4, 0x1041) == "Virtio 1.0 network device");
        CHECK(ids.className(0x0c, 0x03) == "USB controller");
        CHECK(ids.className(0x02, 0x00) == "Ethernet controller");
        CHECK(ids.className(0x06) == "Bridge");
    }
    const std::filesystem::path usbPath = "/usr/share/misc/usb.ids";
    if (!std::filesystem::exists(usbPath)) {
        WARN("no " << usbPath << " (Debian package usb.ids): skipped");
    } else {
        std::ifstream in(usbPath, std::ios::binary);
        REQUIRE(in);
        const HwIds ids = HwIds::fromStream(in);
        CHECK(ids.vendorCount() > 1000);
        CHECK(ids.vendor(0x1d6b) == "Linux Foundation");
        CHECK(ids.device(0x1d6b, 0x0003) == "3.0 root hub");
        CHECK(ids.className(0x09) == "Hub");
        CHECK(ids.className(0x03) == "Human Interface Device");
    }
}

TEST_CASE("HwIds: junk never crashes", "[HwIds][junk]") {
    SECTION("empty input") {
        const HwIds ids = HwIds::fromText("");
        CHECK(ids.vendorCount() == 0);
        CHECK_FALSE(ids.vendor(0));
        CHECK_FALSE(ids.device(0, 0));
        CHECK_FALSE(ids.className(0));
        CHECK_FALSE(ids.className(0, 0));
    }
    SECTION("malformed lines") {
        const HwIds ids = HwIds::fromText(
            "12345  Five digits\n123  Three\n12g4  Not hex\n"
            "1234\n1235  \n1236\tTabbed\n\t\n\t1\n\t12\n"
            "C\nC \nC 0\nC zz  No\nC 05\nC 06  \nC 07\tTab class\n"
            "\t0\n\t00\n\t00  ");
        CHECK(ids.vendorCount() == 2);
        CHECK_FALSE(ids.vendor(0x1234));
        CHECK_FALSE(ids.vendor(0x1235));  // a vendor line without a name
        CHECK(ids.vendor(0x1236) == "Tabbed");
        CHECK_FALSE(ids.device(0x1236, 0x0001));
        CHECK_FALSE(ids.className(0x05));
        CHECK_FALSE(ids.className(0x06));
        CHECK(ids.className(0x07) == "Tab class");
        CHECK_FALSE(ids.className(0x07, 0x00));  // the subclass line has no name
    }
    SECTION("every truncation of the excerpts") {
        for (const std::string_view file : {pciExcerpt, usbExcerpt}) {
            for (std::size_t length = 0; length <= file.size(); ++length) {
                probe(HwIds::fromText(std::string(file.substr(0, length))));
            }
        }
    }
    SECTION("binary garbage") {
        std::mt19937 random(11);
        for (int round = 0; round < 300; ++round) {
            probe(HwIds::fromText(randomBytes(random, static_cast<std::size_t>(round * 13))));
        }
        // Garbage that looks like the format: ids and tabs in random order.
        const std::string alphabet = "0123456789abcdefC \t\n#";
        std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
        for (int round = 0; round < 300; ++round) {
            std::string text(static_cast<std::size_t>(round * 13), ' ');
            for (char& c : text) {
                c = alphabet[pick(random)];
            }
            probe(HwIds::fromText(text));
        }
    }
    SECTION("huge lines") {
        const std::string name(1 << 20, 'n');
        const HwIds ids = HwIds::fromText("1234  " + name + "\n\t0001  " + name + "\n");
        REQUIRE(ids.vendor(0x1234));
        CHECK(ids.vendor(0x1234)->size() == name.size());
        CHECK(ids.device(0x1234, 0x0001)->size() == name.size());
        CHECK_FALSE(ids.device(0x1234, 0x0002));
    }
}

TEST_CASE("HwIds: reading only the wanted devices answers as the whole file", "[HwIds][wanted]") {
    const HwIds whole = HwIds::fromText(std::string(pciExcerpt));
    parque::agent::HwIdsWanted wanted;
    wanted.devices = {{0x1af4, 0x1001}, {0x0010, 0x8139}, {0x8086, 0x1572}, {0x1234, 0x0001}};
    wanted.classes = true;
    std::istringstream in{std::string(pciExcerpt)};
    const HwIds some = HwIds::fromStream(in, wanted);
    CHECK(some.vendorCount() == 3);  // 1234 is not in the file
    for (const auto& [vendor, device] : wanted.devices) {
        CHECK(some.vendor(vendor) == whole.vendor(vendor));
        CHECK(some.device(vendor, device) == whole.device(vendor, device));
    }
    CHECK(some.device(0x0010, 0x8139) == "AT-2500TX V3 Ethernet");  // after a comment line
    CHECK_FALSE(some.device(0x1af4, 0x1000));                       // not asked for
    CHECK_FALSE(some.vendor(0x1022));
    for (unsigned cls = 0; cls < 256; ++cls) {
        const auto code = static_cast<std::uint8_t>(cls);
        CHECK(some.className(code) == whole.className(code));
        CHECK(some.className(code, 0x00) == whole.className(code, 0x00));
        CHECK(some.className(code, 0x06) == whole.className(code, 0x06));
    }

    SECTION("without classes, no class section") {
        wanted.classes = false;
        std::istringstream again{std::string(pciExcerpt)};
        CHECK_FALSE(HwIds::fromStream(again, wanted).className(0x02));
    }
    SECTION("lines cut by the 64 KiB blocks, and a line too long to keep") {
        // 70,000 bytes of comments put the excerpt's lines across the first block boundary;
        // a 100,000-byte junk line is skipped whole.
        std::string text(70000, '#');
        text[69999] = '\n';
        text += std::string(pciExcerpt) + std::string(100000, 'x') + "\nabcd  Last Vendor\n";
        wanted.devices.emplace_back(0xabcd, 0x0001);
        std::istringstream cut{text};
        const HwIds read = HwIds::fromStream(cut, wanted);
        CHECK(read.device(0x8086, 0x1572) == whole.device(0x8086, 0x1572));
        CHECK(read.className(0x02, 0x00) == whole.className(0x02, 0x00));
        CHECK(read.vendor(0xabcd) == "Last Vendor");
    }
    SECTION("a duplicated vendor: the first block wins, as in the whole file") {
        std::istringstream twice{"1af4  First\n\t1001  One\n1af4  Second\n\t1001  Two\n"};
        const HwIds read = HwIds::fromStream(twice, wanted);
        CHECK(read.vendor(0x1af4) == "First");
        CHECK(read.device(0x1af4, 0x1001) == "One");
    }
}
