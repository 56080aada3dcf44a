#include "RunService.h"

#include "parque/agent/Isolation.h"
#include "parque/agent/runtime/Backoff.h"
#include "parque/agent/runtime/Runner.h"

#include <Poco/Event.h>
#include <Poco/Thread.h>
#include <Poco/Util/ServerApplication.h>

#include <iostream>
#include <random>

namespace {

using std::chrono::milliseconds;

class AgentService : public Poco::Util::ServerApplication {
public:
    explicit AgentService(parque::agent::AgentConfig config) : config_(std::move(config)) {}

protected:
    int main(const ArgVec& /*arguments*/) override {
        const parque::agent::AgentConfig& config = config_;
        Poco::Event stop;
        Poco::Thread worker;
        worker.startFunc([&] { loop(config, stop); });
        waitForTerminationRequest();
        stop.set();
        // A pass in flight finishes first (on Linux it is a child process; on Windows a thread
        // that cannot be abandoned safely: exiting under it can hang the process).
        worker.join();
        return EXIT_OK;
    }

private:
    static void loop(const parque::agent::AgentConfig& config, Poco::Event& stop) {
        std::mt19937_64 rng(std::random_device{}());
        // The first run after boot waits a random part of the delay, so a shop's terminals
        // powered on together do not all report at once.
        const auto sinceBoot = std::chrono::steady_clock::now().time_since_epoch();
        if (sinceBoot < std::chrono::seconds(config.initialDelaySeconds) * 2) {
            std::uniform_int_distribution<long> wait(0, config.initialDelaySeconds * 1000L);
            if (stop.tryWait(wait(rng))) {
                return;
            }
        }
        unsigned failures = 0;
        parque::agent::Runner runner(config, std::cerr);
        for (;;) {
            milliseconds next{0};
            try {
                const auto outcome =
                    parque::agent::runIsolated([&runner] { return runner.once(); });
                failures = outcome.delivered ? 0 : failures + 1;
                const milliseconds interval = outcome.interval;
                std::uniform_real_distribution<double> jitter(0.9, 1.1);
                next = outcome.delivered
                           ? milliseconds(static_cast<long>(static_cast<double>(interval.count()) *
                                                            jitter(rng)))
                           : std::min(interval,
                                      parque::agent::backoffDelay(config.backoff, failures, rng));
            } catch (const std::exception& e) {
                std::cerr << "parque-agent: run failed: " << e.what() << "\n";
                ++failures;
                next = parque::agent::backoffDelay(config.backoff, failures, rng);
            }
            if (stop.tryWait(static_cast<long>(std::max<long long>(1000, next.count())))) {
                return;
            }
        }
    }

    parque::agent::AgentConfig config_;
};

}  // namespace

int runService(const std::vector<std::string>& arguments) {
    // ServerApplication's own options (--daemon, --pidfile=FILE, --umask=MASK) go to Poco; the
    // agent's settings are parsed here.
    std::vector<std::string> poco = {"parque-agent"};
    std::vector<std::string> ours;
    for (const std::string& argument : arguments) {
        const bool serviceOption = argument == "--daemon" || argument.rfind("--pidfile=", 0) == 0 ||
                                   argument.rfind("--umask=", 0) == 0;
        (serviceOption ? poco : ours).push_back(argument);
    }
    parque::agent::AgentConfig config;
    try {
        config = parque::agent::configFromArguments(ours);
        parque::agent::Runner check(config, std::cerr);
    } catch (const std::exception& e) {
        std::cerr << "parque-agent: " << e.what() << "\n";
        return 2;
    }
    AgentService service(config);
    return service.run(poco);
}
