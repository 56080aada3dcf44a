// The web interface's page groups; addWebRoutes (Service.h) registers them all.
#pragma once

#include "WebPage.h"

#include <memory>

namespace parque::collector::web {

void addSignInPages(Router& router, const SharedState& state);     // SignInPages.cpp
void addDevicePages(Router& router, const SharedState& state);     // DevicePages.cpp
void addTicketPages(Router& router, const SharedState& state);     // TicketPages.cpp
void addDashboardPages(Router& router, const SharedState& state);  // DashboardPages.cpp
void addAdminPages(Router& router, const SharedState& state);      // AdminPages.cpp

}  // namespace parque::collector::web
