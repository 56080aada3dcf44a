// What every page shares: the signed-in user and their language, role checks, forms with their
// CSRF token, the page layout, and the one place that turns errors into HTML answers.
#pragma once

#include "Messages.h"
#include "Users.h"
#include "parque/collector/Router.h"
#include "parque/collector/Service.h"
#include "parque/collector/tickets/TicketStore.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace parque::collector::web {

// Who may open a page: anyone (sign-in, customer lookup), any signed-in user (read-only and up),
// people who work tickets (technicians, admins), auditors (managers, admins), admins.
enum class Need { Anyone, SignedIn, Work, Audit, Admin };
bool roleMeets(Role role, Need need);

// A refusal shown to the person: status and a catalogue key (with its {values}).
class WebError : public std::runtime_error {
public:
    WebError(int status, std::string key, std::map<std::string, std::string> values = {})
        : std::runtime_error(key),
          status_(status),
          key_(std::move(key)),
          values_(std::move(values)) {}
    int status() const { return status_; }
    const std::string& key() const { return key_; }
    const std::map<std::string, std::string>& values() const { return values_; }

private:
    int status_;
    std::string key_;
    std::map<std::string, std::string> values_;
};

// Shared by all pages for the life of the server.
struct WebState {
    Services& services;
    UserStore users;
    tickets::TicketStore tickets;
};

struct WebContext {
    Request& request;
    WebState& state;
    std::string language;                     // "en" | "es-AR"
    std::optional<WebSession> session;        // the signed-in user, if any
    std::map<std::string, std::string> form;  // a POST's fields (CSRF already checked)
    std::string preSessionCsrf;  // the sign-in / lookup forms' token (cookie parque_csrf)
    std::vector<std::pair<std::string, std::string>> cookies;  // Set-Cookie values to send

    std::string tr(const std::string& key) const;  // escaped text of `key`
    std::string tr(const std::string& key, const std::map<std::string, std::string>& values) const;
    std::string raw(const std::string& key) const;  // unescaped (for CSV, titles passed on)
    std::string csrfField() const;                  // the hidden input of every form
    bool can(Need need) const;
    const User& user() const;                          // WebError 401 when nobody is signed in
    std::string field(const std::string& name) const;  // a form field, "" when absent
    std::string query(const std::string& name) const;  // a query value, "" when absent
    // A stored UTC time ("2026-11-23T13:45:00Z") in the site's zone for people; "" stays "".
    std::string localTime(const std::string& utc) const;
    std::int64_t now() const;
};

using PageHandler = std::function<Response(WebContext&)>;
using SharedState = std::shared_ptr<WebState>;

// The route's handler: reads the session and language, refuses (sign-in redirect, 403) by
// `need`, parses and CSRF-checks POST forms, renders errors as pages.
Handler webRoute(const SharedState& shared, Need need, PageHandler handler);

// A whole page in the layout (header, navigation by role, language switch, sign-out).
// `title` is plain text; `body` is markup.
Response htmlPage(WebContext& context, const std::string& title, const std::string& body,
                  int status = 200);
Response redirect(const std::string& location);  // 303 See Other
Response csvFile(const std::string& fileName, const std::string& body);
// A path on this site to go back to ("/devices?x=1"); anything else becomes `fallback`.
std::string localPath(const std::string& candidate, const std::string& fallback);

}  // namespace parque::collector::web
