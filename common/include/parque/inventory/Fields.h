// The only place that spells the GLPI wire field names. Each `Fields<T>::visit(obj, v)` hands every
// member of T to the visitor `v` with its wire name and its rule, in alphabetical order of the wire
// name (a test checks the order), so every encoder writes sorted keys without buffering. The codec,
// the canonical form, equality and the delta are all visitors over these lists.
#pragma once

#include "parque/inventory/Inventory.h"
#include "parque/inventory/Rules.h"

namespace parque::inventory {

template <class T>
struct Fields;

template <>
struct Fields<TimeZone> {
    template <class S, class V>
    static void visit(S& z, V& v) {
        v("name", z.name, rule::any);
        v("offset", z.offset, rule::timeZoneOffset);
    }
};

template <>
struct Fields<Hardware> {
    template <class S, class V>
    static void visit(S& h, V& v) {
        v("chassis_type", h.chassis_type, rule::any);
        v("datelastloggeduser", h.datelastloggeduser, rule::isVolatile);
        v("defaultgateway", h.defaultgateway, rule::any);
        v("description", h.description, rule::any);
        v("dns", h.dns, rule::any);
        v("lastloggeduser", h.lastloggeduser, rule::isVolatile);
        v("memory", h.memory, rule::any);
        v("name", h.name, rule::any);
        v("swap", h.swap, rule::any);
        v("type", h.type, rule::any);
        v("uuid", h.uuid, rule::any);
        v("vmsystem", h.vmsystem, rule::any);
        v("wincompany", h.wincompany, rule::any);
        v("winlang", h.winlang, rule::any);
        v("winowner", h.winowner, rule::any);
        v("winprodid", h.winprodid, rule::any);
        v("winprodkey", h.winprodkey, rule::any);
        v("workgroup", h.workgroup, rule::any);
    }
};

template <>
struct Fields<Bios> {
    template <class S, class V>
    static void visit(S& b, V& v) {
        v("assettag", b.assettag, rule::any);
        v("bdate", b.bdate, rule::dateOrDateTime);
        v("biosserial", b.biosserial, rule::any);
        v("bmanufacturer", b.bmanufacturer, rule::any);
        v("bversion", b.bversion, rule::any);
        v("enclosureserial", b.enclosureserial, rule::any);
        v("mmanufacturer", b.mmanufacturer, rule::any);
        v("mmodel", b.mmodel, rule::any);
        v("msn", b.msn, rule::any);
        v("secure_boot", b.secure_boot, rule::secureBoot);
        v("skunumber", b.skunumber, rule::any);
        v("smanufacturer", b.smanufacturer, rule::any);
        v("smodel", b.smodel, rule::any);
        v("ssn", b.ssn, rule::any);
    }
};

template <>
struct Fields<OperatingSystem> {
    template <class S, class V>
    static void visit(S& o, V& v) {
        v("arch", o.arch, rule::any);
        v("boot_time", o.boot_time, rule::volatileDateTime);
        v("dns_domain", o.dns_domain, rule::any);
        v("fqdn", o.fqdn, rule::any);
        v("full_name", o.full_name, rule::any);
        v("hostid", o.hostid, rule::any);
        v("install_date", o.install_date, rule::dateOrDateTime);
        v("kernel_name", o.kernel_name, rule::any);
        v("kernel_version", o.kernel_version, rule::any);
        v("name", o.name, rule::any);
        v("service_pack", o.service_pack, rule::any);
        v("ssh_key", o.ssh_key, rule::any);
        v("timezone", o.timezone, rule::any);
        v("version", o.version, rule::any);
    }
};

template <>
struct Fields<Cpu> {
    template <class S, class V>
    static void visit(S& c, V& v) {
        v("arch", c.arch, rule::cpuArch);
        v("cache", c.cache, rule::any);
        v("core", c.core, rule::any);
        v("corecount", c.corecount, rule::any);
        v("description", c.description, rule::any);
        v("external_clock", c.external_clock, rule::any);
        v("familyname", c.familyname, rule::any);
        v("familynumber", c.familynumber, rule::any);
        v("id", c.id, rule::any);
        v("manufacturer", c.manufacturer, rule::any);
        v("model", c.model, rule::any);
        v("name", c.name, rule::any);
        v("serial", c.serial, rule::any);
        v("speed", c.speed, rule::any);
        v("stepping", c.stepping, rule::any);
        v("thread", c.thread, rule::any);
    }
};

template <>
struct Fields<Memory> {
    template <class S, class V>
    static void visit(S& m, V& v) {
        v("capacity", m.capacity, rule::any);
        v("caption", m.caption, rule::any);
        v("description", m.description, rule::any);
        v("formfactor", m.formfactor, rule::any);
        v("manufacturer", m.manufacturer, rule::any);
        v("memorycorrection", m.memorycorrection, rule::any);
        v("model", m.model, rule::any);
        v("numslots", m.numslots, rule::any);
        v("purpose", m.purpose, rule::any);
        v("removable", m.removable, rule::any);
        v("serialnumber", m.serialnumber, rule::any);
        v("speed", m.speed, rule::any);
        v("type", m.type, rule::any);
    }
};

template <>
struct Fields<Storage> {
    template <class S, class V>
    static void visit(S& s, V& v) {
        v("description", s.description, rule::any);
        v("disksize", s.disksize, rule::any);
        v("encrypt_algo", s.encrypt_algo, rule::any);
        v("encrypt_name", s.encrypt_name, rule::any);
        v("encrypt_status", s.encrypt_status, rule::any);
        v("encrypt_type", s.encrypt_type, rule::any);
        v("firmware", s.firmware, rule::any);
        v("interface", s.interface, rule::any);
        v("manufacturer", s.manufacturer, rule::any);
        v("model", s.model, rule::any);
        v("name", s.name, rule::any);
        v("scsi_chid", s.scsi_chid, rule::any);
        v("scsi_coid", s.scsi_coid, rule::any);
        v("scsi_lun", s.scsi_lun, rule::any);
        v("scsi_unid", s.scsi_unid, rule::any);
        v("serial", s.serial, rule::any);
        v("type", s.type, rule::any);
        v("wwn", s.wwn, rule::any);
    }
};

template <>
struct Fields<Drive> {
    template <class S, class V>
    static void visit(S& d, V& v) {
        v("createdate", d.createdate, rule::any);
        v("description", d.description, rule::any);
        v("encrypt_algo", d.encrypt_algo, rule::any);
        v("encrypt_name", d.encrypt_name, rule::any);
        v("encrypt_status", d.encrypt_status, rule::any);
        v("encrypt_type", d.encrypt_type, rule::any);
        v("filesystem", d.filesystem, rule::any);
        v("free", d.free, rule::isVolatile);
        v("label", d.label, rule::any);
        v("letter", d.letter, rule::any);
        v("serial", d.serial, rule::any);
        v("systemdrive", d.systemdrive, rule::any);
        v("total", d.total, rule::any);
        v("type", d.type, rule::any);
        v("volumn", d.volumn, rule::any);
    }
};

template <>
struct Fields<Network> {
    template <class S, class V>
    static void visit(S& n, V& v) {
        v("base", n.base, rule::any);
        v("description", n.description, rule::any);
        v("driver", n.driver, rule::any);
        v("firmware", n.firmware, rule::any);
        v("ipaddress", n.ipaddress, rule::ipv4);
        v("ipaddress6", n.ipaddress6, rule::any);
        v("ipdhcp", n.ipdhcp, rule::any);
        v("ipgateway", n.ipgateway, rule::any);
        v("ipmask", n.ipmask, rule::any);
        v("ipmask6", n.ipmask6, rule::any);
        v("ipsubnet", n.ipsubnet, rule::any);
        v("ipsubnet6", n.ipsubnet6, rule::any);
        v("mac", n.mac, rule::any);
        v("management", n.management, rule::any);
        v("manufacturer", n.manufacturer, rule::any);
        v("model", n.model, rule::any);
        v("mtu", n.mtu, rule::any);
        v("pciid", n.pciid, rule::any);
        v("pcislot", n.pcislot, rule::any);
        v("pnpdeviceid", n.pnpdeviceid, rule::any);
        v("slaves", n.slaves, rule::any);
        v("speed", n.speed, rule::any);
        v("status", n.status, rule::networkStatus);
        v("type", n.type, rule::networkType);
        v("virtualdev", n.virtualdev, rule::any);
        v("wifi_bssid", n.wifi_bssid, rule::any);
        v("wifi_mode", n.wifi_mode, rule::any);
        v("wifi_ssid", n.wifi_ssid, rule::any);
        v("wifi_version", n.wifi_version, rule::any);
        v("wwn", n.wwn, rule::any);
    }
};

template <>
struct Fields<Software> {
    template <class S, class V>
    static void visit(S& s, V& v) {
        v("arch", s.arch, rule::any);
        v("comments", s.comments, rule::any);
        v("filesize", s.filesize, rule::any);
        v("folder", s.folder, rule::any);
        v("from", s.from, rule::any);
        v("guid", s.guid, rule::any);
        v("helplink", s.helplink, rule::any);
        v("install_date", s.install_date, rule::dateOrDateTime);
        v("name", s.name, rule::any);
        v("no_remove", s.no_remove, rule::any);
        v("publisher", s.publisher, rule::any);
        v("release_type", s.release_type, rule::any);
        v("system_category", s.system_category, rule::any);
        v("uninstall_string", s.uninstall_string, rule::any);
        v("url_info_about", s.url_info_about, rule::any);
        v("userid", s.userid, rule::any);
        v("username", s.username, rule::any);
        v("version", s.version, rule::any);
        v("version_major", s.version_major, rule::any);
        v("version_minor", s.version_minor, rule::any);
    }
};

template <>
struct Fields<UsbDevice> {
    template <class S, class V>
    static void visit(S& u, V& v) {
        v("caption", u.caption, rule::any);
        v("class", u.class_, rule::any);
        v("manufacturer", u.manufacturer, rule::any);
        v("name", u.name, rule::any);
        v("productid", u.productid, rule::any);
        v("serial", u.serial, rule::any);
        v("subclass", u.subclass, rule::any);
        v("vendorid", u.vendorid, rule::any);
    }
};

template <>
struct Fields<Monitor> {
    template <class S, class V>
    static void visit(S& m, V& v) {
        v("altserial", m.altserial, rule::any);
        v("base64", m.base64, rule::any);
        v("caption", m.caption, rule::any);
        v("description", m.description, rule::any);
        v("manufacturer", m.manufacturer, rule::any);
        v("name", m.name, rule::any);
        v("port", m.port, rule::any);
        v("serial", m.serial, rule::any);
        v("type", m.type, rule::any);
        v("uuencode", m.uuencode, rule::any);
    }
};

template <>
struct Fields<Battery> {
    template <class S, class V>
    static void visit(S& b, V& v) {
        v("capacity", b.capacity, rule::any);
        v("chemistry", b.chemistry, rule::any);
        v("date", b.date, rule::date);
        v("manufacturer", b.manufacturer, rule::any);
        v("name", b.name, rule::any);
        v("real_capacity", b.real_capacity, rule::isVolatile);
        v("serial", b.serial, rule::any);
        v("voltage", b.voltage, rule::any);
    }
};

template <>
struct Fields<Controller> {
    template <class S, class V>
    static void visit(S& c, V& v) {
        v("caption", c.caption, rule::any);
        v("driver", c.driver, rule::any);
        v("manufacturer", c.manufacturer, rule::any);
        v("model", c.model, rule::any);
        v("name", c.name, rule::any);
        v("pciclass", c.pciclass, rule::any);
        v("pcislot", c.pcislot, rule::any);
        v("pcisubsystemid", c.pcisubsystemid, rule::any);
        v("productid", c.productid, rule::any);
        v("rev", c.rev, rule::any);
        v("serial", c.serial, rule::any);
        v("type", c.type, rule::any);
        v("vendorid", c.vendorid, rule::any);
    }
};

template <>
struct Fields<Video> {
    template <class S, class V>
    static void visit(S& x, V& v) {
        v("chipset", x.chipset, rule::any);
        v("memory", x.memory, rule::any);
        v("name", x.name, rule::any);
        v("pcislot", x.pcislot, rule::any);
        v("resolution", x.resolution, rule::any);
    }
};

template <>
struct Fields<Printer> {
    template <class S, class V>
    static void visit(S& p, V& v) {
        v("comment", p.comment, rule::any);
        v("description", p.description, rule::any);
        v("driver", p.driver, rule::any);
        v("errstatus", p.errstatus, rule::any);
        v("name", p.name, rule::any);
        v("network", p.network, rule::any);
        v("port", p.port, rule::any);
        v("printprocessor", p.printprocessor, rule::any);
        v("resolution", p.resolution, rule::any);
        v("serial", p.serial, rule::any);
        v("servername", p.servername, rule::any);
        v("shared", p.shared, rule::any);
        v("sharename", p.sharename, rule::any);
        v("status", p.status, rule::any);
    }
};

template <>
struct Fields<VirtualMachine> {
    template <class S, class V>
    static void visit(S& m, V& v) {
        v("comment", m.comment, rule::any);
        v("image", m.image, rule::any);
        v("ipaddress", m.ipaddress, rule::ipAddress);
        v("mac", m.mac, rule::any);
        v("memory", m.memory, rule::any);
        v("name", m.name, rule::any);
        v("operatingsystem", m.operatingsystem, rule::any);
        v("owner", m.owner, rule::any);
        v("serial", m.serial, rule::any);
        v("status", m.status, rule::virtualMachineStatus);
        v("subsystem", m.subsystem, rule::any);
        v("uuid", m.uuid, rule::any);
        v("vcpu", m.vcpu, rule::any);
        v("vmtype", m.vmtype, rule::any);
    }
};

template <>
struct Fields<Firmware> {
    template <class S, class V>
    static void visit(S& f, V& v) {
        v("date", f.date, rule::date);
        v("description", f.description, rule::any);
        v("manufacturer", f.manufacturer, rule::any);
        v("name", f.name, rule::any);
        v("type", f.type, rule::any);
        v("version", f.version, rule::any);
    }
};

// The sections of `content`, in alphabetical order. Arrays are vectors, objects are optionals.
template <>
struct Fields<Content> {
    template <class S, class V>
    static void visit(S& c, V& v) {
        v("batteries", c.batteries, rule::any);
        v("bios", c.bios, rule::any);
        v("controllers", c.controllers, rule::any);
        v("cpus", c.cpus, rule::any);
        v("drives", c.drives, rule::any);
        v("firmwares", c.firmwares, rule::any);
        v("hardware", c.hardware, rule::any);
        v("memories", c.memories, rule::any);
        v("monitors", c.monitors, rule::any);
        v("networks", c.networks, rule::any);
        v("operatingsystem", c.operatingsystem, rule::any);
        v("printers", c.printers, rule::any);
        v("softwares", c.softwares, rule::any);
        v("storages", c.storages, rule::any);
        v("usbdevices", c.usbdevices, rule::any);
        v("versionclient", c.versionclient, rule::any);
        v("videos", c.videos, rule::any);
        v("virtualmachines", c.virtualmachines, rule::any);
    }
};

template <>
struct Fields<Inventory> {
    template <class S, class V>
    static void visit(S& i, V& v) {
        v("action", i.action, rule::any);
        v("content", i.content, rule::any);
        v("deviceid", i.deviceid, rule::any);
        v("itemtype", i.itemtype, rule::itemType);
        v("jobid", i.jobid, rule::any);
        v("partial", i.partial, rule::any);
        v("tag", i.tag, rule::any);
    }
};

}  // namespace parque::inventory
