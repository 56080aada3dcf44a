// The page layout: head, header with navigation by role, language switch and sign-out.
#include "Html.h"
#include "WebPage.h"

namespace parque::collector::web {
namespace {

std::string navigation(WebContext& context) {
    std::string out = "<nav>";
    if (context.session) {
        out += link("/devices", context.raw("nav.devices"));
        out += link("/tickets", context.raw("nav.tickets"));
        if (context.can(Need::Audit)) {
            out += link("/dashboard", context.raw("nav.dashboard"));
        }
        if (context.can(Need::Admin)) {
            out += link("/admin/users", context.raw("nav.users"));
        }
    } else {
        out += link("/signin", context.raw("nav.signin"));
        out += link("/lookup", context.raw("nav.lookup"));
    }
    return out + "</nav>";
}

std::string languageSwitch(WebContext& context) {
    const std::string back = localPath(context.request.http.getURI(), "/devices");
    const auto choice = [&](const std::string& code, const std::string& name) {
        const std::string href = "/language" + queryString({{"set", code}, {"back", back}});
        return code == context.language ? "<strong>" + escape(name) + "</strong>"
                                        : link(href, name, "lang=\"" + code + "\"");
    };
    return "<div class=\"languages\">" + choice("es-AR", "Español") + " · " +
           choice("en", "English") + "</div>";
}

std::string account(WebContext& context) {
    if (!context.session) {
        return "";
    }
    const User& user = context.session->user;
    return "<form id=\"signout\" method=\"post\" action=\"/signout\" class=\"account\">" +
           element("span",
                   user.username + " (" + context.raw("role." + roleName(user.role)) + ")") +
           context.csrfField() + "<button type=\"submit\">" + context.tr("nav.signout") +
           "</button></form>";
}

}  // namespace

Response htmlPage(WebContext& context, const std::string& title, const std::string& body,
                  int status) {
    Response response;
    response.status = status;
    response.contentType = "text/html; charset=utf-8";
    response.body = "<!doctype html><html lang=\"" + context.language +
                    "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\""
                    " content=\"width=device-width, initial-scale=1\"><title>" +
                    escape(title) +
                    " · Parque</title>"
                    "<link rel=\"stylesheet\" href=\"/static/parque.css\"></head><body>"
                    "<header><a class=\"brand\" href=\"/devices\">Parque</a>" +
                    navigation(context) + account(context) + languageSwitch(context) +
                    "</header><main>" + body + "</main></body></html>";
    return response;
}

}  // namespace parque::collector::web
