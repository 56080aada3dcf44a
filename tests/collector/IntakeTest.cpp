// The GLPI protocol intake over real TLS: contact, full and partial inventories, replays,
// refused devices and certificates, and malformed or oversized bodies.
#include "TestCollector.h"

#include "parque/protocol/BodyCodec.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>

#include <zlib.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <vector>

using parque::protocol::BodyEncoding;
using parque::protocol::encodeBody;
using parque::testing::DeviceClient;
using parque::testing::HttpResult;
using parque::testing::inventoryMessage;
using parque::testing::RequestSpec;
using parque::testing::Terminal;
using parque::testing::terminalContent;
using parque::testing::TestCollector;

namespace {

const std::string kContact = R"({"action":"contact","deviceid":"caja03-2026"})";
const std::string kZlib = "application/x-compress-zlib";
const std::string kJson = "application/json";

long long stored(TestCollector& collector, const std::string& table, const std::string& device) {
    return collector.count("SELECT COUNT(*) FROM " + table + " WHERE device_id = '" + device + "'");
}

// Nothing of any inventory reached the database for this device.
void requireNothingStored(TestCollector& collector, const DeviceClient& device) {
    CHECK(stored(collector, "components", device.deviceId) == 0);
    CHECK(stored(collector, "device_sections", device.deviceId) == 0);
    CHECK(stored(collector, "events", device.deviceId) == 0);
    CHECK(stored(collector, "submissions", device.deviceId) == 0);
    CHECK(collector.count("SELECT COUNT(*) FROM devices WHERE last_inventory IS NOT NULL") == 0);
}

std::string errorMessage(const HttpResult& result) {
    return result.json()->getObject("error")->getValue<std::string>("message");
}

// zlib of `size` zero bytes, compressed in a stream so the plain text never exists in memory.
std::string zlibZeros(std::size_t size) {
    z_stream stream{};
    REQUIRE(deflateInit(&stream, Z_BEST_COMPRESSION) == Z_OK);
    std::vector<unsigned char> zeros(1u << 20u, 0);
    std::vector<unsigned char> chunk(1u << 16u);
    std::string out;
    std::size_t left = size;
    int flush = Z_NO_FLUSH;
    do {
        const std::size_t take = std::min(left, zeros.size());
        left -= take;
        flush = left == 0 ? Z_FINISH : Z_NO_FLUSH;
        stream.next_in = zeros.data();
        stream.avail_in = static_cast<uInt>(take);
        do {
            stream.next_out = chunk.data();
            stream.avail_out = static_cast<uInt>(chunk.size());
            REQUIRE(deflate(&stream, flush) != Z_STREAM_ERROR);
            out.append(reinterpret_cast<const char*>(chunk.data()),
                       chunk.size() - stream.avail_out);
        } while (stream.avail_out == 0);
    } while (flush != Z_FINISH);
    deflateEnd(&stream);
    return out;
}

}  // namespace

TEST_CASE("Intake: an enrolled device's contact is answered ok with an expiration of 24",
          "[collector][intake]") {
    TestCollector collector;
    const DeviceClient device = collector.enrol();
    CHECK(collector.count("SELECT COUNT(*) FROM devices WHERE last_contact IS NOT NULL") == 0);

    const HttpResult plain = collector.post(device, kContact);
    REQUIRE(plain.status == 200);
    CHECK(plain.contentType.find("application/json") == 0);
    const auto answer = plain.json();
    CHECK(answer->getValue<std::string>("status") == "ok");
    CHECK(answer->get("expiration").isInteger());
    CHECK(answer->getValue<int>("expiration") == 24);
    CHECK(answer->getObject("tasks")->getObject("inventory")->getValue<bool>("full") == false);
    CHECK(collector.count("SELECT COUNT(*) FROM devices WHERE last_contact IS NOT NULL") == 1);

    {  // a zlib request gets a zlib reply
        const HttpResult zlib =
            collector.post(device, encodeBody(kContact, BodyEncoding::Zlib), kZlib);
        REQUIRE(zlib.status == 200);
        CHECK(zlib.contentType == kZlib);
        CHECK(zlib.json()->getValue<std::string>("status") == "ok");
        CHECK(zlib.json()->getValue<int>("expiration") == 24);
    }
    {  // a gzip request gets a gzip reply
        const std::string gzip = "application/x-compress-gzip";
        const HttpResult reply =
            collector.post(device, encodeBody(kContact, BodyEncoding::Gzip), gzip);
        REQUIRE(reply.status == 200);
        CHECK(reply.contentType == gzip);
        CHECK(reply.json()->getValue<std::string>("status") == "ok");
    }
}

TEST_CASE("Intake: every shared GLPI example is accepted, the partial ones after the full one",
          "[collector][intake]") {
    std::vector<std::filesystem::path> examples;
    for (const auto& entry : std::filesystem::directory_iterator(PARQUE_SHARED_EXAMPLES_DIR)) {
        if (entry.path().extension() == ".json") {
            examples.push_back(entry.path());
        }
    }
    REQUIRE(examples.size() >= 2);
    // Full inventories first, then the partial ones, each group by name.
    std::sort(examples.begin(), examples.end(), [](const auto& a, const auto& b) {
        const bool pa = a.filename().string().find("partial") != std::string::npos;
        const bool pb = b.filename().string().find("partial") != std::string::npos;
        return pa != pb ? pb : a < b;
    });
    TestCollector collector;
    const DeviceClient device = collector.enrol();
    int full = 0;
    for (const auto& path : examples) {
        INFO(path.filename().string());
        const std::string text = parque::testing::readFile(path);
        const bool partial = text.find("\"partial\": true") != std::string::npos ||
                             text.find("\"partial\":true") != std::string::npos;
        full += partial ? 0 : 1;
        // Alternate the encodings: zlib for full inventories, plain for partial ones.
        const HttpResult result =
            partial ? collector.post(device, text)
                    : collector.post(device, encodeBody(text, BodyEncoding::Zlib), kZlib);
        REQUIRE(result.status == 200);
        const auto answer = result.json();
        CHECK(answer->getValue<std::string>("status") == "ok");
        CHECK(answer->getValue<bool>("duplicate") == false);
        CHECK(answer->getValue<bool>("full_inventory_requested") == false);
    }
    REQUIRE(full >= 1);
    CHECK(collector.count("SELECT COUNT(*) FROM devices WHERE last_full_inventory IS NOT NULL") ==
          1);
    CHECK(collector.count("SELECT COUNT(*) FROM components WHERE closed_at IS NULL AND "
                          "section = 'usbdevices'") == 9);
    // The partial software inventory (computer_1_partial_softs) updated gitg.
    const auto detail = collector.get("/api/v1/devices/" + device.deviceId, collector.apiToken());
    REQUIRE(detail.status == 200);
    CHECK(detail.body.find("3.33.0-1.fc31") != std::string::npos);
    CHECK(detail.body.find("3.32.1-1.fc31") == std::string::npos);
    CHECK(detail.json()->getObject("device")->getValue<std::string>("serial") == "640HP72");
}

TEST_CASE("Intake: a partial inventory changes only its own sections", "[collector][intake]") {
    TestCollector collector;
    const DeviceClient device = collector.enrol();
    REQUIRE(collector.post(device, inventoryMessage("caja03", terminalContent({}))).status == 200);
    const long long current = collector.count(
        "SELECT COUNT(*) FROM components WHERE closed_at IS NULL AND section <> 'cpus'");
    REQUIRE(current > 0);

    Terminal changed;
    changed.cpu = "Intel(R) Celeron(R) N5105 @ 2.00GHz";
    const std::string partial = R"({"cpus":[{"name":")" + changed.cpu +
                                R"(","core":4,"thread":4}],"versionclient":"Parque-Agent_v0.1"})";
    const HttpResult result = collector.post(device, inventoryMessage("caja03", partial, true));
    REQUIRE(result.status == 200);
    CHECK(result.json()->getValue<bool>("full_inventory_requested") == false);

    // Only the CPU row was replaced; everything else is still current and untouched.
    CHECK(collector.count("SELECT COUNT(*) FROM components WHERE closed_at IS NOT NULL") == 1);
    CHECK(collector.count("SELECT COUNT(*) FROM components WHERE closed_at IS NOT NULL AND "
                          "section = 'cpus'") == 1);
    CHECK(collector.count("SELECT COUNT(*) FROM components WHERE closed_at IS NULL AND "
                          "section <> 'cpus'") == current);
    CHECK(collector.count("SELECT COUNT(*) FROM events WHERE section <> 'cpus'") == 0);
    // The CPU's key is its name: the old one removed, the new one added.
    CHECK(collector.count("SELECT COUNT(*) FROM events WHERE section = 'cpus' AND type = "
                          "'removed'") == 1);
    CHECK(collector.count("SELECT COUNT(*) FROM events WHERE section = 'cpus' AND type = "
                          "'added'") == 1);
    CHECK(collector.count("SELECT COUNT(*) FROM events") == 2);
    CHECK(collector.count("SELECT COUNT(*) FROM devices WHERE software_set_id IS NOT NULL") == 1);
    const auto detail = collector.get("/api/v1/devices/" + device.deviceId, collector.apiToken());
    REQUIRE(detail.status == 200);
    const auto inventory = detail.json()->getObject("inventory");
    CHECK(inventory->getArray("softwares")->size() == 2);
    CHECK(inventory->getArray("usbdevices")->size() == 2);
    CHECK(inventory->getObject("bios")->getValue<std::string>("ssn") == "5QK2X31");
    CHECK(detail.body.find("N5105") != std::string::npos);
    CHECK(detail.body.find("J4125") == std::string::npos);
}

TEST_CASE("Intake: a replayed submission is acknowledged as duplicate and applied once",
          "[collector][intake]") {
    TestCollector collector;
    const DeviceClient device = collector.enrol();
    REQUIRE(collector.post(device, inventoryMessage("caja03", terminalContent({}))).status == 200);
    Terminal v2;
    v2.posVersion = "4.12.4-1";
    const std::map<std::string, std::string> key = {{"Idempotency-Key", "submission-0002"}};
    const HttpResult first =
        collector.post(device, inventoryMessage("caja03", terminalContent(v2)), kJson, key);
    REQUIRE(first.status == 200);
    CHECK(first.json()->getValue<bool>("duplicate") == false);
    const long long events = stored(collector, "events", device.deviceId);
    CHECK(events == 1);

    // The same key again, even with other content (a retry after a lost reply): nothing applied.
    Terminal v3;
    v3.posVersion = "9.9.9-9";
    const HttpResult replay =
        collector.post(device, inventoryMessage("caja03", terminalContent(v3)), kJson, key);
    REQUIRE(replay.status == 200);
    CHECK(replay.json()->getValue<std::string>("status") == "ok");
    CHECK(replay.json()->getValue<bool>("duplicate") == true);
    CHECK(stored(collector, "events", device.deviceId) == events);
    CHECK(stored(collector, "submissions", device.deviceId) == 1);
    const auto detail = collector.get("/api/v1/devices/" + device.deviceId, collector.apiToken());
    CHECK(detail.body.find("4.12.4-1") != std::string::npos);
    CHECK(detail.body.find("9.9.9-9") == std::string::npos);

    // A new key is a new submission.
    const HttpResult fresh = collector.post(device, inventoryMessage("caja03", terminalContent(v3)),
                                            kJson, {{"Idempotency-Key", "submission-0003"}});
    REQUIRE(fresh.status == 200);
    CHECK(fresh.json()->getValue<bool>("duplicate") == false);
    CHECK(stored(collector, "events", device.deviceId) == events + 1);
}

TEST_CASE("Intake: a revoked device is refused with 403", "[collector][intake]") {
    TestCollector collector;
    const DeviceClient device = collector.enrol();
    REQUIRE(collector.post(device, kContact).status == 200);
    collector.service().registry().revokeDevice(device.deviceId);
    const HttpResult contact = collector.post(device, kContact);
    CHECK(contact.status == 403);
    CHECK(contact.json()->getObject("error")->getValue<std::string>("code") == "forbidden");
    const HttpResult inventory =
        collector.post(device, inventoryMessage("caja03", terminalContent({})));
    CHECK(inventory.status == 403);
    requireNothingStored(collector, device);
}

TEST_CASE("Intake: a request without a client certificate is refused with 401",
          "[collector][intake]") {
    TestCollector collector;
    const DeviceClient device = collector.enrol();
    RequestSpec spec;
    spec.body = inventoryMessage("caja03", terminalContent({}));
    const HttpResult result = collector.request(spec);
    CHECK(result.status == 401);
    CHECK(result.json()->getObject("error")->getValue<std::string>("code") == "unauthorized");
    requireNothingStored(collector, device);
}

TEST_CASE("Intake: a certificate from another CA is refused", "[collector][intake]") {
    TestCollector collector;
    const DeviceClient device = collector.enrol();
    // Same device id as the enrolled one, but signed by someone else's CA.
    const DeviceClient forged = collector.foreignClient(device.deviceId);
    bool refused = false;
    try {
        const HttpResult result =
            collector.post(forged, inventoryMessage("caja03", terminalContent({})));
        INFO("status " << result.status);
        refused = result.status >= 400 && result.status < 500;
    } catch (const Poco::Exception&) {
        refused = true;  // the TLS handshake failed
    }
    CHECK(refused);
    requireNothingStored(collector, device);
    CHECK(collector.count("SELECT COUNT(*) FROM devices WHERE last_contact IS NOT NULL") == 0);
}

TEST_CASE("Intake: malformed bodies are refused with 4xx and nothing is stored",
          "[collector][intake]") {
    TestCollector collector;
    const DeviceClient device = collector.enrol();
    const std::string good = inventoryMessage("caja03", terminalContent({}));

    // One collector for all cases: each must be refused and leave the database as it was.
    const auto check = [&](const char* what, const HttpResult& r, int status) {
        INFO(what << ": " << r.status << " " << r.body);
        CHECK(r.status == status);
        CHECK(r.json()->getObject("error")->getValue<std::string>("code") ==
              (status == 413   ? "payload_too_large"
               : status == 415 ? "unsupported_media_type"
                               : "bad_request"));
        requireNothingStored(collector, device);
    };
    check("bad JSON", collector.post(device, good.substr(0, good.size() / 2)), 400);
    check("not an object", collector.post(device, R"(["action","inventory"])"), 400);
    const HttpResult action = collector.post(device, R"({"action":"prolog"})");
    check("an unknown action", action, 400);
    CHECK(errorMessage(action).find("$.action") != std::string::npos);

    std::string bad = good;
    const std::string memory = R"("memory":938)";
    REQUIRE(bad.find(memory) != std::string::npos);
    bad.replace(bad.find(memory), memory.size(), R"("memory":"lots")");
    const HttpResult wrongType = collector.post(device, bad);
    check("a wrong type", wrongType, 400);
    CHECK(errorMessage(wrongType).find("$.content.hardware.memory") != std::string::npos);

    const std::string zlib = encodeBody(good, BodyEncoding::Zlib);
    check("truncated zlib", collector.post(device, zlib.substr(0, zlib.size() / 2), kZlib), 400);
    check("plain text labelled zlib", collector.post(device, good, kZlib), 400);
    const std::string bomb = zlibZeros(200u << 20u);
    REQUIRE(bomb.size() < (1u << 20u));
    check("200 MB of zeros", collector.post(device, bomb, kZlib), 413);
    check("unsupported media type", collector.post(device, good, "application/x-bzip2"), 415);

    // The same device's good inventory is still accepted afterwards.
    REQUIRE(collector.post(device, good).status == 200);
    CHECK(stored(collector, "components", device.deviceId) > 0);
}

TEST_CASE("Intake: bodies over 8 MiB are refused with 413", "[collector][intake]") {
    TestCollector collector;
    const DeviceClient device = collector.enrol();
    {  // announced by Content-Length
        RequestSpec spec;
        spec.client = &device;
        spec.body = R"({"action":"contact"})";
        spec.headers["Content-Length"] = std::to_string((8u << 20u) + 1u);
        const HttpResult r = collector.request(spec);
        CHECK(r.status == 413);
        CHECK(r.json()->getObject("error")->getValue<std::string>("code") == "payload_too_large");
    }
    {  // streamed without a length
        INFO("chunked");
        RequestSpec spec;
        spec.client = &device;
        const std::string head = R"({"action":"contact","padding":")";
        spec.body = head + std::string((8u << 20u) + 1u - head.size() - 2u, 'x') + "\"}";
        REQUIRE(spec.body.size() == (8u << 20u) + 1u);
        spec.headers["Transfer-Encoding"] = "chunked";
        const HttpResult r = collector.request(spec);
        CHECK(r.status == 413);
    }
    CHECK(collector.count("SELECT COUNT(*) FROM devices WHERE last_contact IS NOT NULL") == 0);
}
