#include "ApiAuth.h"

namespace parque::collector {

bool roleAllows(const std::string& role, Access access) {
    switch (access) {
    case Access::Read:
        return isApiRole(role);
    case Access::Work:
        return role == "admin" || role == "technician";
    case Access::Admin:
        return role == "admin";
    }
    return false;
}

ApiIdentity authorize(Services& services, const Request& request, Access access) {
    const std::string header = request.http.get("Authorization", "");
    const std::string prefix = "Bearer ";
    std::optional<ApiIdentity> identity;
    if (header.compare(0, prefix.size(), prefix) == 0) {
        identity = services.registry.identifyApiToken(header.substr(prefix.size()));
    }
    if (!identity) {
        throw HttpError(401, "unauthorized",
                        "send an API token: Authorization: Bearer <token> (parque-collector "
                        "api-token create)");
    }
    if (!roleAllows(identity->role, access)) {
        throw HttpError(403, "forbidden", "the role '" + identity->role + "' may not do this");
    }
    return *identity;
}

}  // namespace parque::collector
