#include "WebBrowser.h"

#include "web/Html.h"
#include "web/Users.h"

#include <catch2/catch.hpp>

namespace parque::testing {

Browser::Browser(TestCollector& collector, const std::string& language) : collector_(collector) {
    cookies_["parque_lang"] = language;
}

HttpResult Browser::get(const std::string& path) {
    RequestSpec spec;
    spec.method = "GET";
    spec.path = path;
    return send(spec);
}

HttpResult Browser::post(const std::string& path, Fields fields, bool withCsrf) {
    if (withCsrf) {
        fields.emplace_back("csrf", csrf_);
    }
    std::string body;
    for (const auto& [name, value] : fields) {
        body += (body.empty() ? "" : "&") + collector::web::urlEncode(name) + "=" +
                collector::web::urlEncode(value);
    }
    RequestSpec spec;
    spec.path = path;
    spec.body = body;
    spec.contentType = "application/x-www-form-urlencoded";
    return send(spec);
}

void Browser::signIn(const std::string& username, const std::string& password,
                     const std::string& landing) {
    REQUIRE(get("/signin").status == 200);
    const HttpResult answer =
        post("/signin", {{"username", username}, {"password", password}, {"next", landing}});
    INFO(answer.body);
    REQUIRE(answer.status == 303);
    REQUIRE(answer.header("location") == landing);
    REQUIRE(cookies_.count("parque_session") == 1);
    REQUIRE(get(landing).status == 200);  // the session's CSRF token from now on
}

HttpResult Browser::send(RequestSpec& spec) {
    std::string header;
    for (const auto& [name, value] : cookies_) {
        header += (header.empty() ? "" : "; ") + name + "=" + value;
    }
    spec.headers["Cookie"] = header;
    HttpResult result = collector_.request(spec);
    const std::string set = result.header("set-cookie");
    const auto equals = set.find('=');
    if (equals != std::string::npos) {
        const std::string name = set.substr(0, equals);
        const std::string value = set.substr(equals + 1, set.find(';') - equals - 1);
        if (contains(set, "Max-Age=0")) {
            cookies_.erase(name);
        } else {
            cookies_[name] = value;
        }
    }
    const std::string token = between(result.body, "name=\"csrf\" value=\"", "\"");
    if (!token.empty()) {
        csrf_ = token;
    }
    return result;
}

void addWebUser(TestCollector& collector, const std::string& username, const std::string& role) {
    collector::web::UserStore(collector.service().database())
        .add(username, kWebPassword, *collector::web::parseRole(role), "en");
}

std::string between(const std::string& text, const std::string& open, const std::string& close) {
    const auto start = text.find(open);
    if (start == std::string::npos) {
        return "";
    }
    const auto from = start + open.size();
    const auto end = text.find(close, from);
    return end == std::string::npos ? "" : text.substr(from, end - from);
}

std::string section(const std::string& body, const std::string& id) {
    return between(body, "<section id=\"" + id + "\"", "</section>");
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace parque::testing
