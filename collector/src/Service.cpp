#include "parque/collector/Service.h"

#include "HttpServer.h"
#include "TlsMaterial.h"

#include <Poco/Logger.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Timer.h>

#include <ctime>

namespace parque::collector {

CollectorService::CollectorService(CollectorConfig config) : config_(std::move(config)) {
    if (config_.database.connection.empty()) {
        config_.database.connection = (config_.dataDir / "collector.db").string();
    }
    const TlsMaterial tls = ensureTlsMaterial(config_);
    fingerprint_ = tls.authorityFingerprint;
    authorityFile_ = tls.authorityFile;
    certificateFile_ = tls.certificateFile;
    privateKeyFile_ = tls.privateKeyFile;
    createdCertificates_ = tls.created;
    database_ = std::make_unique<Database>(config_.database);
    registry_ = std::make_unique<Registry>(*database_, tls.authority, config_.certificateDays);
    inventories_ = std::make_unique<InventoryStore>(*database_);
    services_ = std::make_unique<Services>(Services{config_,
                                                    *database_,
                                                    *registry_,
                                                    *inventories_,
                                                    metrics_,
                                                    tls.authority.certificatePem,
                                                    {},
                                                    {}});
    router_ = std::make_unique<Router>();
    addIntakeRoutes(*router_, *services_);
    addApiRoutes(*router_, *services_);
    addOpsRoutes(*router_, *services_);
    addLegacyRoutes(*router_, *services_);
    addTicketRoutes(*router_, *services_);
    addWebRoutes(*router_, *services_);
}

CollectorService::~CollectorService() { stop(); }

void CollectorService::start() {
    ServerTls tls{certificateFile_, privateKeyFile_, authorityFile_};
    server_ = makeHttpServer(config_, tls, *router_, *services_);
    server_->start();
    contactFlush_ = std::make_unique<Poco::Timer>(1000, 1000);
    contactFlush_->start(Poco::TimerCallback<CollectorService>(*this, &CollectorService::flush));
}

void CollectorService::flush(Poco::Timer& /*timer*/) {
    try {
        inventories_->flushContacts();
        if (++ticks_ % 60 == 0 && services_->everyMinute) {
            services_->everyMinute();
        }
        if (ticks_ % 3600 == 60) {  // a minute after start, then hourly
            const auto days = static_cast<std::int64_t>(config_.idempotencyDays);
            inventories_->pruneSubmissions(
                utcTime(static_cast<std::int64_t>(std::time(nullptr)) - days * 86400));
        }
    } catch (const Poco::Exception& e) {
        Poco::Logger::get("parque.collector").error("periodic work failed: " + e.displayText());
    } catch (const std::exception& e) {
        Poco::Logger::get("parque.collector")
            .error(std::string("periodic work failed: ") + e.what());
    }
}

void CollectorService::stop() {
    if (server_) {
        server_->stopAll(true);
        server_.reset();
    }
    if (contactFlush_) {
        contactFlush_->stop();
        contactFlush_.reset();
        inventories_->flushContacts();
    }
}

unsigned short CollectorService::port() const { return server_ ? server_->port() : 0; }

}  // namespace parque::collector
