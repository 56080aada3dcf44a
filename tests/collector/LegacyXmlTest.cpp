// parseLegacyMessage and the replies of the legacy XML protocol: the captured FusionInventory 2.6
// and OCS Inventory 2.10 messages, conversions of values, and hostile XML.
#include "parque/collector/LegacyXml.h"

#include "parque/inventory/JsonCodec.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using parque::collector::inventoryReply;
using parque::collector::LegacyMessage;
using parque::collector::LegacyXmlError;
using parque::collector::LegacyXmlLimits;
using parque::collector::parseLegacyMessage;
using parque::collector::prologReply;
namespace inventory = parque::inventory;
namespace fs = std::filesystem;

namespace {

std::string fixture(const std::string& agent, const std::string& file) {
    const fs::path path = fs::path(PARQUE_FIXTURES_DIR) / "legacy-agents" / agent / file;
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in.good());
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// The text of every <tag>...</tag> in document order (enough for the flat captures).
std::vector<std::string> elementTexts(const std::string& xml, const std::string& tag) {
    std::vector<std::string> values;
    const std::string open = "<" + tag + ">";
    const std::string close = "</" + tag + ">";
    for (std::size_t at = xml.find(open); at != std::string::npos; at = xml.find(open, at + 1)) {
        const std::size_t start = at + open.size();
        values.push_back(xml.substr(start, xml.find(close, start) - start));
    }
    return values;
}

const inventory::Software* findSoftware(const inventory::Inventory& inv, const std::string& name) {
    for (const auto& s : inv.content.softwares) {
        if (s.name == name) {
            return &s;
        }
    }
    return nullptr;
}

void writeSchemaOut(const std::string& agent, const inventory::Inventory& inv) {
#ifdef PARQUE_SCHEMA_OUT_DIR
    fs::create_directories(PARQUE_SCHEMA_OUT_DIR);
    std::ofstream(fs::path(PARQUE_SCHEMA_OUT_DIR) / ("legacy-" + agent + ".json"))
        << inventory::encode(inv);
#else
    (void)agent;
    (void)inv;
#endif
}

std::string request(const std::string& content) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<REQUEST><CONTENT>" + content +
           "</CONTENT><DEVICEID>dev-1</DEVICEID><QUERY>INVENTORY</QUERY></REQUEST>";
}

inventory::Inventory mapped(const std::string& content) {
    const LegacyMessage message = parseLegacyMessage(request(content));
    REQUIRE(message.inventory.has_value());
    return *message.inventory;
}

std::string errorOf(const std::string& xml, const LegacyXmlLimits& limits = {}) {
    try {
        parseLegacyMessage(xml, limits);
    } catch (const LegacyXmlError& e) {
        return e.what();
    }
    FAIL("no LegacyXmlError for: " << xml.substr(0, 200));
    return {};
}

}  // namespace

TEST_CASE("LegacyXml: captured PROLOGs parse and the replies match the captures", "[legacy]") {
    const auto fusion = parseLegacyMessage(fixture("fusioninventory-2.6", "PROLOG.request.xml"));
    CHECK(fusion.query == "PROLOG");
    CHECK(fusion.deviceid == "vm-2026-11-22-15-04-08");
    CHECK_FALSE(fusion.inventory.has_value());
    const auto ocs = parseLegacyMessage(fixture("ocsinventory-2.10", "PROLOG.request.xml"));
    CHECK(ocs.query == "PROLOG");
    CHECK(ocs.deviceid == "vm-2026-11-22-15-11-29");

    for (const std::string agent : {"fusioninventory-2.6", "ocsinventory-2.10"}) {
        CHECK(prologReply(24) == fixture(agent, "PROLOG.reply.xml"));
        CHECK(inventoryReply() == fixture(agent, "INVENTORY.reply.xml"));
    }
    CHECK(prologReply(6).find("<PROLOG_FREQ>6</PROLOG_FREQ>") != std::string::npos);
    CHECK_THROWS_AS(prologReply(0), std::invalid_argument);
}

TEST_CASE("LegacyXml: the captured FusionInventory 2.6 inventory maps field by field", "[legacy]") {
    const std::string xml = fixture("fusioninventory-2.6", "INVENTORY.request.xml");
    const LegacyMessage message = parseLegacyMessage(xml);
    CHECK(message.query == "INVENTORY");
    CHECK(message.deviceid == "vm-2026-11-22-15-04-08");
    REQUIRE(message.inventory.has_value());
    const inventory::Inventory& inv = *message.inventory;
    CHECK(inv.deviceid == message.deviceid);
    CHECK(inv.action == "inventory");
    CHECK(inv.itemtype == "Computer");
    const auto& c = inv.content;
    CHECK(c.versionclient == "FusionInventory-Agent_v2.6-3");

    CHECK_FALSE(c.bios.has_value());  // only <SSN></SSN>: empty is unknown
    REQUIRE(c.hardware.has_value());
    CHECK(c.hardware->name == "vm");
    CHECK(c.hardware->memory == 24105);
    CHECK(c.hardware->vmsystem == "Docker");
    CHECK(c.hardware->dns == "10.255.255.53");
    CHECK(c.hardware->defaultgateway == "192.0.2.1");
    CHECK_FALSE(c.hardware->uuid.has_value());

    REQUIRE(c.operatingsystem.has_value());
    CHECK(c.operatingsystem->full_name == "Debian GNU/Linux 12 (bookworm)");
    CHECK(c.operatingsystem->kernel_version == "6.18.44-fc-v669");
    CHECK(c.operatingsystem->boot_time == "2026-11-22 14:56:05");
    CHECK(c.operatingsystem->arch == "x86_64");
    CHECK(c.operatingsystem->version == "12.11");
    REQUIRE(c.operatingsystem->timezone.has_value());
    CHECK(c.operatingsystem->timezone->name == "UTC");
    CHECK(c.operatingsystem->timezone->offset == "+0000");

    REQUIRE(c.cpus.size() == 1);
    CHECK(c.cpus[0].name == "AMD EPYC");
    CHECK(c.cpus[0].manufacturer == "AMD");
    CHECK(c.cpus[0].core == 2);
    CHECK(c.cpus[0].thread == 2);
    CHECK(c.cpus[0].stepping == 1);
    CHECK(c.cpus[0].familynumber == "25");
    CHECK(c.cpus[0].arch == "i386");

    REQUIRE(c.storages.size() == 1);
    CHECK(c.storages[0].name == "vda");
    CHECK(c.storages[0].disksize == 274877);
    CHECK(c.storages[0].serial == "overlayblk");
    CHECK(c.storages[0].manufacturer == "Red Hat, Inc.");

    REQUIRE(c.drives.size() == 1);
    CHECK(c.drives[0].type == "/");
    CHECK(c.drives[0].volumn == "/dev/vda");
    CHECK(c.drives[0].filesystem == "ext4");
    CHECK(c.drives[0].total == 258019);
    CHECK(c.drives[0].free == 80474);

    const auto macs = elementTexts(xml, "MACADDR");
    REQUIRE(c.networks.size() == macs.size());
    for (std::size_t i = 0; i < macs.size(); ++i) {
        CHECK(c.networks[i].mac == macs[i]);
    }
    CHECK(c.networks[0].description == "lo");
    CHECK(c.networks[0].type == "loopback");
    CHECK(c.networks[0].status == "up");
    CHECK(c.networks[0].virtualdev == true);
    CHECK(c.networks[0].ipaddress == "127.0.0.1");
    CHECK(c.networks[1].ipaddress6 == "::1");
    CHECK(c.networks[2].status == "down");
    CHECK(c.networks[4].ipaddress == "192.0.2.2");
    CHECK(c.networks[4].virtualdev == false);
    CHECK(c.networks[4].speed == "-1");
    CHECK(c.networks[4].driver == "virtio_net");

    REQUIRE(c.controllers.size() == 6);
    CHECK(c.controllers[1].vendorid == "1af4");
    CHECK(c.controllers[1].productid == "1045");
    CHECK(c.controllers[1].pcisubsystemid == "1af4:1045");
    CHECK(c.controllers[1].rev == "01");
    CHECK(c.controllers[2].type == "Mass storage controller");

    CHECK(c.softwares.size() == elementTexts(xml, "SOFTWARES").size());
    CHECK(c.softwares.size() == 869);
    const auto* bash = findSoftware(inv, "bash");
    REQUIRE(bash != nullptr);
    CHECK(bash->version == "5.2.15-2+b8");
    CHECK(bash->arch == "amd64");
    CHECK(bash->publisher == "Debian");
    CHECK(bash->filesize == 7335936);
    CHECK(bash->system_category == "shells");
    CHECK(bash->from == "deb");

    const std::string json = inventory::encode(inv);
    CHECK(inventory::decodeInventory(json) == inv);
    writeSchemaOut("fusioninventory-2.6", inv);
}

TEST_CASE("LegacyXml: the captured OCS Inventory 2.10 inventory maps field by field", "[legacy]") {
    const std::string xml = fixture("ocsinventory-2.10", "INVENTORY.request.xml");
    const LegacyMessage message = parseLegacyMessage(xml);
    CHECK(message.query == "INVENTORY");
    CHECK(message.deviceid == "vm-2026-11-22-15-11-29");
    REQUIRE(message.inventory.has_value());
    const inventory::Inventory& inv = *message.inventory;
    const auto& c = inv.content;

    CHECK(c.versionclient == parque::collector::kUnknownLegacyClient);  // required by the schema
    CHECK_FALSE(c.bios.has_value());                                    // <BIOS></BIOS>
    REQUIRE(c.hardware.has_value());
    CHECK(c.hardware->name == "vm");
    CHECK(c.hardware->memory == 24105);
    CHECK(c.hardware->swap == 0);
    CHECK(c.hardware->workgroup == "WORKGROUP");
    CHECK(c.hardware->vmsystem == "Physical");
    REQUIRE(c.operatingsystem.has_value());  // from HARDWARE/OSNAME, OSVERSION
    CHECK(c.operatingsystem->full_name == "Debian GNU/Linux 12");
    CHECK(c.operatingsystem->version == "12");

    REQUIRE(c.cpus.size() == 1);
    CHECK(c.cpus[0].name == "AMD EPYC");  // <TYPE>
    CHECK(c.cpus[0].core == 2);           // <CORES>
    CHECK(c.cpus[0].thread == 2);         // <LOGICAL_CPUS>
    CHECK(c.cpus[0].arch == "x86_64");    // <CPUARCH>

    REQUIRE(c.storages.size() == 2);
    CHECK(c.storages[0].name == "vda");
    CHECK(c.storages[0].disksize == 274877);  // "274877.906944"
    CHECK(c.storages[1].name == "zram0");
    CHECK_FALSE(c.storages[1].disksize.has_value());

    REQUIRE(c.drives.size() == 1);
    CHECK(c.drives[0].free == 80470);
    CHECK(c.drives[0].total == 258019);

    const auto macs = elementTexts(xml, "MACADDR");
    REQUIRE(c.networks.size() == macs.size());
    for (std::size_t i = 0; i < macs.size(); ++i) {
        CHECK(c.networks[i].mac == macs[i]);
    }
    CHECK(c.networks[0].type == "ethernet");  // "ether"
    CHECK(c.networks[0].speed == "0");        // "0 Mbps"
    CHECK(c.networks[0].mtu == 1500);
    CHECK(c.networks[2].ipaddress == "192.0.2.2");
    CHECK(c.networks[2].ipmask == "255.255.255.0");
    // IPv6 in the IPv4 fields moves to the IPv6 ones.
    CHECK_FALSE(c.networks[3].ipaddress.has_value());
    CHECK(c.networks[3].ipaddress6 == "fe80::fc:ff:fe00:1");
    CHECK(c.networks[3].ipmask6 == "ffff:ffff:ffff:ffff::");
    CHECK(c.networks[3].ipsubnet6 == "fe80::");

    REQUIRE(c.controllers.size() == 6);
    CHECK(c.controllers[0].vendorid == "8086");  // <PCIID>8086:0d57</PCIID>
    CHECK(c.controllers[0].productid == "0d57");
    CHECK(c.controllers[0].pciclass == "0600");  // "Host bridge [0600]"
    CHECK(c.controllers[0].type == "Host bridge");
    CHECK(c.controllers[1].rev == "01");  // <TYPE>rev 01</TYPE>
    CHECK(c.controllers[1].type == "Unassigned class");

    CHECK(c.softwares.size() == elementTexts(xml, "SOFTWARES").size());
    const auto* bash = findSoftware(inv, "bash");
    REQUIRE(bash != nullptr);
    CHECK(bash->version == "5.2.15-2+b8");
    CHECK(bash->arch == "amd64");                        // <ARCHITECTURE>
    CHECK(bash->install_date == "2025-04-20 00:00:00");  // "2025/04/20 00:00:00"
    const auto* adduser = findSoftware(inv, "adduser");
    REQUIRE(adduser != nullptr);
    CHECK(adduser->comments == "add and remove users and groups");
    CHECK(adduser->arch == "all");
    const auto* file = findSoftware(inv, "file");
    REQUIRE(file != nullptr);
    CHECK(file->comments == "Recognize the type of data in a file using \"magic\" numbers");

    const std::string json = inventory::encode(inv);
    CHECK(inventory::decodeInventory(json) == inv);
    writeSchemaOut("ocsinventory-2.10", inv);
}

TEST_CASE("LegacyXml: sections absent from the captures map with converted values", "[legacy]") {
    const auto inv = mapped(R"(
<BIOS><BDATE>04/21/2014</BDATE><SMANUFACTURER>LENOVO</SMANUFACTURER><SMODEL>20BV</SMODEL>
  <SSN>PC0ABCDE</SSN><SECURE_BOOT>maybe</SECURE_BOOT></BIOS>
<HARDWARE><UUID>4C4C4544-0042</UUID><MEMORY>16 GB</MEMORY><NAME>pc1</NAME></HARDWARE>
<USBDEVICES><CLASS>9</CLASS><NAME>Hub</NAME><PRODUCTID>0024</PRODUCTID><VENDORID>8087</VENDORID>
  <SERIAL>123</SERIAL></USBDEVICES>
<USBDEVICES><PRODUCTID>c52b</PRODUCTID><VENDORID>046d</VENDORID></USBDEVICES>
<MONITORS><CAPTION>DELL U2415</CAPTION><MANUFACTURER>Dell Inc.</MANUFACTURER>
  <SERIAL>7MT0186G1ABC</SERIAL></MONITORS>
<MEMORIES><CAPACITY>8192</CAPACITY><NUMSLOTS>1</NUMSLOTS><SPEED>2400</SPEED><TYPE>DDR4</TYPE>
  <REMOVABLE>yes</REMOVABLE></MEMORIES>
<BATTERIES><NAME>45N1</NAME><CAPACITY>23200 mWh</CAPACITY><VOLTAGE>11.1 V</VOLTAGE>
  <DATE>2014-05-21</DATE><CHEMISTRY>LION</CHEMISTRY></BATTERIES>
<BATTERIES><NAME>other</NAME><MANUFACTUREDATE>13/13/2014</MANUFACTUREDATE></BATTERIES>
<VIDEOS><CHIPSET>Intel HD</CHIPSET><MEMORY>256</MEMORY><NAME>HD 5500</NAME></VIDEOS>
<PRINTERS><NAME>PDF</NAME><SHARED>0</SHARED><NETWORK>true</NETWORK></PRINTERS>
<PRINTERS><DRIVER>no name, dropped</DRIVER></PRINTERS>
<VIRTUALMACHINES><NAME>vm1</NAME><STATUS>Stopped</STATUS><VCPU>2</VCPU><MEMORY>2048</MEMORY>
  <VMTYPE>libvirt</VMTYPE><UUID>1234</UUID></VIRTUALMACHINES>
<VIRTUALMACHINES><NAME>vm2</NAME><STATUS>exploded</STATUS></VIRTUALMACHINES>
<NETWORKS><DESCRIPTION>wlan0</DESCRIPTION><TYPE>Wifi</TYPE><STATUS>sideways</STATUS>
  <IPADDRESS>999.1.1.1</IPADDRESS><MTU>n/a</MTU></NETWORKS>
<NETWORKS><MACADDR>no description, dropped</MACADDR></NETWORKS>
<SOFTWARES><NAME>7-Zip</NAME><INSTALLDATE>21/05/2024</INSTALLDATE><FILESIZE>big</FILESIZE>
  <NO_REMOVE>0</NO_REMOVE></SOFTWARES>
<SOFTWARES><NAME>odd</NAME><INSTALLDATE>03/04/2024</INSTALLDATE></SOFTWARES>
<SOFTWARES><NAME>bad</NAME><INSTALLDATE>2024-02-30</INSTALLDATE></SOFTWARES>
<OPERATINGSYSTEM><NAME>Windows</NAME><TIMEZONE><NAME>CET</NAME><OFFSET>+1</OFFSET></TIMEZONE>
  <BOOT_TIME>yesterday</BOOT_TIME></OPERATINGSYSTEM>
<ACCOUNTINFO><KEYNAME>TAG</KEYNAME><KEYVALUE>site-7</KEYVALUE></ACCOUNTINFO>
<UNKNOWNSECTION><X>1</X></UNKNOWNSECTION>)");
    const auto& c = inv.content;
    CHECK(inv.tag == "site-7");
    REQUIRE(c.bios.has_value());
    CHECK(c.bios->bdate == "2014-04-21");  // dmidecode's MM/DD/YYYY
    CHECK(c.bios->smanufacturer == "LENOVO");
    CHECK(c.bios->smodel == "20BV");
    CHECK(c.bios->ssn == "PC0ABCDE");
    CHECK_FALSE(c.bios->secure_boot.has_value());  // outside the enum: dropped
    REQUIRE(c.hardware.has_value());
    CHECK(c.hardware->uuid == "4C4C4544-0042");
    CHECK(c.hardware->memory == 16384);

    REQUIRE(c.usbdevices.size() == 2);
    CHECK(c.usbdevices[0].vendorid == "8087");
    CHECK(c.usbdevices[0].productid == "0024");
    CHECK(c.usbdevices[0].class_ == "9");
    CHECK(c.usbdevices[0].serial == "123");
    CHECK(c.usbdevices[1].vendorid == "046d");
    CHECK(c.usbdevices[1].productid == "c52b");
    REQUIRE(c.monitors.size() == 1);
    CHECK(c.monitors[0].caption == "DELL U2415");
    CHECK(c.monitors[0].serial == "7MT0186G1ABC");
    REQUIRE(c.memories.size() == 1);
    CHECK(c.memories[0].capacity == 8192);
    CHECK(c.memories[0].speed == "2400");
    CHECK(c.memories[0].removable == true);

    REQUIRE(c.batteries.size() == 2);
    CHECK(c.batteries[0].capacity == 23200);
    CHECK(c.batteries[0].voltage == 11100);
    CHECK(c.batteries[0].date == "2014-05-21");
    CHECK_FALSE(c.batteries[1].date.has_value());  // no month 13
    REQUIRE(c.videos.size() == 1);
    CHECK(c.videos[0].memory == 256);
    REQUIRE(c.printers.size() == 1);  // a printer without NAME is dropped
    CHECK(c.printers[0].shared == false);
    CHECK(c.printers[0].network == true);
    REQUIRE(c.virtualmachines.size() == 2);
    CHECK(c.virtualmachines[0].status == "off");
    CHECK(c.virtualmachines[0].vcpu == 2);
    CHECK(c.virtualmachines[0].memory == 2048);
    CHECK_FALSE(c.virtualmachines[1].status.has_value());

    REQUIRE(c.networks.size() == 1);  // a network without DESCRIPTION is dropped
    CHECK(c.networks[0].type == "wifi");
    CHECK_FALSE(c.networks[0].status.has_value());
    CHECK_FALSE(c.networks[0].ipaddress.has_value());
    CHECK_FALSE(c.networks[0].mtu.has_value());

    REQUIRE(c.softwares.size() == 3);
    CHECK(c.softwares[0].install_date == "2024-05-21");  // FusionInventory's DD/MM/YYYY
    CHECK_FALSE(c.softwares[0].filesize.has_value());
    CHECK(c.softwares[0].no_remove == false);
    CHECK(c.softwares[1].install_date == "2024-04-03");
    CHECK_FALSE(c.softwares[2].install_date.has_value());  // no 30 February

    REQUIRE(c.operatingsystem.has_value());
    CHECK(c.operatingsystem->name == "Windows");
    CHECK_FALSE(c.operatingsystem->timezone.has_value());  // offset "+1" is not [+-]HHMM
    CHECK_FALSE(c.operatingsystem->boot_time.has_value());
    CHECK_NOTHROW(inventory::encode(inv));
}

TEST_CASE("LegacyXml: text is decoded as UTF-8, invalid bytes replaced", "[legacy]") {
    const auto inv = mapped(
        "<HARDWARE><NAME>caf\xC3\xA9-\xFF\x01</NAME><WORKGROUP>a &amp; b &#x263A;</WORKGROUP>"
        "</HARDWARE>");
    REQUIRE(inv.content.hardware.has_value());
    CHECK(inv.content.hardware->name == "caf\xC3\xA9-\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK(inv.content.hardware->workgroup == "a & b \xE2\x98\xBA");
}

TEST_CASE("LegacyXml: an unknown QUERY is returned as it is, without an inventory", "[legacy]") {
    const auto message = parseLegacyMessage(
        "<REQUEST><QUERY>Update</QUERY><DEVICEID>d</DEVICEID><CONTENT/></REQUEST>");
    CHECK(message.query == "UPDATE");
    CHECK(message.deviceid == "d");
    CHECK_FALSE(message.inventory.has_value());
}

TEST_CASE("LegacyXml: DTDs and entities are refused", "[legacy]") {
    const std::string laughs =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n"
        " <!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
        " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n]>\n"
        "<REQUEST><QUERY>PROLOG</QUERY><DEVICEID>&lol3;</DEVICEID></REQUEST>";
    CHECK_THAT(errorOf(laughs), Catch::Contains("DOCTYPE"));
    const std::string external =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE r [ <!ENTITY x SYSTEM \"file:///etc/passwd\"> ]>\n"
        "<REQUEST><QUERY>PROLOG</QUERY><DEVICEID>&x;</DEVICEID></REQUEST>";
    const std::string error = errorOf(external);
    CHECK_THAT(error, Catch::Contains("DOCTYPE"));
    CHECK_THAT(error, !Catch::Contains("root:"));
    // Behind a comment, and an undeclared entity without any DTD.
    CHECK_THAT(errorOf("<!-- hi --><!DOCTYPE r SYSTEM \"http://x.invalid/r.dtd\"><REQUEST/>"),
               Catch::Contains("DOCTYPE"));
    CHECK_THAT(errorOf("<REQUEST><QUERY>&x;</QUERY></REQUEST>"), Catch::Contains("line 1"));
}

TEST_CASE("LegacyXml: limits and malformed documents throw precise errors", "[legacy]") {
    std::string deep = "<REQUEST><QUERY>PROLOG</QUERY><DEVICEID>d</DEVICEID>";
    for (int i = 0; i < 39; ++i) {
        deep += "<A>";
    }
    for (int i = 0; i < 39; ++i) {
        deep += "</A>";
    }
    deep += "</REQUEST>";
    CHECK_THAT(errorOf(deep), Catch::Contains("deeper than 32"));

    LegacyXmlLimits small;
    small.maxElements = 10;
    CHECK_THAT(errorOf(fixture("ocsinventory-2.10", "INVENTORY.request.xml"), small),
               Catch::Contains("more than 10 elements"));
    small = LegacyXmlLimits{};
    small.maxBytes = 1000;
    CHECK_THAT(errorOf(fixture("ocsinventory-2.10", "INVENTORY.request.xml"), small),
               Catch::Contains("exceeds the limit of 1000"));
    const std::string longText =
        "<REQUEST><QUERY>" + std::string(70000, 'x') + "</QUERY></REQUEST>";
    CHECK_THAT(errorOf(longText), Catch::Contains("text of <QUERY> exceeds 65536"));

    const std::string full = fixture("fusioninventory-2.6", "INVENTORY.request.xml");
    const std::string truncated = errorOf(full.substr(0, full.size() / 2));
    CHECK_THAT(truncated, Catch::Contains("XML line"));
    CHECK_THAT(errorOf("this is not XML"), Catch::Contains("XML line 1"));
    CHECK_THAT(errorOf(""), Catch::Contains("empty"));
    CHECK_THAT(errorOf("{\"deviceid\":\"x\"}"), Catch::Contains("XML line 1"));
    CHECK_THAT(errorOf("<REPLY><QUERY>PROLOG</QUERY></REPLY>"), Catch::Contains("<REQUEST>"));
    CHECK_THAT(errorOf("<REQUEST><DEVICEID>d</DEVICEID></REQUEST>"), Catch::Contains("QUERY"));
    CHECK_THAT(errorOf("<REQUEST><QUERY>PROLOG</QUERY></REQUEST>"), Catch::Contains("DEVICEID"));
    CHECK_THAT(errorOf("<REQUEST><QUERY>INVENTORY</QUERY><DEVICEID>d</DEVICEID></REQUEST>"),
               Catch::Contains("CONTENT"));
}

TEST_CASE("LegacyXml: OCS spellings that would change identity or look like changes are fixed",
          "[legacy]") {
    const auto ocs = parseLegacyMessage(fixture("ocsinventory-2.10", "INVENTORY.request.xml"));
    REQUIRE(ocs.inventory);
    const auto& content = ocs.inventory->content;
    // "binutils-common:amd64" is binutils-common for arch amd64, as FusionInventory says it.
    const auto* common = findSoftware(*ocs.inventory, "binutils-common");
    REQUIRE(common != nullptr);
    CHECK(common->arch == "amd64");
    CHECK(findSoftware(*ocs.inventory, "binutils-common:amd64") == nullptr);
    // The uptime OCS writes into HARDWARE/DESCRIPTION is not kept.
    REQUIRE(content.hardware);
    CHECK_FALSE(content.hardware->description.has_value());
}
