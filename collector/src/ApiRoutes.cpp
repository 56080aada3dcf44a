// The JSON API for people's tools: devices, one device, its history, fleet events.
#include "ApiAuth.h"
#include "Queries.h"
#include "parque/collector/Service.h"

#include <sstream>
#include <stdexcept>

namespace parque::collector {
namespace {

Response json(const Poco::Dynamic::Var& value) {
    std::ostringstream out;
    Poco::JSON::Stringifier::condense(value, out);
    Response response;
    response.body = out.str();
    return response;
}

Response pageResponse(const char* name, const Page& page) {
    Poco::JSON::Object::Ptr root = new Poco::JSON::Object;
    root->set(name, page.items);
    root->set("next_cursor",
              page.nextCursor ? Poco::Dynamic::Var(*page.nextCursor) : Poco::Dynamic::Var());
    return json(root);
}

template <class F>
Handler authenticated(Services& services, F f) {
    return [&services, f](Request& request) {
        authorize(services, request, Access::Read);
        services.inventories.flushContacts();  // answers show every contact already received
        try {
            return f(request);
        } catch (const std::invalid_argument& e) {
            throw HttpError(400, "bad_request", e.what());
        }
    };
}

}  // namespace

void addApiRoutes(Router& router, Services& services) {
    Database& db = services.database;
    router.add("GET", "/api/v1/devices", authenticated(services, [&db](Request& request) {
                   return pageResponse("devices", searchDevices(db, request.query));
               }));
    router.add("GET", "/api/v1/devices/{id}", authenticated(services, [&db](Request& request) {
                   const auto detail = deviceDetail(db, request.param("id"));
                   if (!detail) {
                       throw HttpError(404, "not_found", "no device " + request.param("id"));
                   }
                   return json(*detail);
               }));
    router.add("GET", "/api/v1/devices/{id}/history",
               authenticated(services, [&db](Request& request) {
                   if (!deviceDetail(db, request.param("id"))) {
                       throw HttpError(404, "not_found", "no device " + request.param("id"));
                   }
                   auto filters = request.query;
                   filters["device"] = request.param("id");
                   return pageResponse("events", searchEvents(db, filters));
               }));
    router.add("GET", "/api/v1/events", authenticated(services, [&db](Request& request) {
                   if (request.query.count("device") > 0) {
                       throw HttpError(400, "bad_request", "unknown filter 'device'");
                   }
                   return pageResponse("events", searchEvents(db, request.query));
               }));
}

}  // namespace parque::collector
