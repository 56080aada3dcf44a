// Automatic escalation: a ticket whose resolution time is at risk goes to the next support level.
#include "parque/collector/tickets/TicketStore.h"

#include <algorithm>

namespace parque::collector::tickets {
namespace {

constexpr const char* kAutomatic = "parque";

bool open(const Ticket& ticket) { return ticket.status != "resolved" && ticket.status != "closed"; }

}  // namespace

int TicketStore::escalateAtRisk(std::int64_t when) {
    std::vector<Ticket> candidates;
    std::map<std::string, std::string> filters = {{"limit", "500"}};
    for (;;) {
        TicketPage page = list(filters, when);
        for (Ticket& ticket : page.items) {
            if (open(ticket) && ticket.level < 4) {
                candidates.push_back(std::move(ticket));
            }
        }
        if (!page.nextCursor) {
            break;
        }
        filters["cursor"] = *page.nextCursor;
    }
    int raised = 0;
    for (const Ticket& ticket : candidates) {
        const SlaStatus status = sla(ticket, when).resolution.status;
        if (status != SlaStatus::AtRisk && status != SlaStatus::Breached) {
            continue;
        }
        const auto log = activity(ticket.id, false);
        const bool already = std::any_of(log.begin(), log.end(), [](const Activity& a) {
            return a.kind == "escalated" && a.actor == kAutomatic;
        });
        if (already) {
            continue;
        }
        TicketChange change;
        change.level = ticket.level + 1;
        update(ticket.number, change, kAutomatic, when);
        ++raised;
    }
    return raised;
}

}  // namespace parque::collector::tickets
