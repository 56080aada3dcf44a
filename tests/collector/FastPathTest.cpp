// The intake's fast paths give the same answers as the general ones: the direct JSON decoder
// against Poco's tree, kept prepared statements, cached replies, buffered check-in times, reads
// that see a revocation made by another process at once, and bodies of one or many chunks.
#include "TestCollector.h"

#include "parque/collector/Database.h"
#include "parque/inventory/JsonCodec.h"
#include "parque/protocol/BodyCodec.h"

#include <Poco/Data/Session.h>
#include <Poco/JSON/Parser.h>

#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <utility>
#include <vector>

using namespace Poco::Data::Keywords;
using parque::collector::Database;
using parque::collector::DatabaseConfig;
using parque::collector::SqlStatement;
using parque::protocol::BodyEncoding;
using parque::testing::inventoryMessage;
using parque::testing::readFile;
using parque::testing::TestCollector;

namespace {

const std::string kZlib = "application/x-compress-zlib";

// What the tree decoder makes of `text`: the inventory's exact JSON, or "error: <message>".
std::string throughTree(const std::string& text) {
    Poco::Dynamic::Var root;
    try {
        Poco::JSON::Parser parser;
        parser.setDepth(32);
        root = parser.parse(text);
    } catch (const Poco::Exception& e) {
        return "error: $: malformed JSON: " + e.message();
    }
    try {
        return parque::inventory::encode(parque::inventory::decodeInventoryTree(root));
    } catch (const parque::inventory::DecodeError& e) {
        return std::string("error: ") + e.what();
    }
}

std::string throughText(const std::string& text) {
    try {
        return parque::inventory::encode(parque::inventory::decodeInventory(text));
    } catch (const parque::inventory::DecodeError& e) {
        return std::string("error: ") + e.what();
    }
}

std::string example() {
    return readFile(std::string(PARQUE_SHARED_EXAMPLES_DIR) + "/computer_1.json");
}

}  // namespace

TEST_CASE("Codec: text decoding gives what Poco's tree gives, value for value and error for error",
          "[collector][codec]") {
    const std::string base =
        R"({"action":"inventory","deviceid":"d-1","content":{"softwares":[)"
        R"({"name":"caf\u00e9 \ud83d\ude00 \"q\" \\ \/","version":"1.0","filesize":12},)"
        R"({"name":"r\u00e9sum\u00e9","arch":"x86_64","publisher":"Soci\u00e9t\u00e9"}],)"
        R"("bios":{"ssn":"S1","bdate":"2020-01-02"},"unknown":[1.5,-2e10,null,{"x":[true]}]}})";
    const std::vector<std::string> documents = {
        example(),
        base,
        R"({"deviceid":"d","content":{}} )",
        R"({"deviceid":"d","content":{},"partial":true,"jobid":-0})",
        // each of these is refused somewhere, by the decoder or by the tree's rules
        R"({"deviceid":"d","content":{"bios":{"bdate":"yesterday"}}})",
        R"({"deviceid":"d","content":{"bios":{"ssn":5}}})",
        R"({"deviceid":"d","content":{"bios":{"ssn":null}}})",
        R"({"deviceid":"d","content":{"softwares":[{"version":"1"}]}})",
        R"({"deviceid":"d","content":{"softwares":{}}})",
        R"({"deviceid":"d","jobid":1.0,"content":{}})",
        R"({"deviceid":"d","jobid":12345678901234567890,"content":{}})",
        R"({"content":{}})",
        R"({"deviceid":"d"})",
        R"({"deviceid":"d","deviceid":"e","content":{}})",
        R"({"deviceid":"d","content":{"bios":{"ssn":"a","ssn":"b"}}})",
        R"({"deviceid":"\ud800","content":{}})",
        R"({"deviceid":"\u0000","content":{}})",
        "{\"deviceid\":\"\xc3\x28\",\"content\":{}}",
        "{\"deviceid\":\"tab\there\",\"content\":{}}",
        R"({"deviceid":"d","content":{}} x)",
        R"({"deviceid":"d","content":{},})",
        R"([{"deviceid":"d","content":{}}])",
        R"({"device\u0069d":"d","content":{}})",
        R"({"deviceid":"d","content":{"a":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}})",
        "",
    };
    for (const std::string& text : documents) {
        INFO(text.substr(0, 200));
        CHECK(throughText(text) == throughTree(text));
    }
    // Damaged copies of a real inventory: cut, bytes changed, characters inserted.
    std::mt19937 random(7);
    const std::string real = base;
    const char* const pieces[] = {"\\u00e9", "\\ud83d", "\"",  ",", "}", "]", "1e400",
                                  "\x01",    "\xff",    "\\x", " ", "-", "0", "\"bdate\":\"x\","};
    for (int round = 0; round < 3000; ++round) {
        std::string text = real;
        const std::size_t at = random() % text.size();
        switch (random() % 3) {
        case 0:
            text.erase(at, 1 + random() % 4);
            break;
        case 1:
            text[at] = static_cast<char>(random() % 256);
            break;
        default:
            text.insert(at, pieces[random() % (sizeof pieces / sizeof *pieces)]);
        }
        INFO(text);
        REQUIRE(throughText(text) == throughTree(text));
    }
}

TEST_CASE("Database: kept statements are reused, and one in use is not handed out twice",
          "[collector][database]") {
    TestCollector collector;
    Database& database = collector.service().database();
    database.write([&](Poco::Data::Session& session) {
        database.prepare(session, "CREATE TEMP TABLE t (n INTEGER)").run();
        for (std::int64_t n = 1; n <= 3; ++n) {
            database.prepare(session, "INSERT INTO t (n) VALUES (?)").bind(1, n).run();
        }
        SqlStatement outer = database.prepare(session, "SELECT n FROM t ORDER BY n");
        REQUIRE(outer.step());
        CHECK(outer.integer(0) == 1);
        {  // the same text while `outer` is open: a statement of its own
            SqlStatement inner = database.prepare(session, "SELECT n FROM t ORDER BY n");
            REQUIRE(inner.step());
            CHECK(inner.integer(0) == 1);
        }
        REQUIRE(outer.step());
        CHECK(outer.integer(0) == 2);
    });
    std::optional<std::string> absent = std::string("x");
    database.read([&](Poco::Data::Session& session) {
        SqlStatement select = database.prepare(session, "SELECT NULL, 'text', 7");
        REQUIRE(select.step());
        absent = select.optionalText(0);
        CHECK(select.text(1) == "text");
        CHECK(select.integer(2) == 7);
        CHECK_FALSE(select.step());
    });
    CHECK_FALSE(absent.has_value());
    CHECK_THROWS_WITH(database.read([&](Poco::Data::Session& session) {
        database.prepare(session, "SELECT * FROM no_such_table").run();
    }),
                      Catch::Contains("no such table"));
}

TEST_CASE("Intake: a revocation written by another process refuses the next request",
          "[collector][intake]") {
    TestCollector collector;
    const auto device = collector.enrol();
    const std::string contact = R"({"action":"contact","deviceid":"pos-01"})";
    REQUIRE(collector.post(device, contact).status == 200);
    {  // what `parque-collector device revoke` does from its own process: a Database of its own
        DatabaseConfig config;
        config.connection = (collector.dir() / "data" / "collector.db").string();
        Database other(config);
        Database::WriteTransaction tx(other);
        std::string id = device.deviceId;
        tx.session() << "UPDATE devices SET status = 'revoked' WHERE id = ?", use(id), now;
        tx.commit();
    }
    const auto refused = collector.post(device, contact);
    CHECK(refused.status == 403);
    CHECK(refused.body.find("revoked") != std::string::npos);
}

TEST_CASE("Intake: a partial inventory's times wait in the buffer and reach the device row",
          "[collector][intake]") {
    TestCollector collector;
    const auto device = collector.enrol();
    const std::string partial =
        inventoryMessage("pos-01", R"({"versionclient":"parque-agent 1.0"})", true);
    {  // no full inventory yet: a full one is asked for
        const auto answer = collector.post(device, partial);
        REQUIRE(answer.status == 200);
        CHECK(answer.json()->getValue<bool>("full_inventory_requested"));
        CHECK(collector.count("SELECT COUNT(*) FROM devices WHERE full_requested = 1") == 1);
        CHECK(collector.count("SELECT COUNT(*) FROM devices WHERE last_inventory IS NOT NULL"
                              " AND last_contact >= last_inventory") == 1);
    }
    const std::string full = inventoryMessage(
        "pos-01", R"({"versionclient":"parque-agent 1.0","hardware":{"name":"pos-01"}})");
    REQUIRE(collector.post(device, full).status == 200);
    CHECK(collector.count("SELECT COUNT(*) FROM devices WHERE full_requested = 0"
                          " AND last_full_inventory = last_inventory") == 1);
    const auto again = collector.post(device, partial);
    REQUIRE(again.status == 200);
    CHECK_FALSE(again.json()->getValue<bool>("full_inventory_requested"));
    CHECK(collector.count("SELECT COUNT(*) FROM devices WHERE full_requested = 0"
                          " AND last_inventory >= last_full_inventory") == 1);
    CHECK(collector.count("SELECT COUNT(*) FROM submissions") == 0);  // no Idempotency-Key sent
}

TEST_CASE("Intake: package rows found once are reused by later devices, never duplicated",
          "[collector][intake]") {
    TestCollector collector;
    auto softwares = [](int first, int last) {
        std::string out = R"({"softwares":[)";
        for (int n = first; n <= last; ++n) {
            out += (n > first ? "," : "") + std::string(R"({"name":"pkg)") + std::to_string(n) +
                   R"(","version":"1.0"})";
        }
        return out + "]}";
    };
    // The first device stores pkg1..pkg5 and the second shares its set; the third finds them on
    // a reader (and keeps their ids) and adds pkg6; the fourth gets pkg1..pkg5 from the cache,
    // looks up only pkg0 and adds it.
    const std::vector<std::pair<int, int>> ranges = {{1, 5}, {1, 5}, {1, 6}, {0, 5}};
    for (std::size_t i = 0; i < ranges.size(); ++i) {
        const auto device = collector.enrol();
        const std::string host = "pos-0" + std::to_string(i + 1);
        REQUIRE(
            collector
                .post(device, inventoryMessage(host, softwares(ranges[i].first, ranges[i].second)))
                .status == 200);
    }
    CHECK(collector.count("SELECT COUNT(*) FROM softwares") == 7);  // pkg0..pkg6, once each
    CHECK(collector.count("SELECT COUNT(*) FROM software_sets") == 3);
    CHECK(collector.count("SELECT COUNT(*) FROM software_set_items") == 5 + 6 + 6);
    CHECK(collector.count("SELECT COUNT(*) FROM software_set_items i"
                          " LEFT JOIN softwares s ON s.id = i.software_id WHERE s.id IS NULL") ==
          0);
    CHECK(collector.count("SELECT COUNT(DISTINCT software_set_id) FROM devices"
                          " WHERE software_set_id IS NOT NULL") == 3);
}

TEST_CASE("Intake: equal answers are equal bytes, in the request's encoding",
          "[collector][intake]") {
    TestCollector collector;
    const auto device = collector.enrol();
    const std::string contact = R"({"action":"contact","deviceid":"pos-01"})";
    for (const BodyEncoding encoding : {BodyEncoding::Zlib, BodyEncoding::Gzip}) {
        const std::string type =
            encoding == BodyEncoding::Zlib ? kZlib : "application/x-compress-gzip";
        const auto body = parque::protocol::encodeBody(contact, encoding);
        const auto first = collector.post(device, body, type);
        const auto second = collector.post(device, body, type);
        REQUIRE(first.status == 200);
        CHECK(first.contentType == type);
        CHECK(first.body == second.body);
        CHECK(first.json()->getObject("tasks")->getObject("inventory")->getValue<bool>("full") ==
              false);
    }
    collector.service().inventories().requestFull(device.deviceId);
    const auto asked = collector.post(device, contact);
    REQUIRE(asked.status == 200);
    CHECK(asked.json()->getObject("tasks")->getObject("inventory")->getValue<bool>("full"));
}

TEST_CASE("BodyCodec: bodies of one chunk and of many decode to what was sent",
          "[collector][bodycodec]") {
    std::mt19937 random(11);
    for (const std::size_t size :
         {0u, 1u, 300u, 65535u, 65536u, 65537u, 200000u, 524287u, 524288u, 524289u, 700000u}) {
        std::string plain(size, ' ');
        for (char& c : plain) {
            c = static_cast<char>('a' + random() % 8);
        }
        for (const BodyEncoding encoding :
             {BodyEncoding::Zlib, BodyEncoding::Gzip, BodyEncoding::Deflate}) {
            INFO(size << " bytes, " << parque::protocol::toString(encoding));
            const std::string encoded = parque::protocol::encodeBody(plain, encoding);
            if (encoding == BodyEncoding::Zlib) {
                REQUIRE(encoded.size() >= 2);
                CHECK(encoded.substr(0, 2) == "\x78\x9c");
            }
            CHECK(parque::protocol::decodeBody(encoded, encoding) == plain);
        }
    }
}
