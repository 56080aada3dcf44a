// Operations and enrolment: health, metrics, the OpenAPI document, the CA certificate, enrolment.
#include "HttpServer.h"
#include "parque/collector/Service.h"

#include <Poco/Data/Session.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

using namespace Poco::Data::Keywords;

namespace parque::collector {

extern const char* const kOpenApiDocument;  // generated from resources/openapi.json

namespace {

Response jsonObject(const Poco::JSON::Object& object, int status = 200) {
    std::ostringstream out;
    object.stringify(out);
    Response response;
    response.status = status;
    response.body = out.str();
    return response;
}

Response health(Services& services) {
    const std::string problem = services.database.check();
    Poco::JSON::Object body;
    body.set("status", problem.empty() ? "ok" : "error");
    body.set("database", problem.empty() ? "ok" : problem);
    return jsonObject(body, problem.empty() ? 200 : 503);
}

Response metrics(Services& services) {
    Poco::Data::Session session = services.database.session();
    int devices = 0;
    session << "SELECT COUNT(*) FROM devices", into(devices), now;
    services.metrics.setGauge("parque_devices", "Devices known to the collector", devices);
    Response response;
    response.contentType = "text/plain; version=0.0.4";
    response.body = services.metrics.render();
    return response;
}

std::string requiredText(const Poco::JSON::Object& object, const std::string& name) {
    if (!object.has(name) || !object.get(name).isString()) {
        throw HttpError(400, "bad_request", "$." + name + " must be a string");
    }
    return object.getValue<std::string>(name);
}

Response enrol(Services& services, Request& request) {
    const std::string body = readBody(request, std::size_t{64} * 1024);
    Poco::JSON::Object::Ptr message;
    try {
        Poco::JSON::Parser parser;
        parser.setDepth(4);
        message = parser.parse(body).extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception& e) {
        throw HttpError(400, "bad_request", "malformed JSON: " + e.message());
    }
    try {
        const Enrolled enrolled =
            services.registry.enrol(requiredText(*message, "token"), requiredText(*message, "csr"),
                                    message->optValue<std::string>("hostname", ""));
        services.metrics.countEnrolment(true);
        Poco::JSON::Object answer;
        answer.set("device_id", enrolled.deviceId);
        answer.set("certificate", enrolled.certificatePem);
        answer.set("ca_certificate", enrolled.authorityPem);
        return jsonObject(answer);
    } catch (const AccessError&) {
        services.metrics.countEnrolment(false);
        throw;
    }
}

}  // namespace

void addOpsRoutes(Router& router, Services& services) {
    router.add("GET", "/healthz", [&services](Request&) { return health(services); });
    router.add("GET", "/metrics", [&services](Request&) { return metrics(services); });
    router.add("GET", "/api/v1/openapi.json", [](Request&) {
        Response response;
        response.body = kOpenApiDocument;
        return response;
    });
    router.add("GET", "/api/v1/ca.pem", [&services](Request&) {
        Response response;
        response.contentType = "application/x-pem-file";
        response.body = services.authorityPem;
        return response;
    });
    router.add("POST", "/api/v1/enrol",
               [&services](Request& request) { return enrol(services, request); });
}

}  // namespace parque::collector
