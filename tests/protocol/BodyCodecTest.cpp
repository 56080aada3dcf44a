#include "parque/protocol/BodyCodec.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <new>
#include <random>
#include <sstream>
#include <string>
#include <vector>

// Counts what operator new hands out while `tracking` is set, so the bomb tests can show that
// decoding never holds the decoded bytes of a refused body.
namespace {
std::atomic<bool> tracking{false};
std::atomic<std::size_t> trackedTotal{0};
std::atomic<std::size_t> trackedLargest{0};
}  // namespace

// Every non-aligned form is replaced, so each block is freed by the allocator that made it.
namespace {
void* trackedAllocate(std::size_t size) noexcept {
    if (tracking.load()) {
        trackedTotal += size;
        std::size_t largest = trackedLargest.load();
        while (size > largest && !trackedLargest.compare_exchange_weak(largest, size)) {
        }
    }
    return std::malloc(size == 0 ? 1 : size);
}
void* trackedAllocateOrThrow(std::size_t size) {
    if (void* block = trackedAllocate(size)) {
        return block;
    }
    throw std::bad_alloc();
}
}  // namespace

void* operator new(std::size_t size) { return trackedAllocateOrThrow(size); }
void* operator new[](std::size_t size) { return trackedAllocateOrThrow(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    return trackedAllocate(size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
    return trackedAllocate(size);
}
void operator delete(void* block) noexcept { std::free(block); }
void operator delete[](void* block) noexcept { std::free(block); }
void operator delete(void* block, std::size_t) noexcept { std::free(block); }
void operator delete[](void* block, std::size_t) noexcept { std::free(block); }
void operator delete(void* block, const std::nothrow_t&) noexcept { std::free(block); }
void operator delete[](void* block, const std::nothrow_t&) noexcept { std::free(block); }

using parque::protocol::BodyEncoding;
using parque::protocol::BodyError;
using parque::protocol::BodyLimits;
using parque::protocol::decodeBody;
using parque::protocol::encodeBody;
using parque::protocol::encodingOf;
using parque::protocol::replyContentEncoding;
using parque::protocol::replyContentType;

namespace {

constexpr BodyEncoding kCompressed[] = {BodyEncoding::Zlib, BodyEncoding::Gzip,
                                        BodyEncoding::Deflate};

// Text that compresses about 2:1: random hex digits.
std::string randomHex(std::size_t size, unsigned seed) {
    std::mt19937 engine(seed);
    std::uniform_int_distribution<int> digit(0, 15);
    std::string out(size, '0');
    for (char& c : out) {
        c = "0123456789abcdef"[digit(engine)];
    }
    return out;
}

std::string sampleJson() {
    std::string out = R"({"action":"inventory","deviceid":"pos-0042","content":{"softwares":[)";
    for (int i = 0; i < 2000; ++i) {
        out += R"({"name":"package-)" + std::to_string(i) + R"(","version":"1.)" +
               std::to_string(i % 17) + R"("},)";
    }
    out += std::string("\0\x01\xff binary tail", 15) + "]}}";
    return out;
}

std::string readFixture(const std::string& relative) {
    std::ifstream in(std::string(PARQUE_FIXTURES_DIR) + "/" + relative, std::ios::binary);
    REQUIRE(in.good());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

template <typename Call>
void requireBodyError(Call&& call, int status, const std::string& message) {
    try {
        call();
    } catch (const BodyError& error) {
        CHECK(error.status() == status);
        CHECK_THAT(error.what(), Catch::Contains(message));
        return;
    }
    FAIL("expected BodyError " << status << " '" << message << "'");
}

struct Tracked {
    bool refused = false;
    int status = 0;
    std::size_t total = 0;
    std::size_t largest = 0;
    double seconds = 0;
};

Tracked decodeTracked(const std::string& raw, BodyEncoding encoding, const BodyLimits& limits) {
    Tracked result;
    trackedTotal = 0;
    trackedLargest = 0;
    const auto start = std::chrono::steady_clock::now();
    tracking = true;
    try {
        decodeBody(raw, encoding, limits);
    } catch (const BodyError& error) {
        result.refused = true;
        result.status = error.status();
    }
    tracking = false;
    result.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result.total = trackedTotal;
    result.largest = trackedLargest;
    return result;
}

const std::string& zeroBomb() {  // 64 MiB of zeros, about 64 KB compressed
    static const std::string bomb = encodeBody(std::string(64u << 20u, '\0'), BodyEncoding::Zlib);
    return bomb;
}

}  // namespace

TEST_CASE("BodyCodec: every encoding round-trips", "[protocol][bodycodec]") {
    const std::string plain = sampleJson();
    CHECK(decodeBody(encodeBody(plain, BodyEncoding::Plain), BodyEncoding::Plain) == plain);
    for (BodyEncoding encoding : kCompressed) {
        INFO(parque::protocol::toString(encoding));
        const std::string encoded = encodeBody(plain, encoding);
        CHECK(encoded.size() < plain.size() / 4);
        CHECK(decodeBody(encoded, encoding) == plain);
        CHECK(decodeBody(encodeBody("", encoding), encoding).empty());
    }
}

TEST_CASE("BodyCodec: compressed replies use zlib's default level", "[protocol][bodycodec]") {
    const std::string zlib = encodeBody("<REPLY></REPLY>", BodyEncoding::Zlib);
    REQUIRE(zlib.size() > 2);
    CHECK(static_cast<unsigned char>(zlib[0]) == 0x78);
    CHECK(static_cast<unsigned char>(zlib[1]) == 0x9c);  // 78 da (level 9) breaks FusionInventory
    const std::string gzip = encodeBody("<REPLY></REPLY>", BodyEncoding::Gzip);
    CHECK(gzip.substr(0, 3) == "\x1f\x8b\x08");
    const std::string deflate = encodeBody("<REPLY></REPLY>", BodyEncoding::Deflate);
    CHECK(zlib.substr(2, deflate.size()) == deflate);  // raw deflate: no header, no trailer
}

TEST_CASE("BodyCodec: every content-type label maps to its encoding", "[protocol][bodycodec]") {
    const std::string zlibBytes = encodeBody("x", BodyEncoding::Zlib);
    const std::string rawBytes = encodeBody("x", BodyEncoding::Deflate);
    struct Case {
        const char* type;
        const char* coding;
        BodyEncoding expected;
    };
    const Case cases[] = {
        {"application/json", "", BodyEncoding::Plain},
        {"application/json; charset=utf-8", "", BodyEncoding::Plain},
        {"application/xml", "", BodyEncoding::Plain},
        {"Text/XML; charset=\"UTF-8\"", " identity ", BodyEncoding::Plain},
        {"application/x-compress-zlib", "", BodyEncoding::Zlib},
        {"APPLICATION/X-COMPRESS-ZLIB ", "", BodyEncoding::Zlib},
        {"application/x-zlib", "", BodyEncoding::Zlib},
        {"application/x-compress-gzip", "", BodyEncoding::Gzip},
        {"application/x-gzip", "", BodyEncoding::Gzip},
        {"application/x-compress-deflate", "", BodyEncoding::Deflate},
        {"application/json", "gzip", BodyEncoding::Gzip},
        {"application/xml", "X-GZIP", BodyEncoding::Gzip},
        {"application/json", "deflate", BodyEncoding::Zlib},
    };
    for (const Case& c : cases) {
        INFO(c.type << " / " << c.coding);
        CHECK(encodingOf(c.type, c.coding, zlibBytes) == c.expected);
    }
    CHECK(encodingOf("application/json", "deflate", rawBytes) == BodyEncoding::Deflate);
    requireBodyError([] { encodingOf("text/html; charset=utf-8", "", "<"); }, 415,
                     "unsupported content type 'text/html'");
    requireBodyError([] { encodingOf("", "", "{"); }, 415, "unsupported content type ''");
    requireBodyError([] { encodingOf("application/json", "br", "{"); }, 415,
                     "unsupported content encoding 'br'");
    requireBodyError([&] { encodingOf("application/x-compress-zlib", "gzip", zlibBytes); }, 415,
                     "on the compressed content type");
    requireBodyError([] { encodingOf(std::string(500, '\x01'), "", ""); }, 415, "???...'");
}

TEST_CASE("BodyCodec: application/x-compress is told apart by its first bytes",
          "[protocol][bodycodec]") {
    const std::string zlib = encodeBody("<REQUEST/>", BodyEncoding::Zlib);
    CHECK(encodingOf("application/x-compress", "", zlib) == BodyEncoding::Zlib);
    CHECK(encodingOf("application/x-compress", "", "\x78\xda") == BodyEncoding::Zlib);
    CHECK(encodingOf("application/x-compress", "", "\x78\x01") == BodyEncoding::Zlib);
    CHECK(encodingOf("application/x-compress", "", "\x48\x89") == BodyEncoding::Zlib);  // 4 KiB
    const std::string gzip = encodeBody("<REQUEST/>", BodyEncoding::Gzip);
    CHECK(encodingOf("Application/X-Compress; foo=bar", "", gzip) == BodyEncoding::Gzip);
    const std::string rejects[] = {"<?xml", "\x78\x9d", "\x78", "", "\x1f", "\x88\x98"};
    for (const std::string& bytes : rejects) {
        requireBodyError([&] { encodingOf("application/x-compress", "", bytes); }, 400,
                         "neither zlib nor gzip");
    }
}

TEST_CASE("BodyCodec: replies mirror the request's label", "[protocol][bodycodec]") {
    CHECK(replyContentType(BodyEncoding::Zlib, "application/x-compress", "application/xml") ==
          "application/x-compress");
    CHECK(replyContentType(BodyEncoding::Gzip, "application/x-compress", "application/xml") ==
          "application/x-compress");
    CHECK(replyContentType(BodyEncoding::Zlib, "application/x-compress-zlib", "application/xml") ==
          "application/x-compress-zlib");
    CHECK(replyContentType(BodyEncoding::Zlib, "Application/X-Zlib; a=b", "application/json") ==
          "application/x-zlib");
    CHECK(replyContentType(BodyEncoding::Gzip, "application/x-gzip", "application/json") ==
          "application/x-gzip");
    CHECK(replyContentType(BodyEncoding::Deflate, "application/x-compress-deflate", "x") ==
          "application/x-compress-deflate");
    CHECK(replyContentType(BodyEncoding::Plain, "text/xml", "application/xml") ==
          "application/xml");
    CHECK(replyContentType(BodyEncoding::Gzip, "application/json", "application/json") ==
          "application/json");
    CHECK(replyContentType(BodyEncoding::Gzip, "bogus", "application/json") ==
          "application/x-compress-gzip");
    CHECK(replyContentEncoding(" GZip ") == "gzip");
    CHECK(replyContentEncoding("identity").empty());
    CHECK(replyContentEncoding("").empty());
    CHECK(std::string(parque::protocol::toString(BodyEncoding::Deflate)) == "deflate");
}

TEST_CASE("BodyCodec: every truncation of a stream is a 400", "[protocol][bodycodec]") {
    const std::string plain = randomHex(3000, 7);
    for (BodyEncoding encoding : kCompressed) {
        const std::string name = parque::protocol::toString(encoding);
        const std::string encoded = encodeBody(plain, encoding);
        for (std::size_t length = 0; length < encoded.size(); ++length) {
            INFO(name << " cut at " << length << " of " << encoded.size());
            requireBodyError([&] { decodeBody(encoded.substr(0, length), encoding); }, 400,
                             "truncated " + name + " stream");
        }
    }
}

TEST_CASE("BodyCodec: garbage and trailing data are a 400", "[protocol][bodycodec]") {
    const std::string garbage = randomHex(4096, 3);
    requireBodyError([&] { decodeBody(garbage, BodyEncoding::Zlib); }, 400, "corrupt zlib");
    requireBodyError([&] { decodeBody(garbage, BodyEncoding::Gzip); }, 400, "corrupt gzip");
    std::string flipped = encodeBody(sampleJson(), BodyEncoding::Zlib);
    flipped[flipped.size() - 2] = static_cast<char>(flipped[flipped.size() - 2] ^ 0x10);
    requireBodyError([&] { decodeBody(flipped, BodyEncoding::Zlib); }, 400, "incorrect data check");
    for (BodyEncoding encoding : kCompressed) {
        const std::string encoded = encodeBody("{}", encoding);
        requireBodyError([&] { decodeBody(encoded + "\n", encoding); }, 400,
                         "1 bytes of trailing data");
        requireBodyError([&] { decodeBody(encoded + encoded, encoding); }, 400, "trailing data");
    }
}

TEST_CASE("BodyCodec: a compression bomb is refused quickly in bounded memory",
          "[protocol][bodycodec]") {
    const std::string& bomb = zeroBomb();
    CHECK(bomb.size() < 100000);
    SECTION("by the ratio limit") {
        const Tracked result = decodeTracked(bomb, BodyEncoding::Zlib, BodyLimits{});
        CHECK(result.refused);
        CHECK(result.status == 413);
        CHECK(result.largest <= (64u << 10u));
        CHECK(result.total < (1u << 20u));
        CHECK(result.seconds < 2.0);
    }
    SECTION("by maxDecoded when the ratio limit is off") {
        BodyLimits limits;
        limits.maxRatio = 1u << 20u;
        const Tracked result = decodeTracked(bomb, BodyEncoding::Zlib, limits);
        CHECK(result.refused);
        CHECK(result.status == 413);
        CHECK(result.largest <= (64u << 10u));
        CHECK(result.total < (1u << 20u));
        requireBodyError([&] { decodeBody(bomb, BodyEncoding::Zlib, limits); }, 413,
                         "decoded body exceeds 8388608 bytes");
    }
    SECTION("an accepted body is allocated once at its size") {
        const std::string plain = randomHex(3u << 20u, 11);
        const Tracked result =
            decodeTracked(encodeBody(plain, BodyEncoding::Gzip), BodyEncoding::Gzip, {});
        CHECK_FALSE(result.refused);
        CHECK(result.largest == plain.size() + 1);
        CHECK(result.total < plain.size() + (1u << 20u));
    }
}

TEST_CASE("BodyCodec: the compression ratio is limited above the floor", "[protocol][bodycodec]") {
    const std::string twoMiB = encodeBody(std::string(2u << 20u, ' '), BodyEncoding::Zlib);
    CHECK(twoMiB.size() < 4096);
    requireBodyError([&] { decodeBody(twoMiB, BodyEncoding::Zlib); }, 413,
                     "compression ratio exceeds 100:1");
    const std::string oneMiB = encodeBody(std::string(1u << 20u, ' '), BodyEncoding::Deflate);
    CHECK(decodeBody(oneMiB, BodyEncoding::Deflate).size() == (1u << 20u));  // at the floor
    BodyLimits strict;
    strict.ratioFloor = 0;
    strict.maxRatio = 5;
    const std::string json = sampleJson();
    requireBodyError(
        [&] { decodeBody(encodeBody(json, BodyEncoding::Gzip), BodyEncoding::Gzip, strict); }, 413,
        "compression ratio exceeds 5:1");
}

TEST_CASE("BodyCodec: bodies over maxDecoded are a 413", "[protocol][bodycodec]") {
    const std::string plain = randomHex(3u << 20u, 5);
    BodyLimits limits;
    limits.maxDecoded = 2u << 20u;
    for (BodyEncoding encoding : kCompressed) {
        const std::string encoded = encodeBody(plain, encoding);
        CHECK(encoded.size() > plain.size() / 3);  // an ordinary ratio
        requireBodyError([&] { decodeBody(encoded, encoding, limits); }, 413,
                         "decoded body exceeds 2097152 bytes");
        CHECK(decodeBody(encoded, encoding).size() == plain.size());
    }
    requireBodyError([&] { decodeBody(plain, BodyEncoding::Plain, limits); }, 413,
                     "body exceeds 2097152 bytes");
}

// The captures hold the XML the agents sent, already inflated and without HTTP headers; the
// agents compress it with zlib at the default level under these labels (docs in BRIEF.md).
TEST_CASE("BodyCodec: legacy agent captures travel under their agents' labels",
          "[protocol][bodycodec]") {
    struct Agent {
        const char* dir;
        const char* label;
    };
    const Agent agents[] = {{"legacy-agents/fusioninventory-2.6", "application/x-compress-zlib"},
                            {"legacy-agents/ocsinventory-2.10", "application/x-compress"}};
    for (const Agent& agent : agents) {
        for (const char* query : {"PROLOG", "INVENTORY"}) {
            INFO(agent.dir << " " << query);
            const std::string request =
                readFixture(agent.dir + std::string("/") + query + ".request.xml");
            CHECK_THAT(request, Catch::Contains(std::string("<QUERY>") + query + "</QUERY>"));
            const std::string wire = encodeBody(request, BodyEncoding::Zlib);
            const BodyEncoding encoding = encodingOf(agent.label, "", wire.substr(0, 2));
            REQUIRE(encoding == BodyEncoding::Zlib);
            CHECK(decodeBody(wire, encoding) == request);
            const std::string reply =
                readFixture(agent.dir + std::string("/") + query + ".reply.xml");
            const std::string replyWire = encodeBody(reply, encoding);
            CHECK(replyWire.substr(0, 2) == "\x78\x9c");
            CHECK(replyContentType(encoding, agent.label, "application/xml") == agent.label);
            CHECK(decodeBody(replyWire, encoding) == reply);
        }
    }
}
