// Enrolment over real TLS: tokens turn CSRs into device certificates from the collector's CA;
// expired, used-up, revoked and unknown tokens and bad requests are refused and store nothing.
#include "TestCollector.h"

#include "parque/pki/Pki.h"

#include <catch2/catch.hpp>

#include <utility>
#include <vector>

using parque::testing::DeviceClient;
using parque::testing::HttpResult;
using parque::testing::RequestSpec;
using parque::testing::TestCollector;

namespace {

long long devices(TestCollector& collector) {
    return collector.count("SELECT COUNT(*) FROM devices");
}

std::string errorCode(const HttpResult& result) {
    return result.json()->getObject("error")->getValue<std::string>("code");
}

}  // namespace

TEST_CASE("Enrolment: a token enrols a device with a certificate from the collector's CA",
          "[collector][enrolment]") {
    TestCollector collector;
    const std::string token = collector.enrolmentToken();
    std::string key;
    const HttpResult result = collector.enrolWith(token, "caja03", &key);
    REQUIRE(result.status == 200);
    const auto answer = result.json();
    const std::string deviceId = answer->getValue<std::string>("device_id");
    const std::string certificate = answer->getValue<std::string>("certificate");
    const std::string authority = answer->getValue<std::string>("ca_certificate");
    CHECK(deviceId.size() == 36);
    CHECK(parque::pki::isSignedBy(certificate, authority));
    CHECK(parque::pki::fingerprintSha256(authority) == collector.service().authorityFingerprint());
    const auto info = parque::pki::inspectCertificate(certificate);
    CHECK(info.subjectCommonName == deviceId);
    CHECK(collector.count("SELECT COUNT(*) FROM devices WHERE id = '" + deviceId +
                          "' AND name = 'caja03' AND site = 'store-1' AND status = 'active' "
                          "AND certificate_serial = '" +
                          info.serialHex + "'") == 1);
    const auto tokens = collector.service().registry().enrolmentTokens();
    REQUIRE(tokens.size() == 1);
    CHECK(tokens[0].uses == 1);

    // The certificate works for the intake.
    const DeviceClient device = collector.enrol("caja04");
    CHECK(collector.post(device, R"({"action":"contact"})").status == 200);
    CHECK(devices(collector) == 2);
}

TEST_CASE("Enrolment: an expired token is refused and nothing is stored",
          "[collector][enrolment]") {
    TestCollector collector;
    const std::string token = collector.enrolmentToken(-60);
    const HttpResult result = collector.enrolWith(token, "caja03");
    CHECK((result.status == 401 || result.status == 403));
    CHECK(result.json()->getObject("error")->getValue<std::string>("message").find("expired") !=
          std::string::npos);
    CHECK(devices(collector) == 0);
    CHECK(collector.service().registry().enrolmentTokens().at(0).uses == 0);
}

TEST_CASE("Enrolment: a used-up token is refused and nothing is stored", "[collector][enrolment]") {
    TestCollector collector;
    const std::string token = collector.enrolmentToken(3600, 1);
    REQUIRE(collector.enrolWith(token, "caja03").status == 200);
    const HttpResult second = collector.enrolWith(token, "caja04");
    CHECK((second.status == 401 || second.status == 403));
    CHECK(errorCode(second) != "");
    CHECK(devices(collector) == 1);
    CHECK(collector.count("SELECT COUNT(*) FROM devices WHERE name = 'caja04'") == 0);
    CHECK(collector.service().registry().enrolmentTokens().at(0).uses == 1);
}

TEST_CASE("Enrolment: unknown and revoked tokens are refused", "[collector][enrolment]") {
    TestCollector collector;
    {  // unknown
        const HttpResult result = collector.enrolWith("pqe_not-a-real-token", "caja03");
        CHECK(result.status == 401);
        CHECK(errorCode(result) == "unauthorized");
    }
    {  // revoked
        const auto token = collector.service().registry().createEnrolmentToken("s", 3600, {});
        collector.service().registry().revokeEnrolmentToken(token.id);
        const HttpResult result = collector.enrolWith(token.secret, "caja03");
        CHECK(result.status == 403);
        CHECK(errorCode(result) == "forbidden");
    }
    CHECK(devices(collector) == 0);
}

TEST_CASE("Enrolment: malformed requests are refused with 400", "[collector][enrolment]") {
    TestCollector collector;
    const std::string token = collector.enrolmentToken();
    const std::vector<std::pair<const char*, std::string>> bodies = {
        {"bad JSON", R"({"token":")"},
        {"a missing CSR", R"({"token":")" + token + R"(","hostname":"caja03"})"},
        {"a token that is not a string", R"({"token":42,"csr":"x"})"},
        {"not an object", R"(["token"])"},
        {"a CSR that is not one",
         R"({"token":")" + token + R"(","csr":"-----BEGIN CERTIFICATE REQUEST-----"})"},
    };
    for (const auto& [what, body] : bodies) {
        INFO(what);
        RequestSpec spec;
        spec.path = "/api/v1/enrol";
        spec.body = body;
        const HttpResult result = collector.request(spec);
        CHECK(result.status == 400);
        CHECK(errorCode(result) == "bad_request");
    }
    CHECK(devices(collector) == 0);
    CHECK(collector.service().registry().enrolmentTokens().at(0).uses == 0);
}
