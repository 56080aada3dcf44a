// The legacy XML intake over real TLS: off by default, restricted by network and HTTP Basic
// credentials, replies mirrored, inventories stored like any other.
#include "TestCollector.h"
#include "parque/protocol/BodyCodec.h"

#include <catch2/catch.hpp>

namespace parque::testing {
namespace {

std::string capture(const std::string& agent, const std::string& file) {
    return readFile(std::string(PARQUE_FIXTURES_DIR) + "/legacy-agents/" + agent + "/" + file);
}

RequestSpec ocsPost(const std::string& path, const std::string& xml) {
    RequestSpec spec;
    spec.path = path;
    spec.body = protocol::encodeBody(xml, protocol::BodyEncoding::Zlib);
    spec.contentType = "application/x-compress";  // how OCS labels its zlib bodies
    return spec;
}

void enableLegacy(collector::CollectorConfig& config) {
    config.legacy.enabled = true;
    config.legacy.networks = {"127.0.0.0/8"};
    config.legacy.username = "inventario";
    config.legacy.password = "s3creto-largo";
}

}  // namespace

TEST_CASE("Legacy intake: off by default", "[collector][legacy]") {
    TestCollector collector;
    const std::string prolog = capture("ocsinventory-2.10", "PROLOG.request.xml");
    CHECK(collector.request(ocsPost("/ocsinventory", prolog)).status == 404);
    // At the GLPI root path the JSON intake answers: a certificate is required.
    CHECK(collector.request(ocsPost("/", prolog)).status == 401);
    CHECK(collector.count("SELECT COUNT(*) FROM devices") == 0);
}

TEST_CASE("Legacy intake: Basic credentials, source network, mirrored replies, stored inventory",
          "[collector][legacy]") {
    SECTION("credentials and network") {
        TestCollector collector(enableLegacy);
        const std::string prolog = capture("ocsinventory-2.10", "PROLOG.request.xml");
        const HttpResult anonymous = collector.request(ocsPost("/ocsinventory", prolog));
        CHECK(anonymous.status == 401);
        CHECK(anonymous.header("WWW-Authenticate").rfind("Basic realm=", 0) == 0);
        RequestSpec wrong = ocsPost("/ocsinventory", prolog);
        wrong.headers["Authorization"] = "Basic aW52ZW50YXJpbzpub3Bl";  // inventario:nope
        CHECK(collector.request(wrong).status == 401);
    }
    SECTION("a network that is not allowed") {
        TestCollector collector([](collector::CollectorConfig& config) {
            enableLegacy(config);
            config.legacy.networks = {"10.0.0.0/8", "::1/128"};
        });
        RequestSpec spec =
            ocsPost("/ocsinventory", capture("ocsinventory-2.10", "PROLOG.request.xml"));
        spec.headers["Authorization"] = "Basic aW52ZW50YXJpbzpzM2NyZXRvLWxhcmdv";
        CHECK(collector.request(spec).status == 403);
    }
    SECTION("PROLOG then INVENTORY, twice: one device, no history") {
        TestCollector collector(enableLegacy);
        for (int run = 0; run < 2; ++run) {
            for (const char* file : {"PROLOG.request.xml", "INVENTORY.request.xml"}) {
                RequestSpec spec = ocsPost("/ocsinventory", capture("ocsinventory-2.10", file));
                spec.headers["Authorization"] = "Basic aW52ZW50YXJpbzpzM2NyZXRvLWxhcmdv";
                const HttpResult reply = collector.request(spec);
                INFO(file << ": " << reply.body);
                REQUIRE(reply.status == 200);
                CHECK(reply.contentType == "application/x-compress");
                CHECK(reply.body.find("<REPLY>") != std::string::npos);
            }
        }
        CHECK(collector.count("SELECT COUNT(*) FROM devices") == 1);
        CHECK(collector.count("SELECT COUNT(*) FROM devices WHERE site = 'legacy'") == 1);
        CHECK(collector.count("SELECT COUNT(*) FROM softwares") > 800);
        CHECK(collector.count("SELECT COUNT(*) FROM events") == 0);
    }
    SECTION("malformed XML is refused and nothing is stored") {
        TestCollector collector(enableLegacy);
        RequestSpec spec = ocsPost("/ocsinventory", "<?xml version=\"1.0\"?><REQUEST><QUERY>INV");
        spec.headers["Authorization"] = "Basic aW52ZW50YXJpbzpzM2NyZXRvLWxhcmdv";
        CHECK(collector.request(spec).status == 400);
        CHECK(collector.count("SELECT COUNT(*) FROM devices") == 0);
    }
}

}  // namespace parque::testing
