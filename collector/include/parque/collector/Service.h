// The running collector: database, certificates, registry, inventory store, metrics and the
// HTTPS server with its routes. main() and the tests both start it through this class.
#pragma once

#include "parque/collector/Config.h"
#include "parque/collector/Database.h"
#include "parque/collector/InventoryStore.h"
#include "parque/collector/Metrics.h"
#include "parque/collector/Registry.h"
#include "parque/collector/Router.h"

#include <functional>
#include <memory>
#include <string>

namespace Poco {
class Timer;
namespace Net {
class HTTPServer;
}
}  // namespace Poco

namespace parque::collector {

struct Services {
    CollectorConfig config;
    Database& database;
    Registry& registry;
    InventoryStore& inventories;
    Metrics& metrics;
    std::string authorityPem;
    // Called after an inventory of `deviceId` replaced peripherals (set by the ticket routes:
    // a payment peripheral replaced opens a ticket).
    std::function<void(const std::string& deviceId, const std::vector<ReplacedPeripheral>&)>
        onPeripheralsReplaced;
    // Called once a minute by the service (set by the ticket routes: automatic escalation).
    std::function<void()> everyMinute;
};

class CollectorService {
public:
    explicit CollectorService(CollectorConfig config);  // opens the database, loads certificates
    ~CollectorService();
    CollectorService(const CollectorService&) = delete;
    CollectorService& operator=(const CollectorService&) = delete;

    void start();  // listens; port() tells where
    void stop();
    unsigned short port() const;

    const std::string& authorityFingerprint() const { return fingerprint_; }
    const std::string& authorityFile() const { return authorityFile_; }
    bool createdCertificates() const { return createdCertificates_; }
    Registry& registry() { return *registry_; }
    InventoryStore& inventories() { return *inventories_; }
    Database& database() { return *database_; }
    Metrics& metrics() { return metrics_; }

private:
    void flush(Poco::Timer& timer);
    CollectorConfig config_;
    std::unique_ptr<Database> database_;
    std::unique_ptr<Registry> registry_;
    std::unique_ptr<InventoryStore> inventories_;
    Metrics metrics_;
    std::unique_ptr<Services> services_;
    std::unique_ptr<Router> router_;
    std::unique_ptr<Poco::Net::HTTPServer> server_;
    std::unique_ptr<Poco::Timer> contactFlush_;
    unsigned ticks_ = 0;  // seconds counted by contactFlush_
    std::string fingerprint_;
    std::string authorityFile_;
    std::string certificateFile_;
    std::string privateKeyFile_;
    bool createdCertificates_ = false;
};

// Route groups (src/*Routes.cpp).
void addIntakeRoutes(Router& router, Services& services);
void addApiRoutes(Router& router, Services& services);
void addOpsRoutes(Router& router, Services& services);
void addLegacyRoutes(Router& router, Services& services);
void addTicketRoutes(Router& router, Services& services);  // src/TicketRoutes.cpp
void addWebRoutes(Router& router, Services& services);     // src/web/WebRoutes.cpp

}  // namespace parque::collector
