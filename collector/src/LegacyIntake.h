// The XML protocol of FusionInventory and OCS Inventory agents: PROLOG answered with SEND, the
// INVENTORY mapped onto the model (LegacyXml.h) and stored like any other inventory.
#pragma once

#include "parque/collector/Router.h"
#include "parque/collector/Service.h"

#include <string>

namespace parque::collector {

// A legacy request whose body was already read (`raw`, as received). Checks the source network
// and the Basic credentials; throws HttpError when legacy intake is off or the request is refused.
Response legacyIntake(Services& services, Request& request, const std::string& raw);

// The body decoded starts like XML (after whitespace and a byte-order mark).
bool looksLikeXml(const std::string& text);

}  // namespace parque::collector
