#include "WebPage.h"

#include "../HttpServer.h"
#include "Html.h"

#include <Poco/Logger.h>
#include <Poco/Net/NameValueCollection.h>

#include <ctime>

namespace parque::collector::web {
namespace {

const char* const kSessionCookie = "parque_session";
const char* const kCsrfCookie = "parque_csrf";
const char* const kLanguageCookie = "parque_lang";
const std::size_t kFormLimit = std::size_t{64} * 1024;

std::string cookieValue(const Request& request, const std::string& name) {
    Poco::Net::NameValueCollection cookies;
    request.http.getCookies(cookies);
    return cookies.get(name, "");
}

std::string chooseLanguage(const Request& request, const std::optional<WebSession>& session) {
    std::string chosen = supportedLanguage(cookieValue(request, kLanguageCookie));
    if (!chosen.empty()) {
        return chosen;
    }
    if (session) {
        std::string own = supportedLanguage(session->user.language);
        if (!own.empty()) {
            return own;
        }
    }
    return kDefaultLanguage;
}

std::map<std::string, std::string> readForm(Request& request) {
    const std::string type = request.http.getContentType();
    if (type.rfind("application/x-www-form-urlencoded", 0) != 0) {
        throw WebError(415, "error.form_type");
    }
    return parseQuery(readBody(request, kFormLimit));
}

void addSecurityHeaders(Response& response) {
    response.headers.emplace_back(
        "Content-Security-Policy",
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self';"
        " frame-ancestors 'none'; base-uri 'none'");
    response.headers.emplace_back("Referrer-Policy", "same-origin");
    response.headers.emplace_back("X-Frame-Options", "DENY");
}

std::string errorKey(int status) {
    switch (status) {
    case 400:
        return "error.bad_request";
    case 401:
        return "error.signed_out";
    case 403:
        return "error.forbidden";
    case 404:
        return "error.not_found";
    case 409:
        return "error.conflict";
    case 413:
        return "error.too_large";
    default:
        return "error.internal";
    }
}

Response errorPage(WebContext& context, int status, const std::string& text,
                   const std::string& detail) {
    std::string body = "<section class=\"error-page\"><h1>" + std::to_string(status) +
                       "</h1><p class=\"error\">" + text + "</p>";
    if (!detail.empty()) {
        body += "<p class=\"detail\">" + escape(detail) + "</p>";
    }
    body += "<p>" + link("/devices", context.raw("nav.devices")) + "</p></section>";
    return htmlPage(context, context.raw("error.title"), body, status);
}

Response guardedPage(WebContext& context, const PageHandler& handler) {
    try {
        return handler(context);
    } catch (const WebError& e) {
        return errorPage(context, e.status(), context.tr(e.key(), e.values()), "");
    } catch (const HttpError& e) {
        return errorPage(context, e.status(), context.tr(errorKey(e.status())), e.what());
    } catch (const tickets::TicketError& e) {
        const int status = e.code() == tickets::TicketError::Code::NotFound   ? 404
                           : e.code() == tickets::TicketError::Code::Conflict ? 409
                                                                              : 400;
        return errorPage(context, status, context.tr(errorKey(status)), e.what());
    } catch (const std::invalid_argument& e) {
        return errorPage(context, 400, context.tr("error.bad_request"), e.what());
    } catch (const std::exception& e) {
        Poco::Logger::get("parque.collector")
            .error("web page " + context.request.path + ": " + e.what());
        return errorPage(context, 500, context.tr("error.internal"), "");
    }
}

// Refuses what the route does not allow; nothing for a request that may go on.
std::optional<Response> refusal(WebContext& context, Need need) {
    if (need == Need::Anyone) {
        return std::nullopt;
    }
    if (!context.session) {
        if (context.request.http.getMethod() == "GET") {
            const std::string back = context.request.http.getURI();
            return redirect("/signin" + queryString({{"next", back}}));
        }
        return errorPage(context, 401, context.tr("error.signed_out"), "");
    }
    if (!roleMeets(context.session->user.role, need)) {
        return errorPage(context, 403, context.tr("error.forbidden"), "");
    }
    return std::nullopt;
}

// Reads and checks a POST form: its csrf field must equal the session's token (signed in) or
// the pre-session cookie's (sign-in, lookup).
std::optional<Response> checkForm(WebContext& context) {
    if (context.request.http.getMethod() != "POST") {
        return std::nullopt;
    }
    context.form = readForm(context.request);
    const std::string expected =
        context.session ? context.session->csrfToken : context.preSessionCsrf;
    const auto sent = context.form.find("csrf");
    if (expected.empty() || sent == context.form.end() ||
        !constantTimeEquals(sent->second, expected)) {
        return errorPage(context, 403, context.tr("error.csrf"), "");
    }
    return std::nullopt;
}

void finish(WebContext& context, Response& response) {
    addSecurityHeaders(response);
    for (const auto& [name, value] : context.cookies) {
        response.headers.emplace_back("Set-Cookie", name + "=" + value);
    }
}

}  // namespace

bool roleMeets(Role role, Need need) {
    switch (need) {
    case Need::Anyone:
    case Need::SignedIn:
        return true;
    case Need::Work:
        return role == Role::Admin || role == Role::Technician;
    case Need::Audit:
        return role == Role::Admin || role == Role::Manager;
    case Need::Admin:
        return role == Role::Admin;
    }
    return false;
}

std::string WebContext::tr(const std::string& key) const {
    return escape(Messages::catalogue().text(key, language));
}

std::string WebContext::tr(const std::string& key,
                           const std::map<std::string, std::string>& values) const {
    return escape(Messages::catalogue().format(key, language, values));
}

std::string WebContext::raw(const std::string& key) const {
    return Messages::catalogue().text(key, language);
}

std::string WebContext::csrfField() const {
    const std::string token = session ? session->csrfToken : preSessionCsrf;
    return "<input type=\"hidden\" name=\"csrf\" value=\"" + escape(token) + "\">";
}

bool WebContext::can(Need need) const {
    return need == Need::Anyone || (session && roleMeets(session->user.role, need));
}

const User& WebContext::user() const {
    if (!session) {
        throw WebError(401, "error.signed_out");
    }
    return session->user;
}

std::string WebContext::field(const std::string& name) const {
    const auto it = form.find(name);
    return it == form.end() ? "" : it->second;
}

std::string WebContext::query(const std::string& name) const {
    return request.queryValue(name).value_or("");
}

std::string WebContext::localTime(const std::string& utc) const {
    if (utc.empty()) {
        return "";
    }
    try {
        return state.tickets.zone().format(tickets::parseUtc(utc));
    } catch (const std::exception&) {
        return utc;
    }
}

std::int64_t WebContext::now() const { return static_cast<std::int64_t>(std::time(nullptr)); }

Handler webRoute(const SharedState& shared, Need need, PageHandler handler) {
    return [shared, need, handler](Request& request) {
        WebState& state = *shared;
        const std::string token = cookieValue(request, kSessionCookie);
        std::optional<WebSession> session;
        const auto now = static_cast<std::int64_t>(std::time(nullptr));
        if (!token.empty()) {
            session = state.users.session(token, now);
        }
        WebContext context{request, state, chooseLanguage(request, session), session, {}, {}, {}};
        context.preSessionCsrf = cookieValue(request, kCsrfCookie);
        if (!session && context.preSessionCsrf.empty() && request.http.getMethod() == "GET") {
            context.preSessionCsrf = randomToken(24);
            context.cookies.emplace_back(kCsrfCookie, context.preSessionCsrf +
                                                          "; Path=/; Secure; HttpOnly;"
                                                          " SameSite=Strict");
        }
        std::optional<Response> response = refusal(context, need);
        if (!response) {
            response = guardedPage(context, [&](WebContext& c) {
                if (auto refused = checkForm(c)) {
                    return *refused;
                }
                return handler(c);
            });
        }
        finish(context, *response);
        return *response;
    };
}

Response redirect(const std::string& location) {
    Response response;
    response.status = 303;
    response.contentType = "text/plain; charset=utf-8";
    response.headers.emplace_back("Location", location);
    return response;
}

Response csvFile(const std::string& fileName, const std::string& body) {
    Response response;
    response.contentType = "text/csv; charset=utf-8";
    response.body = body;
    response.headers.emplace_back("Content-Disposition",
                                  "attachment; filename=\"" + fileName + "\"");
    return response;
}

std::string localPath(const std::string& candidate, const std::string& fallback) {
    const bool local = !candidate.empty() && candidate[0] == '/' &&
                       (candidate.size() == 1 || (candidate[1] != '/' && candidate[1] != '\\')) &&
                       candidate.find_first_of("\r\n") == std::string::npos;
    return local ? candidate : fallback;
}

}  // namespace parque::collector::web
