// What the helpdesk pages share (TicketPages.cpp: the list; TicketView.cpp: one ticket;
// TicketForms.cpp: its forms' posts, opening a ticket and the customer lookup).
#pragma once

#include "WebPage.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace parque::collector::web {

inline const std::vector<std::string> kTicketStatuses = {"new",     "assigned", "in_progress",
                                                         "pending", "resolved", "closed"};
inline const std::vector<std::string> kUrgencies = {"low", "medium", "high", "critical"};
constexpr int kMaxLevel = 4;

// The catalogue text of prefix + value (escaped); the value itself, escaped, when the catalogue
// has no such key (a status or kind added later still shows).
std::string choiceText(const WebContext& context, const std::string& prefix,
                       const std::string& value);

// The worse of the two targets (breached > at risk > on track > met > none).
tickets::SlaStatus worstSla(const tickets::SlaState& state);
// <span class="badge breached|at_risk|on_time|none">text</span>
std::string slaBadge(const WebContext& context, tickets::SlaStatus status);

// "/tickets/T-2026-000001" with the number percent-encoded.
std::string ticketPath(const std::string& number);
// The category's name, "" for none or an unknown id.
std::string categoryName(const std::vector<tickets::Category>& categories,
                         const std::optional<std::int64_t>& id);

// <select name="name"> of (value, label markup) pairs with `selected` chosen.
std::string selectHtml(const std::string& name,
                       const std::vector<std::pair<std::string, std::string>>& options,
                       const std::string& selected);

// The ticket's page; `notice` (markup) is shown above it (the access code after opening).
Response ticketView(WebContext& context, const std::string& number, int status = 200,
                    const std::string& notice = "");

// POST /tickets, the ticket forms' posts and the customer lookup (TicketForms.cpp).
void addTicketForms(Router& router, const SharedState& state);

}  // namespace parque::collector::web
