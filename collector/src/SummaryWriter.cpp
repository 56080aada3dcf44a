// SectionWriter's device summary: the searchable columns and addresses of the devices table.
#include "SectionWriter.h"

#include "parque/inventory/Placeholders.h"

#include <Poco/Nullable.h>

#include <set>

using namespace Poco::Data::Keywords;

namespace parque::collector {
namespace {

Poco::Nullable<std::string> nullable(const inventory::Text& value) {
    return value && !value->empty() ? Poco::Nullable<std::string>(*value)
                                    : Poco::Nullable<std::string>();
}

inventory::Text osName(const inventory::Content& content) {
    if (!content.operatingsystem) {
        return std::nullopt;
    }
    const auto& os = *content.operatingsystem;
    if (os.full_name) {
        return os.full_name;
    }
    if (os.name && os.version) {
        return *os.name + " " + *os.version;
    }
    return os.name;
}

}  // namespace

void SectionWriter::writeSummary(const inventory::Content& content) {
    if (content.hardware) {
        const auto& hw = *content.hardware;
        auto name = nullable(hw.name);
        auto uuid =
            nullable(inventory::isPlaceholderUuid(hw.uuid.value_or("")) ? std::nullopt : hw.uuid);
        session_ << database_.sql(
            "UPDATE devices SET name = COALESCE(?, name),"
            " hardware_uuid = ? WHERE id = ?"),
            use(name), use(uuid), use(deviceId_), now;
    }
    if (content.bios) {
        const auto& bios = *content.bios;
        const bool placeholder = inventory::isPlaceholderSerial(bios.ssn.value_or(""));
        auto serial = nullable(placeholder ? std::nullopt : bios.ssn);
        auto manufacturer = nullable(bios.smanufacturer);
        auto model = nullable(bios.smodel);
        session_ << database_.sql(
            "UPDATE devices SET serial = ?, manufacturer = ?, model = ?"
            " WHERE id = ?"),
            use(serial), use(manufacturer), use(model), use(deviceId_), now;
    }
    if (content.operatingsystem) {
        auto os = nullable(osName(content));
        session_ << database_.sql("UPDATE devices SET os = ? WHERE id = ?"), use(os),
            use(deviceId_), now;
    }
    if (!content.networks.empty()) {
        writeAddresses(content);
    }
}

void SectionWriter::writeAddresses(const inventory::Content& content) {
    std::set<std::pair<std::string, std::string>> addresses;
    for (const auto& n : content.networks) {
        if (n.mac && *n.mac != "00:00:00:00:00:00" && !n.virtualdev.value_or(false)) {
            addresses.insert({"mac", *n.mac});
        }
        if (n.ipaddress && *n.ipaddress != "127.0.0.1") {
            addresses.insert({"ip", *n.ipaddress});
        }
        if (n.ipaddress6 && *n.ipaddress6 != "::1") {
            addresses.insert({"ip", *n.ipaddress6});
        }
    }
    session_ << database_.sql("DELETE FROM device_addresses WHERE device_id = ?"), use(deviceId_),
        now;
    for (const auto& [kind, value] : addresses) {
        std::string k = kind;
        std::string v = value;
        session_ << database_.sql(
            "INSERT INTO device_addresses (device_id, kind, value)"
            " VALUES (?, ?, ?)"),
            use(deviceId_), use(k), use(v), now;
    }
}

}  // namespace parque::collector
