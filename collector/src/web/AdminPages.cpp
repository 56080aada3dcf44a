// Admins' page: the people who sign in, and adding one.
#include "Html.h"
#include "WebRoutes.h"

#include <Poco/Logger.h>

namespace parque::collector::web {
namespace {

const Role kRoles[] = {Role::Admin, Role::Technician, Role::Manager, Role::ReadOnly};

std::string addForm(const WebContext& context) {
    std::string roles;
    for (const Role role : kRoles) {
        roles += "<option value=\"" + roleName(role) + "\">" +
                 context.tr("role." + roleName(role)) + "</option>";
    }
    return "<form id=\"add-user\" class=\"inline\" method=\"post\" action=\"/admin/users\">" +
           context.csrfField() + "<label>" + context.tr("signin.username") +
           "<input name=\"username\" required maxlength=\"64\"></label><label>" +
           context.tr("admin.role") + "<select name=\"role\">" + roles +
           "</select></label><label>" + context.tr("admin.language") +
           "<select name=\"language\"><option value=\"es-AR\">Español</option>"
           "<option value=\"en\">English</option></select></label><label>" +
           context.tr("signin.password") +
           "<input name=\"password\" type=\"password\" required minlength=\"12\""
           " autocomplete=\"new-password\"></label><button type=\"submit\">" +
           context.tr("admin.add") + "</button></form>";
}

Response usersPage(WebContext& context, const std::string& message, int status) {
    Table table{
        "users",
        {context.raw("signin.username"), context.raw("admin.role"), context.raw("admin.language")},
        {},
        {}};
    for (const User& user : context.state.users.list()) {
        table.rows.push_back({escape(user.username), context.tr("role." + roleName(user.role)),
                              escape(user.language)});
    }
    const std::string body = "<section><h1>" + context.tr("admin.users_title") + "</h1>" + message +
                             tableHtml(table, context.raw("common.none")) + "<h2>" +
                             context.tr("admin.add_title") + "</h2>" + addForm(context) +
                             "</section>";
    return htmlPage(context, context.raw("admin.users_title"), body, status);
}

Response addUser(WebContext& context) {
    const auto role = parseRole(context.field("role"));
    if (!role) {
        throw WebError(400, "admin.bad_role");
    }
    try {
        const User user = context.state.users.add(
            context.field("username"), context.field("password"), *role, context.field("language"));
        Poco::Logger::get("parque.collector")
            .information("web user added by " + context.user().username + ": " + user.username);
    } catch (const std::invalid_argument& e) {
        return usersPage(context, "<p class=\"error\">" + escape(e.what()) + "</p>", 400);
    }
    return redirect("/admin/users?added=" + urlEncode(context.field("username")));
}

}  // namespace

void addAdminPages(Router& router, const SharedState& state) {
    router.add("GET", "/admin/users", webRoute(state, Need::Admin, [](WebContext& context) {
                   const std::string added = context.query("added");
                   const std::string message =
                       added.empty() ? ""
                                     : "<p class=\"notice\">" +
                                           context.tr("admin.added", {{"name", added}}) + "</p>";
                   return usersPage(context, message, 200);
               }));
    router.add("POST", "/admin/users", webRoute(state, Need::Admin, addUser));
}

}  // namespace parque::collector::web
