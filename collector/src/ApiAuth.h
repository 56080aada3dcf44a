// Who may call the JSON API: the bearer token's identity and what its role allows.
#pragma once

#include "parque/collector/Service.h"

#include <string>

namespace parque::collector {

// Read: every role (GET). Work: technicians and admins (tickets: create, update, comment, link).
// Admin: admins only (categories, rules).
enum class Access { Read, Work, Admin };

bool roleAllows(const std::string& role, Access access);

// The caller's identity; HttpError 401 without a valid token, 403 when the role does not allow
// `access`.
ApiIdentity authorize(Services& services, const Request& request, Access access);

}  // namespace parque::collector
