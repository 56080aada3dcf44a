#include "TestCollector.h"

#include "parque/pki/Pki.h"
#include "parque/protocol/BodyCodec.h"

#include <Poco/Data/Session.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <vector>

using namespace Poco::Data::Keywords;

namespace parque::testing {
namespace {

void initializeSslOnce() {
    static std::once_flag once;
    std::call_once(once, [] {
        Poco::Net::initializeSSL();
        Poco::Net::Context::Params params;
        params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
        params.loadDefaultCAs = false;
        Poco::Net::Context::Ptr fallback =
            new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
        Poco::SharedPtr<Poco::Net::InvalidCertificateHandler> reject =
            new Poco::Net::RejectCertificateHandler(false);
        Poco::Net::SSLManager::instance().initializeClient(nullptr, reject, fallback);
    });
}

std::filesystem::path makeTempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "parque-collector-XXXXXX");
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (mkdtemp(buffer.data()) == nullptr) {
        throw std::runtime_error("mkdtemp failed");
    }
    return std::filesystem::path(buffer.data());
}

void writeFile(const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) {
        throw std::runtime_error("cannot write " + path.string());
    }
}

Poco::Net::Context::Ptr clientContext(const std::string& authorityFile,
                                      const DeviceClient* client) {
    Poco::Net::Context::Params params;
    params.caLocation = authorityFile;
    if (client != nullptr) {
        params.privateKeyFile = client->keyFile;
        params.certificateFile = client->certificateFile;
    }
    params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
    params.loadDefaultCAs = false;
    return new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
}

bool isCompressedType(const std::string& contentType) {
    const std::string type = Poco::toLower(contentType.substr(0, contentType.find(';')));
    return type == "application/x-compress-zlib" || type == "application/x-zlib" ||
           type == "application/x-compress-gzip" || type == "application/x-gzip" ||
           type == "application/x-compress-deflate" || type == "application/x-compress";
}

std::string decodeReply(const std::string& raw, const std::string& contentType,
                        const std::string& contentEncoding) {
    if (!isCompressedType(contentType) && contentEncoding.empty()) {
        return raw;
    }
    const auto encoding = protocol::encodingOf(contentType, contentEncoding, raw.substr(0, 4));
    protocol::BodyLimits limits;
    limits.maxDecoded = 64u << 20u;
    limits.maxRatio = 100000;
    return protocol::decodeBody(raw, encoding, limits);
}

}  // namespace

Poco::JSON::Object::Ptr HttpResult::json() const {
    Poco::JSON::Parser parser;
    return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
}

std::string HttpResult::header(const std::string& name) const {
    const auto it = headers.find(Poco::toLower(name));
    return it == headers.end() ? std::string() : it->second;
}

TestCollector::TestCollector(const std::function<void(collector::CollectorConfig&)>& tweak)
    : dir_(makeTempDir()) {
    initializeSslOnce();
    collector::CollectorConfig config;
    config.dataDir = dir_ / "data";
    config.port = 0;
    config.listenAddress = "127.0.0.1";
    config.threads = 4;
    if (tweak) {
        tweak(config);
    }
    std::filesystem::create_directories(config.dataDir);
    service_ = std::make_unique<collector::CollectorService>(config);
    service_->start();
}

TestCollector::~TestCollector() {
    service_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
}

std::string TestCollector::enrolmentToken(std::int64_t lifetimeSeconds,
                                          std::optional<int> maxUses) {
    return service_->registry().createEnrolmentToken("store-1", lifetimeSeconds, maxUses).secret;
}

HttpResult TestCollector::enrolWith(const std::string& token, const std::string& hostname,
                                    std::string* keyPem) {
    const std::string key = pki::generateKeyPem();
    Poco::JSON::Object message;
    message.set("token", token);
    message.set("csr", pki::createCsrPem(key, hostname));
    message.set("hostname", hostname);
    std::ostringstream text;
    message.stringify(text);
    if (keyPem != nullptr) {
        *keyPem = key;
    }
    RequestSpec spec;
    spec.path = "/api/v1/enrol";
    spec.body = text.str();
    return request(spec);
}

DeviceClient TestCollector::enrol(const std::string& hostname) {
    std::string key;
    const HttpResult result = enrolWith(enrolmentToken(), hostname, &key);
    REQUIRE(result.status == 200);
    const auto answer = result.json();
    DeviceClient client;
    client.deviceId = answer->getValue<std::string>("device_id");
    const std::string stem = "device-" + std::to_string(++files_);
    client.keyFile = (dir_ / (stem + ".key")).string();
    client.certificateFile = (dir_ / (stem + ".crt")).string();
    writeFile(client.keyFile, key);
    writeFile(client.certificateFile, answer->getValue<std::string>("certificate"));
    return client;
}

DeviceClient TestCollector::foreignClient(const std::string& deviceId) {
    const pki::Authority other = pki::createAuthority("Someone else's CA", 30);
    const std::string key = pki::generateKeyPem();
    const pki::Issued issued =
        pki::signDeviceCertificate(other, pki::createCsrPem(key, deviceId), deviceId, 30);
    DeviceClient client;
    client.deviceId = deviceId;
    const std::string stem = "foreign-" + std::to_string(++files_);
    client.keyFile = (dir_ / (stem + ".key")).string();
    client.certificateFile = (dir_ / (stem + ".crt")).string();
    writeFile(client.keyFile, key);
    writeFile(client.certificateFile, issued.certificatePem);
    return client;
}

HttpResult TestCollector::request(const RequestSpec& spec) {
    Poco::Net::HTTPSClientSession session("127.0.0.1", service_->port(),
                                          clientContext(service_->authorityFile(), spec.client));
    session.setTimeout(Poco::Timespan(30, 0));
    Poco::Net::HTTPRequest http(spec.method, spec.path, Poco::Net::HTTPMessage::HTTP_1_1);
    bool lengthGiven = false;
    for (const auto& [name, value] : spec.headers) {
        if (Poco::icompare(name, "Content-Length") == 0) {
            http.setContentLength64(std::stoll(value));
            lengthGiven = true;
        } else if (Poco::icompare(name, "Transfer-Encoding") == 0) {
            http.setChunkedTransferEncoding(true);
            lengthGiven = true;
        } else {
            http.set(name, value);
        }
    }
    if (spec.method == "POST" || !spec.body.empty()) {
        http.setContentType(spec.contentType);
        if (!lengthGiven) {
            http.setContentLength64(static_cast<Poco::Int64>(spec.body.size()));
        }
    }
    std::ostream& out = session.sendRequest(http);
    out.write(spec.body.data(), static_cast<std::streamsize>(spec.body.size()));
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    std::string raw;
    Poco::StreamCopier::copyToString(in, raw);
    HttpResult result;
    result.status = static_cast<int>(response.getStatus());
    result.contentType = response.getContentType();
    for (const auto& [name, value] : response) {
        result.headers[Poco::toLower(name)] = value;
    }
    result.body = decodeReply(raw, result.contentType, response.get("Content-Encoding", ""));
    return result;
}

HttpResult TestCollector::post(const DeviceClient& client, const std::string& body,
                               const std::string& contentType,
                               const std::map<std::string, std::string>& headers) {
    RequestSpec spec;
    spec.body = body;
    spec.contentType = contentType;
    spec.headers = headers;
    spec.client = &client;
    return request(spec);
}

HttpResult TestCollector::call(const std::string& method, const std::string& path,
                               const std::string& body, const std::string& apiToken) {
    RequestSpec spec;
    spec.method = method;
    spec.path = path;
    spec.body = body;
    if (!apiToken.empty()) {
        spec.headers["Authorization"] = "Bearer " + apiToken;
    }
    return request(spec);
}

HttpResult TestCollector::get(const std::string& path, const std::string& apiToken) {
    RequestSpec spec;
    spec.method = "GET";
    spec.path = path;
    if (!apiToken.empty()) {
        spec.headers["Authorization"] = "Bearer " + apiToken;
    }
    return request(spec);
}

std::string TestCollector::apiToken() {
    if (apiToken_.empty()) {
        apiToken_ = service_->registry().createApiToken("tests").secret;
    }
    return apiToken_;
}

long long TestCollector::count(const std::string& sql) {
    service_->inventories().flushContacts();  // buffered check-ins, as the API sees them
    Poco::Data::Session session = service_->database().session();
    Poco::Int64 n = 0;
    std::string text = sql;
    session << text, into(n), now;
    return static_cast<long long>(n);
}

std::string inventoryMessage(const std::string& deviceid, const std::string& content,
                             bool partial) {
    return R"({"action":"inventory","deviceid":")" + deviceid + R"(","partial":)" +
           (partial ? "true" : "false") + R"(,"content":)" + content + "}";
}

std::string terminalContent(const Terminal& t) {
    std::string usb = R"({"vendorid":"04b8","productid":"0e03","serial":"TWEF183915",)"
                      R"("name":"TM-T20II"})";
    if (!t.pinPadSerial.empty()) {
        usb += R"(,{"vendorid":"0b00","productid":"0053","name":"iPP320","serial":")" +
               t.pinPadSerial + R"("})";
    }
    return R"({"hardware":{"name":")" + t.name +
           R"(","memory":938,"swap":997},)"
           R"("bios":{"smanufacturer":"Dell Inc.","smodel":"OptiPlex 3000","ssn":")" +
           t.serial +
           R"("},"operatingsystem":{"name":"Debian GNU/Linux","version":"12",)"
           R"x("full_name":"Debian GNU/Linux 12 (bookworm)","arch":"x86_64"},)x"
           R"("cpus":[{"name":")" +
           t.cpu +
           R"(","core":4,"thread":4}],)"
           R"("networks":[{"description":"enp1s0","mac":")" +
           t.mac +
           R"(","type":"ethernet","ipaddress":"192.168.10.23","ipmask":"255.255.255.0"}],)"
           R"("softwares":[{"name":"caja-pos","version":")" +
           t.posVersion +
           R"(","arch":"amd64"},{"name":"bash","version":"5.2.15-2+b8","arch":"amd64"}],)"
           R"("usbdevices":[)" +
           usb + R"(],"versionclient":"Parque-Agent_v0.1"})";
}

std::string readFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot read " + path.string());
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace parque::testing
