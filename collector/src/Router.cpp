#include "parque/collector/Router.h"

#include <Poco/JSON/Object.h>
#include <Poco/URI.h>

#include <algorithm>
#include <sstream>

namespace parque::collector {

std::string Request::param(const std::string& name) const {
    const auto it = params.find(name);
    return it == params.end() ? std::string() : it->second;
}

std::optional<std::string> Request::queryValue(const std::string& name) const {
    const auto it = query.find(name);
    if (it == query.end()) {
        return std::nullopt;
    }
    return it->second;
}

std::vector<std::string> splitPath(const std::string& path) {
    std::vector<std::string> segments;
    std::string current;
    for (const char c : path) {
        if (c == '/') {
            if (!current.empty()) {
                segments.push_back(current);
            }
            current.clear();
        } else {
            current += c;
        }
    }
    if (!current.empty()) {
        segments.push_back(current);
    }
    return segments;
}

namespace {

std::string plusAsSpace(std::string text) {
    std::replace(text.begin(), text.end(), '+', ' ');
    return text;
}

}  // namespace

std::map<std::string, std::string> parseQuery(const std::string& query) {
    std::map<std::string, std::string> out;
    std::istringstream in(query);
    std::string pair;
    while (std::getline(in, pair, '&')) {
        if (pair.empty()) {
            continue;
        }
        const auto eq = pair.find('=');
        std::string name;
        std::string value;
        const std::string rawValue = eq == std::string::npos ? "" : pair.substr(eq + 1);
        // '+' is a space in forms and query strings; Poco's plusAsSpace only applies after a '?'
        Poco::URI::decode(plusAsSpace(pair.substr(0, eq)), name, false);
        Poco::URI::decode(plusAsSpace(rawValue), value, false);
        out[name] = value;
    }
    return out;
}

std::string jsonError(const std::string& code, const std::string& message) {
    Poco::JSON::Object error;
    error.set("code", code);
    error.set("message", message);
    Poco::JSON::Object root;
    root.set("error", error);
    std::ostringstream out;
    root.stringify(out);
    return out.str();
}

void Router::add(const std::string& method, const std::string& pattern, Handler handler) {
    routes_.push_back({method, pattern, splitPath(pattern), std::move(handler)});
}

bool Router::match(const Route& route, const std::vector<std::string>& segments,
                   std::map<std::string, std::string>& params) {
    if (route.segments.size() != segments.size()) {
        return false;
    }
    std::map<std::string, std::string> found;
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const std::string& expected = route.segments[i];
        if (expected.size() > 2 && expected.front() == '{' && expected.back() == '}') {
            found[expected.substr(1, expected.size() - 2)] = segments[i];
        } else if (expected != segments[i]) {
            return false;
        }
    }
    params = std::move(found);
    return true;
}

Response Router::dispatch(Request& request, std::string& routeName) const {
    const auto segments = splitPath(request.path);
    std::vector<std::string> allowed;
    for (const Route& route : routes_) {
        std::map<std::string, std::string> params;
        if (!match(route, segments, params)) {
            continue;
        }
        routeName = route.pattern;
        if (route.method != request.http.getMethod()) {
            allowed.push_back(route.method);
            continue;
        }
        request.params = std::move(params);
        return route.handler(request);
    }
    if (!allowed.empty()) {
        std::string list;
        for (const std::string& method : allowed) {
            list += (list.empty() ? "" : ", ") + method;
        }
        Response response;
        response.status = 405;
        response.headers.emplace_back("Allow", list);
        response.body = jsonError("method_not_allowed",
                                  request.http.getMethod() + " is not allowed here; use " + list);
        return response;
    }
    routeName = "unmatched";
    throw HttpError(404, "not_found", "no such resource: " + request.path);
}

}  // namespace parque::collector
