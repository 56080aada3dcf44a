// The helpdesk's tickets: categories with SLA targets, tickets with their pauses, activity log,
// linked devices (with the inventory snapshot taken when linked) and the customer lookup.
// Times passed in are Unix seconds (callers give the clock; tests give fixed instants).
#pragma once

#include "parque/collector/Database.h"
#include "parque/collector/tickets/Sla.h"
#include "parque/collector/tickets/TimeZone.h"

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace parque::collector::tickets {

// A refused ticket operation; the message is safe to show to the caller.
class TicketError : public std::runtime_error {
public:
    enum class Code { BadRequest, NotFound, Conflict };
    TicketError(Code code, const std::string& message) : std::runtime_error(message), code_(code) {}
    Code code() const { return code_; }

private:
    Code code_;
};

struct Category {
    std::int64_t id = 0;
    std::string name;
    SlaTargets targets;       // first response / resolution minutes and the calendar
    int inactivityHours = 0;  // 0: never flagged inactive
};

struct NewTicket {
    std::string title;
    std::string description;
    std::optional<std::int64_t> categoryId;
    std::string urgency = "medium";  // low | medium | high | critical
    int level = 1;                   // 1..4
    std::string site;
    std::string channel = "web";  // phone | mail | chat | web | social
    std::string requesterName;
    std::string requesterContact;
    std::string group;
    std::string technician;
    std::vector<std::string> deviceIds;  // linked at creation (snapshots taken then)
};

// Applied at creation, in order; the first rule whose conditions all hold (an absent condition
// holds always) fills the group and technician the ticket was opened without and raises its level.
struct AssignmentRule {
    std::int64_t id = 0;
    std::optional<std::int64_t> position;  // absent when adding: after the last rule
    std::optional<std::int64_t> categoryId;
    std::optional<std::string> site, urgency;
    std::optional<std::string> deviceModel, peripheralKind;  // held by any of the ticket's devices
    std::optional<std::string> group, technician;            // what the rule assigns
    std::optional<int> level;
};

struct CreatedTicket {
    std::string number;      // "T-2026-000123"
    std::string accessCode;  // for the customer's lookup; shown once, only its hash is stored
};

struct TicketChange {
    std::optional<std::string>
        status;  // new | assigned | in_progress | pending | resolved | closed
    std::optional<int> level;
    std::optional<std::string> group;
    std::optional<std::string> technician;
    std::optional<std::string> urgency;
};

struct Ticket {
    std::int64_t id = 0;
    std::string number, title, description;
    std::optional<std::int64_t> categoryId;
    std::string urgency;
    int level = 1;
    std::string status, group, technician, requesterName, requesterContact, site, channel;
    std::string createdAt, updatedAt, lastActivityAt;
    std::optional<std::string> firstResponseAt, resolvedAt;
    std::vector<Pause> pauses;  // Unix seconds
};

struct TicketPage {
    std::vector<Ticket> items;
    std::optional<std::string> nextCursor;
};

struct Activity {
    std::string actor, at, kind;  // kind: created|status|assigned|comment|link|unlink|escalated
    bool isPublic = false;
    std::string text;
};

struct LinkedDevice {
    std::string deviceId, linkedAt;
    std::string snapshot;          // the device's inventory JSON when it was linked
    std::int64_t eventsAfter = 0;  // its history events with a greater id changed since
};

// One history event of a linked device (optional texts are "" when absent).
struct DeviceChange {
    std::int64_t id = 0;
    std::string time, type, section, component;
    std::optional<std::string> field, oldValue, newValue;
};

class TicketStore {
public:
    TicketStore(Database& database, TimeZone zone);

    Category addCategory(const Category& category, std::int64_t when);
    std::vector<Category> categories();
    std::optional<Category> category(std::int64_t id);

    AssignmentRule addRule(const AssignmentRule& rule, std::int64_t when);
    std::vector<AssignmentRule> rules();  // in the order they are tried

    CreatedTicket create(const NewTicket& ticket, const std::string& actor, std::int64_t when);
    std::optional<Ticket> find(const std::string& number);
    // Filters: status, level, site, category, device, breached=true, inactive=true, limit (1..500),
    // cursor. Newest first. Throws TicketError(BadRequest) for unknown filters or bad values.
    TicketPage list(const std::map<std::string, std::string>& filters, std::int64_t when);
    void update(const std::string& number, const TicketChange& change, const std::string& actor,
                std::int64_t when);
    void comment(const std::string& number, const std::string& actor, const std::string& text,
                 bool isPublic, std::int64_t when);
    void linkDevice(const std::string& number, const std::string& deviceId,
                    const std::string& actor, std::int64_t when);
    void unlinkDevice(const std::string& number, const std::string& deviceId,
                      const std::string& actor, std::int64_t when);

    std::vector<Activity> activity(std::int64_t ticketId, bool publicOnly);
    std::vector<LinkedDevice> devices(std::int64_t ticketId);  // currently linked
    // The device's history events recorded after it was linked, oldest first.
    std::vector<DeviceChange> changesSince(const LinkedDevice& device);

    // The ticket when `accessCode` is its code; nothing for an unknown number or a wrong code.
    std::optional<Ticket> lookup(const std::string& number, const std::string& accessCode);

    SlaState sla(const Ticket& ticket, std::int64_t when);
    // Raises one level (activity "escalated" by "parque") every open ticket below level 4 whose
    // resolution SLA is at risk or breached, once per ticket. Returns how many were raised.
    int escalateAtRisk(std::int64_t when);
    bool inactive(const Ticket& ticket, std::int64_t when);  // open, no activity for N hours
    const TimeZone& zone() const { return zone_; }

private:
    Database& database_;
    TimeZone zone_;
};

// "2026-11-23T13:45:00Z" to Unix seconds; TicketError(BadRequest) for other text.
std::int64_t parseUtc(const std::string& text);

}  // namespace parque::collector::tickets
