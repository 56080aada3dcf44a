// One device's page (summary, peripherals first, hardware, software, network, history, tickets,
// "open a ticket") and its printable visit sheet.
#pragma once

#include "WebPage.h"

#include <Poco/JSON/Object.h>

#include <string>
#include <utility>
#include <vector>

namespace parque::collector::web {

Response devicePage(WebContext& context);  // GET /devices/{id}
Response visitSheet(WebContext& context);  // GET /devices/{id}/visit

// A table of one inventory section's items (array or object): columns are (JSON key, catalogue
// key of the header); `id` names the table.
using Columns = std::vector<std::pair<std::string, std::string>>;
std::string sectionTable(const WebContext& context, const Poco::JSON::Object& inventory,
                         const std::string& name, const Columns& columns,
                         const std::string& id = "");
// The device's connected USB peripherals and monitors, payment devices first, as a table with
// kind, name, manufacturer, serial (table id "peripheral-list").
std::string peripheralTable(const WebContext& context, const std::string& deviceId);
// Its history events, newest first (at most `limit`).
std::string historyList(const WebContext& context, const std::string& deviceId, int limit);
// Its tickets (open only when `openOnly`), as a table.
std::string deviceTickets(const WebContext& context, const std::string& deviceId, bool openOnly);
// Text of a JSON value for a cell ("" for null or absent).
std::string jsonText(const Poco::JSON::Object& object, const std::string& key);

}  // namespace parque::collector::web
