// The inventory model: one typed struct per section of the GLPI native inventory format
// (shared/glpi-inventory-format/inventory.schema.json). Member names are the wire names; the
// only place that spells them as strings is Fields.h. An unknown value is an empty optional.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace parque::inventory {

using Text = std::optional<std::string>;
using Int = std::optional<std::int64_t>;
using Flag = std::optional<bool>;

struct Hardware {
    Text chassis_type, datelastloggeduser, defaultgateway, dns, lastloggeduser;
    Int memory;  // MiB
    Text name;
    Int swap;  // MiB
    Text uuid, vmsystem, workgroup, type, description;
    Text winprodid, winowner, winprodkey, wincompany, winlang;
    bool operator==(const Hardware&) const;
};

struct Bios {
    Text assettag;
    Text bdate;  // YYYY-MM-DD (or a date and time)
    Text bmanufacturer, bversion, mmanufacturer, mmodel, msn, skunumber, smanufacturer, smodel, ssn;
    Text biosserial, enclosureserial;
    Text secure_boot;  // enabled | disabled | unsupported
    bool operator==(const Bios&) const;
};

struct TimeZone {
    std::string name;    // e.g. "-03"
    std::string offset;  // [+-]HHMM
    bool operator==(const TimeZone&) const;
};

struct OperatingSystem {
    Text arch;
    Text boot_time;  // YYYY-MM-DD HH:MM:SS
    Text dns_domain, fqdn, full_name, hostid;
    Text install_date;
    Text kernel_name, kernel_version, name, ssh_key, service_pack;
    std::optional<TimeZone> timezone;
    Text version;
    bool operator==(const OperatingSystem&) const;
};

struct Cpu {
    Text arch;
    Int core, corecount;
    Text description;
    Int external_clock;  // MHz
    Text familyname, familynumber, id, manufacturer, model, name, serial;
    Int speed;  // MHz
    Int stepping, thread;
    Text cache;
    bool operator==(const Cpu&) const;
};

struct Memory {
    Int capacity;  // MiB
    Text caption, description, manufacturer, memorycorrection;
    Int numslots;
    Text serialnumber, model, speed, type, formfactor, purpose;
    Flag removable;
    bool operator==(const Memory&) const;
};

struct Storage {
    Text description;
    Int disksize;  // MB
    Text firmware, interface, manufacturer, model, name;
    Text scsi_coid, scsi_lun, scsi_unid, scsi_chid;
    Text serial, type, wwn;
    Text encrypt_name, encrypt_algo, encrypt_status, encrypt_type;
    bool operator==(const Storage&) const;
};

struct Drive {
    Text description, letter;
    Flag systemdrive;
    Text filesystem;
    Int free;  // MB, volatile
    Text serial;
    Int total;    // MB
    Text type;    // mount point on Unix
    Text volumn;  // device (the schema's spelling)
    Text createdate, label;
    Text encrypt_name, encrypt_algo, encrypt_status, encrypt_type;
    bool operator==(const Drive&) const;
};

struct Network {
    std::string description;  // required: the interface name
    Flag management;
    Text ipaddress, ipaddress6, ipdhcp, ipgateway, ipmask, ipmask6, ipsubnet, ipsubnet6;
    Text mac, pciid, pnpdeviceid, speed;
    Text status;  // up | down | dormant | notpresent | lowerlayerdown | unknown | testing
    Text type;    // ethernet | wifi | infiniband | aggregate | alias | dialup | loopback | bridge |
                  // ...
    Flag virtualdev;
    Text manufacturer, model, wwn, driver, firmware, pcislot;
    Int mtu;
    Text slaves, base, wifi_ssid, wifi_bssid, wifi_mode, wifi_version;
    bool operator==(const Network&) const;
};

struct Software {
    Text arch, comments;
    Int filesize;  // bytes
    Text from, guid, install_date;
    std::string name;  // required
    Text publisher, system_category, uninstall_string, url_info_about, version, folder, helplink;
    Flag no_remove;
    Text release_type, version_minor, version_major, username, userid;
    bool operator==(const Software&) const;
};

struct UsbDevice {
    Text caption, class_, manufacturer, name, productid, subclass, vendorid, serial;
    bool operator==(const UsbDevice&) const;
};

struct Monitor {
    Text base64, caption, description, manufacturer, serial, altserial, port, uuencode, name, type;
    bool operator==(const Monitor&) const;
};

struct Battery {
    Int capacity, real_capacity;  // mWh
    Text date;                    // YYYY-MM-DD
    Text chemistry, manufacturer, name, serial;
    Int voltage;  // mV
    bool operator==(const Battery&) const;
};

struct Controller {
    Text caption, driver, manufacturer, name, pcisubsystemid, pciclass, pcislot, productid, rev;
    Text type, vendorid, model, serial;
    bool operator==(const Controller&) const;
};

struct Video {
    Text name, chipset;
    Int memory;  // MiB
    Text resolution, pcislot;
    bool operator==(const Video&) const;
};

struct Printer {
    Text description, driver;
    std::string name;  // required
    Flag network;
    Text port, printprocessor, resolution;
    Flag shared;
    Text status, comment, errstatus, servername, sharename, serial;
    bool operator==(const Printer&) const;
};

struct VirtualMachine {
    Text image, ipaddress;
    Int memory;        // MiB
    std::string name;  // required
    std::optional<OperatingSystem> operatingsystem;
    Text status;  // running | blocked | idle | paused | shutdown | crashed | dying | off
    Text subsystem, uuid;
    Int vcpu;
    Text vmtype, mac, comment, owner, serial;
    bool operator==(const VirtualMachine&) const;
};

struct Firmware {
    Text name, description, type, version;
    Text date;  // YYYY-MM-DD
    Text manufacturer;
    bool operator==(const Firmware&) const;
};

// The content object of an inventory message. A section that is absent is empty (arrays) or
// nullopt (objects); in a partial inventory only the sections present changed.
struct Content {
    Text versionclient;
    std::optional<Hardware> hardware;
    std::optional<Bios> bios;
    std::optional<OperatingSystem> operatingsystem;
    std::vector<Cpu> cpus;
    std::vector<Memory> memories;
    std::vector<Storage> storages;
    std::vector<Drive> drives;
    std::vector<Network> networks;
    std::vector<Software> softwares;
    std::vector<UsbDevice> usbdevices;
    std::vector<Monitor> monitors;
    std::vector<Battery> batteries;
    std::vector<Controller> controllers;
    std::vector<Video> videos;
    std::vector<Printer> printers;
    std::vector<VirtualMachine> virtualmachines;
    std::vector<Firmware> firmwares;
    bool operator==(const Content&) const;
};

// One inventory message (the top level of the schema).
struct Inventory {
    std::string deviceid;  // required
    Text action;           // "inventory"
    Int jobid;
    Text itemtype;  // Unmanaged | Computer | Phone | NetworkEquipment | Printer
    Flag partial;
    Text tag;
    Content content;
    bool operator==(const Inventory&) const;
};

}  // namespace parque::inventory
