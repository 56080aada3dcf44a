// A browser's part of a conversation with the web pages, for tests: cookies kept between
// requests, the page's CSRF token read from its hidden input, forms sent url-encoded, sign-in
// through the real POST /signin. English texts unless the language cookie is changed.
#pragma once

#include "TestCollector.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace parque::testing {

using Fields = std::vector<std::pair<std::string, std::string>>;

inline const std::string kWebPassword = "correct horse battery";

class Browser {
public:
    explicit Browser(TestCollector& collector, const std::string& language = "en");

    HttpResult get(const std::string& path);
    // The page's CSRF token is added unless `withCsrf` is false.
    HttpResult post(const std::string& path, Fields fields, bool withCsrf = true);
    // GET /signin, POST the credentials (REQUIREs the 303), then GET `landing`.
    void signIn(const std::string& username, const std::string& password = kWebPassword,
                const std::string& landing = "/tickets");

    const std::string& csrf() const { return csrf_; }
    std::map<std::string, std::string>& cookies() { return cookies_; }

private:
    HttpResult send(RequestSpec& spec);

    TestCollector& collector_;
    std::map<std::string, std::string> cookies_;
    std::string csrf_;
};

// A web user (password kWebPassword) added straight to the collector's database.
void addWebUser(TestCollector& collector, const std::string& username, const std::string& role);

// The text between `open` (searched from the start) and the next `close`, "" when absent.
std::string between(const std::string& text, const std::string& open, const std::string& close);
// The markup of <section id="id"> (without its closing tag), "" when absent.
std::string section(const std::string& body, const std::string& id);
bool contains(const std::string& text, const std::string& part);

}  // namespace parque::testing
