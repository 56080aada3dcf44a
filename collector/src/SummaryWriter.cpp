// SectionWriter's device summary: the searchable columns and addresses of the devices table.
#include "SectionWriter.h"

#include "parque/inventory/Placeholders.h"

#include <optional>
#include <set>

namespace parque::collector {
namespace {

// Empty text is stored as NULL.
std::optional<std::string> nullable(const inventory::Text& value) {
    return value && !value->empty() ? value : std::nullopt;
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
        const bool placeholder = inventory::isPlaceholderUuid(hw.uuid.value_or(""));
        database_
            .prepare(session_,
                     "UPDATE devices SET name = COALESCE(?, name),"
                     " hardware_uuid = ? WHERE id = ?")
            .bind(1, nullable(hw.name))
            .bind(2, nullable(placeholder ? std::nullopt : hw.uuid))
            .bind(3, deviceId_)
            .run();
    }
    if (content.bios) {
        const auto& bios = *content.bios;
        const bool placeholder = inventory::isPlaceholderSerial(bios.ssn.value_or(""));
        database_
            .prepare(session_,
                     "UPDATE devices SET serial = ?, manufacturer = ?, model = ?"
                     " WHERE id = ?")
            .bind(1, nullable(placeholder ? std::nullopt : bios.ssn))
            .bind(2, nullable(bios.smanufacturer))
            .bind(3, nullable(bios.smodel))
            .bind(4, deviceId_)
            .run();
    }
    if (content.operatingsystem) {
        database_.prepare(session_, "UPDATE devices SET os = ? WHERE id = ?")
            .bind(1, nullable(osName(content)))
            .bind(2, deviceId_)
            .run();
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
    database_.prepare(session_, "DELETE FROM device_addresses WHERE device_id = ?")
        .bind(1, deviceId_)
        .run();
    SqlStatement insert = database_.prepare(
        session_, "INSERT INTO device_addresses (device_id, kind, value) VALUES (?, ?, ?)");
    for (const auto& [kind, value] : addresses) {
        insert.bind(1, deviceId_).bind(2, kind).bind(3, value).run();
    }
}

}  // namespace parque::collector
