// `parque-agent enroll`, `once` and `status`.
#include "SqliteDb.h"
#include "parque/agent/runtime/AgentState.h"
#include "parque/agent/runtime/Runner.h"
#include "parque/agent/runtime/Spool.h"
#include "parque/pki/Pki.h"
#include "parque/util/AtomicFile.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/DNS.h>
#include <Poco/URI.h>

#include <ctime>
#include <filesystem>
#include <ostream>
#include <sstream>

namespace parque::agent {
namespace {

namespace fs = std::filesystem;

std::string resolve(const std::string& server, const std::string& path) {
    Poco::URI uri(server);
    uri.resolve(path);
    return uri.toString();
}

std::string timeText(std::optional<std::int64_t> unix) {
    if (!unix) {
        return "never";
    }
    const std::time_t t = static_cast<std::time_t>(*unix);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

// The collector's CA, checked against the pin before anything secret is sent.
std::string pinnedAuthority(const AgentConfig& config) {
    const auto [caPem, serverPem] =
        Transport::fetchUnverified(resolve(config.server, "/api/v1/ca.pem"));
    const std::string actual = pki::fingerprintSha256(caPem);
    if (!pki::fingerprintsEqual(actual, config.caFingerprint)) {
        throw std::runtime_error("the collector's CA fingerprint is " + actual +
                                 ", not the pinned " + config.caFingerprint +
                                 ": check --ca-fingerprint (parque-collector fingerprint)");
    }
    if (!pki::isSignedBy(serverPem, caPem)) {
        throw std::runtime_error("the collector's certificate is not signed by its CA");
    }
    return caPem;
}

int fail(std::ostream& err, const std::string& message) {
    err << "parque-agent: " << message << "\n";
    return 2;
}

}  // namespace

AgentConfig configFromArguments(const std::vector<std::string>& arguments) {
    std::vector<std::string> words;
    auto options = parseOptions(arguments, words);
    if (!words.empty()) {
        throw std::invalid_argument("unexpected argument '" + words.front() + "'");
    }
    const auto config = options.find("config");
    const fs::path file = config == options.end() ? defaultConfigFile() : fs::path(config->second);
    const bool required = config != options.end();
    options.erase("config");
    options.erase("token");
    return loadAgentConfig(file, required, options);
}

std::string enrol(const AgentConfig& config, const std::string& token,
                  const std::string& hostname) {
    if (config.server.empty()) {
        throw std::invalid_argument("enroll needs --server URL");
    }
    const AgentFiles files = agentFiles(config);
    if (fs::exists(files.certificate)) {
        throw std::runtime_error("already enrolled (" + files.certificate.string() +
                                 " exists); remove " + config.stateDir.string() +
                                 " to enrol again");
    }
    makePrivateFolder(config.stateDir);
    if (!fs::exists(files.key)) {
        util::writeFileAtomic(files.key, pki::generateKeyPem(), 0600);
    }
    const std::string key = util::readFile(files.key);
    TlsIdentity identity;
    std::string pinned;
    if (!config.caFingerprint.empty()) {
        pinned = pinnedAuthority(config);
        util::writeFileAtomic(files.authority, pinned, 0644);
        identity.authorityFile = files.authority.string();
    }
    Poco::JSON::Object request;
    request.set("token", token);
    request.set("csr", pki::createCsrPem(key, hostname));
    request.set("hostname", hostname);
    std::ostringstream body;
    request.stringify(body);
    Transport transport(resolve(config.server, "/api/v1/enrol"), identity);
    const std::string text = transport.post({body.str(), {}, false});
    Poco::JSON::Parser parser;
    const auto answer = parser.parse(text).extract<Poco::JSON::Object::Ptr>();
    const std::string authority = answer->getValue<std::string>("ca_certificate");
    if (!pinned.empty() && authority != pinned) {
        throw std::runtime_error("the collector answered with another CA than the pinned one");
    }
    util::writeFileAtomic(files.authority, authority, 0644);
    util::writeFileAtomic(files.certificate, answer->getValue<std::string>("certificate"), 0644);
    std::string deviceId = answer->getValue<std::string>("device_id");
    SqliteDb db(files.database);
    AgentState(db).set(stateKey::kEnrolment, deviceId + " " + config.server);
    return deviceId;
}

int runEnrollCommand(const std::vector<std::string>& arguments, std::ostream& out,
                     std::ostream& err) {
    try {
        std::vector<std::string> words;
        const auto options = parseOptions(arguments, words);
        const auto token = options.find("token");
        if (token == options.end() || token->second.empty()) {
            return fail(err, "enroll needs --token T (parque-collector token create --site S)");
        }
        const AgentConfig config = configFromArguments(arguments);
        const std::string id = enrol(config, token->second, Poco::Net::DNS::hostName());
        out << "enrolled as device " << id << " with " << config.server << "\n";
        return 0;
    } catch (const Poco::Exception& e) {
        return fail(err, "enrolment failed: " + e.displayText());
    } catch (const std::exception& e) {
        return fail(err, std::string("enrolment failed: ") + e.what());
    }
}

int runOnceCommand(const std::vector<std::string>& arguments, std::ostream& out,
                   std::ostream& err) {
    try {
        Runner runner(configFromArguments(arguments), err);
        const RunOutcome outcome = runner.once();
        out << (outcome.delivered ? "delivered" : "queued: " + outcome.problem) << "\n";
        return outcome.delivered ? 0 : 1;
    } catch (const Poco::Exception& e) {
        return fail(err, e.displayText());
    } catch (const std::exception& e) {
        return fail(err, e.what());
    }
}

int runStatusCommand(const std::vector<std::string>& arguments, std::ostream& out,
                     std::ostream& err) {
    try {
        Runner runner(configFromArguments(arguments), err);
        runner.status(out);
        return 0;
    } catch (const std::exception& e) {
        return fail(err, e.what());
    }
}

void Runner::status(std::ostream& out) {
    const AgentFiles files = agentFiles(config_);
    SqliteDb db(files.database);
    Spool spool(db, config_.spool);
    AgentState state(db);
    const SpoolStats stats = spool.stats();
    const auto enrolment = state.get(stateKey::kEnrolment);
    out << "enrolled:            "
        << (enrolled() ? "yes, device " + enrolment.value_or("?") : "no (GLPI mode)") << "\n"
        << "collector:           " << config_.server << "\n"
        << "last contact:        " << timeText(state.getInt(stateKey::kLastContactUnix)) << "\n"
        << "last full inventory: " << timeText(state.getInt(stateKey::kLastFullInventoryUnix))
        << "\n"
        << "queued submissions:  " << stats.count << " (" << stats.bytes << " bytes)\n"
        << "dropped:             " << stats.droppedTotal
        << (stats.lastDrop.empty() ? "" : " (last: " + stats.lastDrop + ")") << "\n"
        << "last error:          " << state.get(stateKey::kLastError).value_or("none") << "\n";
}

}  // namespace parque::agent
