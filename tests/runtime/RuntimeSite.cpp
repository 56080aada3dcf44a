#include "RuntimeSite.h"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/Session.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

using namespace Poco::Data::Keywords;

namespace parque::testing {
namespace {

namespace fs = std::filesystem;

fs::path makeTempDir() {
    std::string pattern = (fs::temp_directory_path() / "parque-runtime-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error("mkdtemp failed");
    }
    return pattern;
}

std::string readText(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) {
        throw std::runtime_error("cannot read " + path.string());
    }
    return text.str();
}

void writeText(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) {
        throw std::runtime_error("cannot write " + path.string());
    }
}

std::unique_ptr<collector::CollectorService> makeCollector(const fs::path& dataDir,
                                                           unsigned short port) {
    collector::CollectorConfig config;
    config.dataDir = dataDir;
    config.listenAddress = "127.0.0.1";
    config.port = port;
    config.threads = 4;
    config.anonymousIntake = true;  // GLPI mode tests; enrolled agents are unaffected
    config.anonymousIntakeToken = kIntakeToken;
    auto service = std::make_unique<collector::CollectorService>(config);
    service->start();
    return service;
}

}  // namespace

RuntimeSite::RuntimeSite() : dir_(makeTempDir()) {
    fs::create_directories(dir_ / "collector");
    fs::copy(PARQUE_FIXTURES_DIR "/hosts/pos-terminal", root(),
             fs::copy_options::recursive | fs::copy_options::copy_symlinks);
    writeText(dir_ / "agent.conf", "# settings come from the command line\n");
    service_ = makeCollector(dir_ / "collector", 0);
    port_ = service_->port();
}

RuntimeSite::~RuntimeSite() {
    service_.reset();
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
}

void RuntimeSite::stopCollector() { service_.reset(); }

void RuntimeSite::startCollector() {
    if (!service_) {
        service_ = makeCollector(dir_ / "collector", port_);
    }
}

std::string RuntimeSite::serverUrl() const {
    return "https://127.0.0.1:" + std::to_string(port_) + "/";
}

std::string RuntimeSite::enrol() {
    const std::string token =
        collector().registry().createEnrolmentToken("shop-1", 3600, std::nullopt).secret;
    const AgentRun run = runAgent({"enroll", "--config", (dir_ / "agent.conf").string(), "--server",
                                   serverUrl(), "--state-dir", stateDir().string(), "--token",
                                   token, "--ca-fingerprint", collector().authorityFingerprint()});
    INFO(run.both());
    REQUIRE(run.exitCode == 0);
    const std::string prefix = "enrolled as device ";
    REQUIRE(run.out.rfind(prefix, 0) == 0);
    deviceId_ = run.out.substr(prefix.size(), run.out.find(' ', prefix.size()) - prefix.size());
    REQUIRE(count("SELECT COUNT(*) FROM devices WHERE id = ?", deviceId_) == 1);
    return deviceId_;
}

std::vector<std::string> RuntimeSite::agentOptions(const std::vector<std::string>& extra) const {
    std::vector<std::string> options = {"--config",    (dir_ / "agent.conf").string(),
                                        "--server",    serverUrl(),
                                        "--state-dir", stateDir().string(),
                                        "--root",      root().string()};
    options.insert(options.end(), extra.begin(), extra.end());
    return options;
}

AgentRun RuntimeSite::once(const std::vector<std::string>& extra) {
    std::vector<std::string> arguments = {"once"};
    const auto options = agentOptions(extra);
    arguments.insert(arguments.end(), options.begin(), options.end());
    return runAgent(arguments);
}

AgentRun RuntimeSite::status() {
    std::vector<std::string> arguments = {"status"};
    const auto options = agentOptions();
    arguments.insert(arguments.end(), options.begin(), options.end());
    return runAgent(arguments);
}

void RuntimeSite::setPackageVersion(const std::string& package, const std::string& version) {
    const fs::path file = root() / "var/lib/dpkg/status";
    std::istringstream in(readText(file));
    std::string out;
    std::string line;
    bool inPackage = false;
    bool replaced = false;
    while (std::getline(in, line)) {
        if (line.rfind("Package: ", 0) == 0) {
            inPackage = line == "Package: " + package;
        } else if (inPackage && line.rfind("Version: ", 0) == 0) {
            line = "Version: " + version;
            replaced = true;
        }
        out += line + "\n";
    }
    if (!replaced) {
        throw std::runtime_error("no Version line for package " + package);
    }
    writeText(file, out);
}

long long RuntimeSite::count(const std::string& sql, const std::string& parameter) {
    Poco::Data::Session session = collector().database().session();
    std::string value = parameter;
    Poco::Int64 n = -1;
    session << sql, use(value), into(n), now;
    return n;
}

std::vector<std::string> RuntimeSite::strings(const std::string& sql,
                                              const std::string& parameter) {
    Poco::Data::Session session = collector().database().session();
    std::string value = parameter;
    std::vector<std::string> rows;
    session << sql, use(value), into(rows), now;
    return rows;
}

long long RuntimeSite::submissions() {
    return count("SELECT COUNT(*) FROM submissions WHERE device_id = ?", deviceId_);
}

std::vector<std::string> RuntimeSite::submissionKeys() {
    return strings("SELECT idempotency_key FROM submissions WHERE device_id = ? ORDER BY rowid",
                   deviceId_);
}

namespace {

Poco::Data::Session agentDatabase(const fs::path& stateDir) {
    Poco::Data::SQLite::Connector::registerConnector();
    const fs::path file = stateDir / "state.db";
    if (!fs::exists(file)) {
        throw std::runtime_error("no agent database " + file.string());
    }
    return Poco::Data::Session("SQLite", file.string());
}

}  // namespace

std::vector<Spooled> RuntimeSite::spool() {
    Poco::Data::Session session = agentDatabase(stateDir());
    std::vector<std::string> keys;
    std::vector<std::string> bodies;
    std::vector<int> partials;
    session << "SELECT idempotency_key, CAST(body AS TEXT), partial FROM spool ORDER BY id",
        into(keys), into(bodies), into(partials), now;
    std::vector<Spooled> queued;
    for (std::size_t i = 0; i < keys.size(); ++i) {
        queued.push_back({keys[i], bodies.at(i), partials.at(i) != 0});
    }
    return queued;
}

long long RuntimeSite::everEnqueued() {
    Poco::Data::Session session = agentDatabase(stateDir());
    Poco::Int64 n = -1;
    session << "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'spool'), 0)",
        into(n), now;
    return n;
}

long long RuntimeSite::agentDropped() {
    Poco::Data::Session session = agentDatabase(stateDir());
    Poco::Int64 n = -1;
    session << "SELECT dropped_total FROM spool_meta WHERE id = 1", into(n), now;
    return n;
}

std::set<std::string> contentSections(const std::string& body) {
    Poco::JSON::Parser parser;
    const auto message = parser.parse(body).extract<Poco::JSON::Object::Ptr>();
    const auto content = message->getObject("content");
    if (!content) {
        throw std::runtime_error("no content object in " + body.substr(0, 200));
    }
    const std::vector<std::string> names = content->getNames();
    return {names.begin(), names.end()};
}

std::vector<std::string> linesWith(const std::string& text, const std::string& needle) {
    std::vector<std::string> found;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (line.find(needle) != std::string::npos) {
            found.push_back(line);
        }
    }
    return found;
}

}  // namespace parque::testing
