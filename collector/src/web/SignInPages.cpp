// Sign-in, sign-out, the language choice, the stylesheet and the site's front door.
#include "Html.h"
#include "WebPage.h"
#include "WebRoutes.h"

#include <Poco/Logger.h>

namespace parque::collector::web {
namespace {

const char* const kSessionCookieAttributes = "; Path=/; Secure; HttpOnly; SameSite=Strict";

Response signInForm(WebContext& context, const std::string& error, int status) {
    const std::string next = localPath(
        context.query("next").empty() ? context.field("next") : context.query("next"), "/devices");
    std::string body = "<section class=\"signin\"><h1>" + context.tr("signin.title") + "</h1>";
    if (!error.empty()) {
        body += "<p class=\"error\" role=\"alert\">" + error + "</p>";
    }
    body += "<form id=\"signin\" method=\"post\" action=\"/signin\">" + context.csrfField() +
            "<input type=\"hidden\" name=\"next\" value=\"" + escape(next) + "\"><label>" +
            context.tr("signin.username") +
            "<input name=\"username\" autocomplete=\"username\" required autofocus"
            " value=\"" +
            escape(context.field("username")) + "\"></label><label>" +
            context.tr("signin.password") +
            "<input name=\"password\" type=\"password\" autocomplete=\"current-password\""
            " required></label><button type=\"submit\">" +
            context.tr("signin.submit") + "</button></form><p>" +
            link("/lookup", context.raw("lookup.link")) + "</p></section>";
    return htmlPage(context, context.raw("signin.title"), body, status);
}

Response signIn(WebContext& context) {
    const std::string username = context.field("username");
    const SignInResult result =
        context.state.users.signIn(username, context.field("password"), context.now());
    auto& log = Poco::Logger::get("parque.collector");
    if (result.outcome == SignInResult::Outcome::Locked) {
        log.warning("web sign-in refused, account locked: " + username);
        return signInForm(
            context, context.tr("signin.locked", {{"seconds", std::to_string(result.retryAfter)}}),
            429);
    }
    if (result.outcome != SignInResult::Outcome::SignedIn || !result.user) {
        log.warning("web sign-in refused: " + username);
        return signInForm(context, context.tr("signin.refused"), 401);
    }
    log.information("web sign-in: " + username);
    const WebSession session = context.state.users.openSession(*result.user, context.now());
    context.cookies.emplace_back("parque_session", session.token + kSessionCookieAttributes);
    return redirect(localPath(context.field("next"), "/devices"));
}

Response signOut(WebContext& context) {
    if (context.session) {
        context.state.users.closeSession(context.session->token);
    }
    context.cookies.emplace_back("parque_session",
                                 std::string("; Max-Age=0") + kSessionCookieAttributes);
    return redirect("/signin");
}

Response chooseLanguage(WebContext& context) {
    const std::string language = supportedLanguage(context.query("set"));
    if (language.empty()) {
        throw WebError(400, "error.language");
    }
    context.cookies.emplace_back("parque_lang", language +
                                                    "; Max-Age=31536000; Path=/; Secure;"
                                                    " SameSite=Strict");
    if (context.session) {
        context.state.users.setLanguage(context.session->user.id, language);
    }
    return redirect(localPath(context.query("back"), "/devices"));
}

}  // namespace

void addSignInPages(Router& router, const SharedState& state) {
    router.add("GET", "/signin", webRoute(state, Need::Anyone, [](WebContext& context) {
                   return signInForm(context, "", 200);
               }));
    router.add("POST", "/signin", webRoute(state, Need::Anyone, signIn));
    router.add("POST", "/signout", webRoute(state, Need::SignedIn, signOut));
    router.add("GET", "/language", webRoute(state, Need::Anyone, chooseLanguage));
    router.add("GET", "/", webRoute(state, Need::Anyone, [](WebContext& context) {
                   return redirect(context.session ? "/devices" : "/signin");
               }));
    router.add("GET", "/static/parque.css", [](Request&) {
        Response response;
        response.contentType = "text/css; charset=utf-8";
        response.body = stylesheet();
        response.headers.emplace_back("Cache-Control", "max-age=3600");
        return response;
    });
}

}  // namespace parque::collector::web
