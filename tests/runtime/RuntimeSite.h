// One shop for the runtime tests: a real collector in this process (its own CA, real TLS on
// 127.0.0.1) and one enrolled parque-agent (the real program) whose machine is a private copy of
// the pos-terminal fixture root, so a test can change it between runs.
#pragma once

#include "AgentProcess.h"
#include "parque/collector/Service.h"

#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace parque::testing {

// The bearer token of the collector's anonymous (GLPI-mode) intake.
inline constexpr const char* kIntakeToken = "runtime-intake-token-0123";

// One queued submission in the agent's spool.
struct Spooled {
    std::string key;
    std::string body;  // the inventory JSON
    bool partial = false;
};

class RuntimeSite {
public:
    RuntimeSite();  // a fresh temp dir and a running collector; the agent is not enrolled yet
    ~RuntimeSite();
    RuntimeSite(const RuntimeSite&) = delete;
    RuntimeSite& operator=(const RuntimeSite&) = delete;

    collector::CollectorService& collector() { return *service_; }
    void stopCollector();
    void startCollector();  // on the port it had before, so the agent's URL stays valid
    std::string serverUrl() const;

    const std::filesystem::path& dir() const { return dir_; }
    std::filesystem::path stateDir() const { return dir_ / "agent"; }
    std::filesystem::path root() const { return dir_ / "root"; }

    // `parque-agent enroll` with a new token and the pinned CA; REQUIREs success.
    std::string enrol();
    const std::string& deviceId() const { return deviceId_; }

    // The options every agent command gets: --config (an empty file), --server, --state-dir,
    // --root; `extra` is appended.
    std::vector<std::string> agentOptions(const std::vector<std::string>& extra = {}) const;
    AgentRun once(const std::vector<std::string>& extra = {});
    AgentRun status();

    // Replaces the Version of dpkg package `package` in the root's var/lib/dpkg/status.
    void setPackageVersion(const std::string& package, const std::string& version);

    // The collector's database.
    long long count(const std::string& sql, const std::string& parameter);
    std::vector<std::string> strings(const std::string& sql, const std::string& parameter);
    long long submissions();                    // rows in submissions for deviceId()
    std::vector<std::string> submissionKeys();  // in the order they were applied

    // The agent's state.db (read while no agent runs).
    std::vector<Spooled> spool();
    long long everEnqueued();  // the spool's AUTOINCREMENT counter: submissions ever queued
    long long agentDropped();  // spool_meta.dropped_total

private:
    std::filesystem::path dir_;
    std::unique_ptr<collector::CollectorService> service_;
    unsigned short port_ = 0;
    std::string deviceId_;
};

// The section names in the "content" of an inventory message (JSON text).
std::set<std::string> contentSections(const std::string& body);

// Lines of `text` that contain `needle`.
std::vector<std::string> linesWith(const std::string& text, const std::string& needle);

}  // namespace parque::testing
