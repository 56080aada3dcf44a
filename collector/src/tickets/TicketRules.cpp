// Assignment rules: ordered conditions on category, site, urgency, device model and peripheral
// kind; the first match assigns a group, a technician and a level to a new ticket.
#include "TicketRows.h"

#include <Poco/Data/Statement.h>

#include <algorithm>
#include <set>

using namespace Poco::Data::Keywords;

namespace parque::collector::tickets {
namespace {

std::optional<std::string> cellText(const Poco::Data::RecordSet& rows, std::size_t c,
                                    std::size_t r) {
    const Poco::Dynamic::Var value = rows.value(c, r);
    return value.isEmpty() ? std::nullopt : std::optional<std::string>(value.toString());
}

template <class T>
Poco::Nullable<T> nullable(const std::optional<T>& value) {
    return value ? Poco::Nullable<T>(*value) : Poco::Nullable<T>();
}

void checkRule(const AssignmentRule& rule) {
    if (!rule.group && !rule.technician && !rule.level) {
        throw TicketError(TicketError::Code::BadRequest,
                          "a rule assigns a group, a technician or a level");
    }
    if (rule.urgency) {
        checkUrgency(*rule.urgency);
    }
    if (rule.level) {
        checkLevel(*rule.level);
    }
}

struct TicketFacts {
    std::set<std::string> models;
    std::set<std::string> kinds;
};

TicketFacts factsOf(Poco::Data::Session& s, Database& database, std::int64_t ticketId) {
    std::vector<Poco::Nullable<std::string>> models;
    std::vector<std::string> kinds;
    s << database.sql(
        "SELECT d.model FROM ticket_devices l JOIN devices d ON d.id = l.device_id"
        " WHERE l.ticket_id = ? AND l.unlinked_at IS NULL"),
        bind(ticketId), into(models), now;
    s << database.sql(
        "SELECT DISTINCT c.kind FROM ticket_devices l JOIN components c ON"
        " c.device_id = l.device_id AND c.closed_at IS NULL WHERE l.ticket_id = ? AND"
        " l.unlinked_at IS NULL AND c.kind IS NOT NULL"),
        bind(ticketId), into(kinds), now;
    TicketFacts facts;
    for (const auto& model : models) {
        if (!model.isNull()) {
            facts.models.insert(model.value());
        }
    }
    facts.kinds.insert(kinds.begin(), kinds.end());
    return facts;
}

bool matches(const AssignmentRule& r, const NewTicket& t, const TicketFacts& facts) {
    return (!r.categoryId || r.categoryId == t.categoryId) && (!r.site || *r.site == t.site) &&
           (!r.urgency || *r.urgency == t.urgency) &&
           (!r.deviceModel || facts.models.count(*r.deviceModel) > 0) &&
           (!r.peripheralKind || facts.kinds.count(*r.peripheralKind) > 0);
}

}  // namespace

void applyRules(Poco::Data::Session& s, Database& database, std::int64_t ticketId,
                const NewTicket& t, const std::vector<AssignmentRule>& rules,
                const std::string& at) {
    const TicketFacts facts = factsOf(s, database, ticketId);
    const auto rule = std::find_if(rules.begin(), rules.end(),
                                   [&](const AssignmentRule& r) { return matches(r, t, facts); });
    if (rule == rules.end()) {
        return;
    }
    const std::string group = t.group.empty() ? rule->group.value_or("") : t.group;
    const std::string technician =
        t.technician.empty() ? rule->technician.value_or("") : t.technician;
    const int level = std::max(t.level, rule->level.value_or(t.level));
    const std::string status = group.empty() && technician.empty() ? "new" : "assigned";
    s << database.sql(
        "UPDATE tickets SET assigned_group = NULLIF(?, ''), technician = NULLIF(?, ''),"
        " level = ?, status = ? WHERE id = ?"),
        bind(group), bind(technician), bind(level), bind(status), bind(ticketId), now;
    logActivity(s, database, ticketId, "rules", "assigned", false,
                "rule " + std::to_string(rule->id) + ": group " + (group.empty() ? "-" : group) +
                    ", technician " + (technician.empty() ? "-" : technician) + ", level " +
                    std::to_string(level),
                at);
}

AssignmentRule TicketStore::addRule(const AssignmentRule& rule, std::int64_t when) {
    checkRule(rule);
    if (rule.categoryId && !category(*rule.categoryId)) {
        throw TicketError(TicketError::Code::BadRequest,
                          "no category " + std::to_string(*rule.categoryId));
    }
    AssignmentRule stored = rule;
    const std::string at = utcTime(when);
    database_.write([&](Poco::Data::Session& s) {
        if (!stored.position) {
            Poco::Int64 last = 0;
            s << "SELECT COALESCE(MAX(position), 0) FROM ticket_rules", into(last), now;
            stored.position = last + 1;
        }
        Poco::Int64 id = 0;
        s << database_.sql(
            "INSERT INTO ticket_rules (position, category_id, site, urgency, device_model,"
            " peripheral_kind, assign_group, assign_technician, assign_level, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"),
            bind(*stored.position), bind(nullable(rule.categoryId)), bind(nullable(rule.site)),
            bind(nullable(rule.urgency)), bind(nullable(rule.deviceModel)),
            bind(nullable(rule.peripheralKind)), bind(nullable(rule.group)),
            bind(nullable(rule.technician)), bind(nullable(rule.level)), bind(at), into(id), now;
        stored.id = id;
    });
    return stored;
}

std::vector<AssignmentRule> TicketStore::rules() {
    Poco::Data::Session session = database_.session();
    Poco::Data::Statement select(session);
    select << "SELECT id, position, category_id, site, urgency, device_model, peripheral_kind,"
              " assign_group, assign_technician, assign_level FROM ticket_rules"
              " ORDER BY position, id";
    select.execute();
    Poco::Data::RecordSet rows(select);
    std::vector<AssignmentRule> out;
    for (std::size_t r = 0; r < rows.rowCount(); ++r) {
        AssignmentRule rule;
        rule.id = rows.value(0, r).convert<std::int64_t>();
        rule.position = rows.value(1, r).convert<std::int64_t>();
        if (!rows.value(2, r).isEmpty()) {
            rule.categoryId = rows.value(2, r).convert<std::int64_t>();
        }
        rule.site = cellText(rows, 3, r);
        rule.urgency = cellText(rows, 4, r);
        rule.deviceModel = cellText(rows, 5, r);
        rule.peripheralKind = cellText(rows, 6, r);
        rule.group = cellText(rows, 7, r);
        rule.technician = cellText(rows, 8, r);
        if (!rows.value(9, r).isEmpty()) {
            rule.level = rows.value(9, r).convert<int>();
        }
        out.push_back(std::move(rule));
    }
    return out;
}

}  // namespace parque::collector::tickets
