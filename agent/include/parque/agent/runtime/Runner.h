// The agent's conversation with its collector: enrolment, one run (contact, collect, spool,
// deliver), the service loop, and the status report.
#pragma once

#include "parque/agent/runtime/AgentConfig.h"
#include "parque/agent/runtime/Transport.h"

#include <atomic>
#include <chrono>
#include <iosfwd>
#include <string>

namespace parque::agent {

// Makes the device key (0600, never sent), fetches and pins the collector's CA, sends a CSR with
// the token and stores the signed certificate. Throws std::runtime_error saying what to fix.
std::string enrol(const AgentConfig& config, const std::string& token, const std::string& hostname);

struct RunOutcome {
    bool delivered = false;               // the queue is empty now
    std::string problem;                  // the last delivery error, if any
    std::chrono::seconds interval{3600};  // until the next run, from the collector's expiration
    bool refused = false;                 // certificate revoked / device unknown
};

class Runner {
public:
    Runner(AgentConfig config, std::ostream& log);
    RunOutcome once();  // one contact + inventory, then delivery of everything queued
    bool enrolled() const;
    bool glpiMode() const { return !enrolled(); }
    void status(std::ostream& out);

private:
    Transport transport() const;

    AgentConfig config_;
    std::ostream& log_;
};

// `parque-agent enroll|once|status`; `run` is the service in agent/cli.
int runEnrollCommand(const std::vector<std::string>& arguments, std::ostream& out,
                     std::ostream& err);
int runOnceCommand(const std::vector<std::string>& arguments, std::ostream& out, std::ostream& err);
int runStatusCommand(const std::vector<std::string>& arguments, std::ostream& out,
                     std::ostream& err);
AgentConfig configFromArguments(const std::vector<std::string>& arguments);

}  // namespace parque::agent
