// Devices linked to tickets: the inventory snapshot at linking time and what changed since.
#include "../Queries.h"
#include "TicketRows.h"

#include <Poco/Data/Statement.h>

#include <sstream>

using namespace Poco::Data::Keywords;

namespace parque::collector::tickets {
namespace {

std::optional<std::string> optionalCell(const Poco::Data::RecordSet& rows, std::size_t column,
                                        std::size_t row) {
    const Poco::Dynamic::Var value = rows.value(column, row);
    if (value.isEmpty()) {
        return std::nullopt;
    }
    return value.convert<std::string>();
}

}  // namespace

void linkInTransaction(Poco::Data::Session& s, Database& database, std::int64_t ticketId,
                       const std::string& deviceId, const std::string& actor,
                       const std::string& at) {
    const auto detail = deviceDetail(database, deviceId);
    if (!detail) {
        throw TicketError(TicketError::Code::NotFound, "no device " + deviceId);
    }
    Poco::Int64 linked = 0;
    s << database.sql(
        "SELECT COUNT(*) FROM ticket_devices WHERE ticket_id = ? AND device_id = ?"
        " AND unlinked_at IS NULL"),
        bind(ticketId), bind(deviceId), into(linked), now;
    if (linked > 0) {
        throw TicketError(TicketError::Code::Conflict, "device " + deviceId + " is already linked");
    }
    Poco::Int64 watermark = 0;
    s << database.sql("SELECT COALESCE(MAX(id), 0) FROM events WHERE device_id = ?"),
        bind(deviceId), into(watermark), now;
    std::ostringstream snapshot;
    (*detail)->stringify(snapshot);
    s << database.sql(
        "INSERT INTO ticket_devices (ticket_id, device_id, linked_at, snapshot, events_after)"
        " VALUES (?, ?, ?, ?, ?)"),
        bind(ticketId), bind(deviceId), bind(at), bind(snapshot.str()), bind(watermark), now;
    logActivity(s, database, ticketId, actor, "link", false, "device " + deviceId, at);
}

// A WriteTransaction of its own (not a group-commit batch): no inventory of the same batch can be
// half-applied, so the snapshot (read on another connection) and the event watermark (read in
// the transaction) describe the same committed state.
void TicketStore::linkDevice(const std::string& number, const std::string& deviceId,
                             const std::string& actor, std::int64_t when) {
    Database::WriteTransaction tx(database_);
    const Ticket ticket = requiredTicket(tx.session(), database_, number);
    linkInTransaction(tx.session(), database_, ticket.id, deviceId, actor, utcTime(when));
    tx.commit();
}

void TicketStore::unlinkDevice(const std::string& number, const std::string& deviceId,
                               const std::string& actor, std::int64_t when) {
    const std::string at = utcTime(when);
    database_.write([&](Poco::Data::Session& s) {
        const Ticket ticket = requiredTicket(s, database_, number);
        Poco::Data::Statement update(s);
        update << database_.sql(
            "UPDATE ticket_devices SET unlinked_at = ? WHERE ticket_id = ? AND device_id = ?"
            " AND unlinked_at IS NULL"),
            bind(at), bind(ticket.id), bind(deviceId);
        if (update.execute() == 0) {
            throw TicketError(TicketError::Code::NotFound,
                              "device " + deviceId + " is not linked to " + number);
        }
        logActivity(s, database_, ticket.id, actor, "unlink", false, "device " + deviceId, at);
    });
}

std::vector<LinkedDevice> TicketStore::devices(std::int64_t ticketId) {
    std::vector<std::string> ids, linkedAt, snapshots;
    std::vector<Poco::Int64> after;
    Poco::Data::Session session = database_.session();
    session << database_.sql(
        "SELECT device_id, linked_at, snapshot, events_after FROM ticket_devices"
        " WHERE ticket_id = ? AND unlinked_at IS NULL ORDER BY id"),
        bind(ticketId), into(ids), into(linkedAt), into(snapshots), into(after), now;
    std::vector<LinkedDevice> out;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        out.push_back({ids[i], linkedAt[i], snapshots[i], after[i]});
    }
    return out;
}

std::vector<DeviceChange> TicketStore::changesSince(const LinkedDevice& device) {
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement select(session);
    select << database_.sql(
        "SELECT id, time, type, section, component, field, old_value, new_value FROM events"
        " WHERE device_id = ? AND id > ? ORDER BY id LIMIT 1000"),
        bind(device.deviceId), bind(device.eventsAfter);
    select.execute();
    Poco::Data::RecordSet rows(select);
    std::vector<DeviceChange> out;
    for (std::size_t r = 0; r < rows.rowCount(); ++r) {
        DeviceChange c;
        c.id = rows.value(0, r).convert<std::int64_t>();
        c.time = rows.value(1, r).convert<std::string>();
        c.type = rows.value(2, r).convert<std::string>();
        c.section = rows.value(3, r).convert<std::string>();
        c.component = rows.value(4, r).convert<std::string>();
        c.field = optionalCell(rows, 5, r);
        c.oldValue = optionalCell(rows, 6, r);
        c.newValue = optionalCell(rows, 7, r);
        out.push_back(std::move(c));
    }
    return out;
}

}  // namespace parque::collector::tickets
