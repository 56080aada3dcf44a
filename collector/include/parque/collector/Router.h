// Routes requests to handlers by method and path pattern ("/api/v1/devices/{id}"), with explicit
// 404 and 405 answers. Handlers throw HttpError; the server maps every exception to a JSON error.
#pragma once

#include "parque/collector/Registry.h"

#include <Poco/Net/HTTPServerRequest.h>

#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace parque::collector {

class HttpError : public std::runtime_error {
public:
    HttpError(int status, std::string code, const std::string& message)
        : std::runtime_error(message), status_(status), code_(std::move(code)) {}
    int status() const { return status_; }
    const std::string& code() const { return code_; }

private:
    int status_;
    std::string code_;
};

struct Request {
    Poco::Net::HTTPServerRequest& http;
    std::string path;
    std::map<std::string, std::string> query;
    std::map<std::string, std::string> params;  // from the pattern's {names}
    std::optional<PeerCertificate> peer;        // the verified client certificate, if any

    std::string param(const std::string& name) const;
    std::optional<std::string> queryValue(const std::string& name) const;
};

struct Response {
    int status = 200;
    std::string contentType = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
};

using Handler = std::function<Response(Request&)>;

class Router {
public:
    void add(const std::string& method, const std::string& pattern, Handler handler);
    // The pattern that matched (for metrics), or "unmatched".
    Response dispatch(Request& request, std::string& routeName) const;

private:
    struct Route {
        std::string method;
        std::string pattern;
        std::vector<std::string> segments;
        Handler handler;
    };
    static bool match(const Route& route, const std::vector<std::string>& segments,
                      std::map<std::string, std::string>& params);
    std::vector<Route> routes_;
};

std::vector<std::string> splitPath(const std::string& path);
std::map<std::string, std::string> parseQuery(const std::string& query);  // percent-decoded
std::string jsonError(const std::string& code, const std::string& message);

}  // namespace parque::collector
