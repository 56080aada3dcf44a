// parque-collector: the HTTPS collector (a Poco ServerApplication: foreground, --daemon, or a
// Windows service) and its administration commands.
#include "AdminCommands.h"
#include "parque/collector/Service.h"

#include <Poco/Net/SSLManager.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionSet.h>
#include <Poco/Util/PropertyFileConfiguration.h>
#include <Poco/Util/ServerApplication.h>

#include <filesystem>
#include <iostream>

namespace {

class CollectorApplication : public Poco::Util::ServerApplication {
protected:
    void defineOptions(Poco::Util::OptionSet& options) override {
        ServerApplication::defineOptions(options);
        using Poco::Util::Option;
        options.addOption(Option("help", "h", "show the options")
                              .callback(Poco::Util::OptionCallback<CollectorApplication>(
                                  this, &CollectorApplication::help)));
        options.addOption(Option("config", "c", "configuration file (properties format)")
                              .argument("FILE")
                              .callback(Poco::Util::OptionCallback<CollectorApplication>(
                                  this, &CollectorApplication::configFile)));
        options.addOption(Option("data-dir", "d", "data directory")
                              .argument("DIR")
                              .binding("collector.data_dir"));
        options.addOption(
            Option("port", "p", "TCP port").argument("PORT").binding("collector.port"));
        options.addOption(Option("listen", "l", "listen address")
                              .argument("ADDRESS")
                              .binding("collector.listen"));
    }

    void help(const std::string& /*name*/, const std::string& /*value*/) {
        Poco::Util::HelpFormatter formatter(options());
        formatter.setCommand(commandName());
        formatter.setUsage(
            "[OPTIONS] | token ... | device revoke ID | api-token create | "
            "fingerprint");
        formatter.setHeader("Parque collector: GLPI-protocol inventory intake over mutual TLS.");
        formatter.format(std::cout);
        stopOptionsProcessing();
        helpRequested_ = true;
    }

    // Properties format whatever the file's extension (Poco would pick a parser by extension).
    void configFile(const std::string& /*name*/, const std::string& value) {
        config().add(new Poco::Util::PropertyFileConfiguration(value), PRIO_APPLICATION, false);
    }

    void initialize(Poco::Util::Application& self) override {
        if (!config().has("collector.data_dir") &&
            std::filesystem::exists("/etc/parque/collector.conf")) {
            config().add(new Poco::Util::PropertyFileConfiguration("/etc/parque/collector.conf"),
                         PRIO_DEFAULT, false);
        }
        ServerApplication::initialize(self);
    }

    int main(const ArgVec& /*arguments*/) override {
        if (helpRequested_) {
            return EXIT_OK;
        }
        try {
            parque::collector::CollectorService service(parque::collector::loadConfig(config()));
            service.start();
            logger().information("listening on https://%s:%hu/",
                                 config().getString("collector.listen", "0.0.0.0"), service.port());
            logger().information("CA fingerprint (agents pin it on enrolment): SHA256:" +
                                 service.authorityFingerprint());
            waitForTerminationRequest();
            logger().information("stopping");
            service.stop();
        } catch (const Poco::Exception& e) {
            logger().fatal("cannot run: " + e.displayText());
            return EXIT_CONFIG;
        } catch (const std::exception& e) {
            logger().fatal(std::string("cannot run: ") + e.what());
            return EXIT_CONFIG;
        }
        return EXIT_OK;
    }

private:
    bool helpRequested_ = false;
};

}  // namespace

int main(int argc, char** argv) {
    if (argc >= 2 && parque::collector::isAdminCommand(argv[1])) {
        return parque::collector::runAdminCommand(std::vector<std::string>(argv + 1, argv + argc),
                                                  std::cout, std::cerr);
    }
    CollectorApplication application;
    return application.run(argc, argv);
}
