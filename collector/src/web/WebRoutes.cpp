#include "WebRoutes.h"

namespace parque::collector {

void addWebRoutes(Router& router, Services& services) {
    auto state = std::make_shared<web::WebState>(web::WebState{
        services, web::UserStore(services.database),
        tickets::TicketStore(services.database, tickets::siteZone(services.config.timeZone))});
    web::addSignInPages(router, state);
    web::addDevicePages(router, state);
    web::addTicketPages(router, state);
    web::addDashboardPages(router, state);
    web::addAdminPages(router, state);
}

}  // namespace parque::collector
