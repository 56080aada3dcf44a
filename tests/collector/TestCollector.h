// A real collector for integration tests: a fresh data directory, the service listening on
// 127.0.0.1 with its own CA, and HTTPS clients with real TLS (the collector's CA verified
// strictly, device certificates obtained through POST /api/v1/enrol).
#pragma once

#include "parque/collector/Config.h"
#include "parque/collector/Service.h"

#include <Poco/JSON/Object.h>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace parque::testing {

struct HttpResult {
    int status = 0;
    std::string contentType;  // of the reply as sent
    std::string body;         // decoded when the reply was zlib or gzip
    std::map<std::string, std::string> headers;

    Poco::JSON::Object::Ptr json() const;  // the body as a JSON object; throws otherwise
    std::string header(const std::string& name) const;  // "" when absent
};

// An enrolled device: its id and the PEM files of its key and certificate.
struct DeviceClient {
    std::string deviceId;
    std::string keyFile;
    std::string certificateFile;
};

struct RequestSpec {
    std::string method = "POST";
    std::string path = "/";
    std::string body;
    std::string contentType = "application/json";
    std::map<std::string, std::string> headers;
    const DeviceClient* client = nullptr;  // nullptr: no client certificate
};

class TestCollector {
public:
    // `tweak` adjusts the configuration before the service is made (data dir and port are set).
    explicit TestCollector(const std::function<void(collector::CollectorConfig&)>& tweak = {});
    ~TestCollector();
    TestCollector(const TestCollector&) = delete;
    TestCollector& operator=(const TestCollector&) = delete;

    collector::CollectorService& service() { return *service_; }
    const std::filesystem::path& dir() const { return dir_; }

    std::string enrolmentToken(std::int64_t lifetimeSeconds = 3600,
                               std::optional<int> maxUses = std::nullopt);
    // POST /api/v1/enrol with a new key's CSR, without a client certificate.
    HttpResult enrolWith(const std::string& token, const std::string& hostname,
                         std::string* keyPem = nullptr);
    // A new token, key and enrolment; the key and certificate written under dir(). REQUIREs 200.
    DeviceClient enrol(const std::string& hostname = "pos-01");
    // Key and certificate files for a client certificate signed by a different CA.
    DeviceClient foreignClient(const std::string& deviceId);

    HttpResult request(const RequestSpec& spec);
    HttpResult post(const DeviceClient& client, const std::string& body,
                    const std::string& contentType = "application/json",
                    const std::map<std::string, std::string>& headers = {});
    HttpResult get(const std::string& path, const std::string& apiToken = "");
    // Any method with a JSON body and, unless empty, "Authorization: Bearer <apiToken>".
    HttpResult call(const std::string& method, const std::string& path, const std::string& body,
                    const std::string& apiToken);
    std::string apiToken();  // one API token, made on first use

    // SELECT COUNT(*) ... on the collector's database, after buffered contacts are written.
    long long count(const std::string& sql);

private:
    std::filesystem::path dir_;
    std::unique_ptr<collector::CollectorService> service_;
    std::string apiToken_;
    int files_ = 0;
};

// A point-of-sale terminal's inventory content (a JSON object text) with the parts tests vary.
struct Terminal {
    std::string name = "caja03";
    std::string serial = "5QK2X31";
    std::string mac = "00:e0:4c:68:12:3a";
    std::string posVersion = "4.12.3-1";
    std::string pinPadSerial = "PP0001";  // "": no PIN pad (an Ingenico 0b00:0053, a pin-pad)
    std::string cpu = "Intel(R) Celeron(R) J4125 CPU @ 2.00GHz";
};
std::string terminalContent(const Terminal& terminal);

// A complete inventory message around `content` (a JSON object text).
std::string inventoryMessage(const std::string& deviceid, const std::string& content,
                             bool partial = false);
std::string readFile(const std::filesystem::path& path);

}  // namespace parque::testing
