#include "parque/agent/parsers/ParseError.h"
#include "parque/agent/parsers/RpmHeader.h"
#include "parque/agent/sources/RpmDatabase.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <utility>
#include <vector>

using Catch::Matchers::Contains;
using parque::agent::forEachRpmHeader;
using parque::agent::ParseError;
using parque::agent::parseRpmHeader;
using parque::agent::readRpmDatabase;
using parque::inventory::Software;

namespace {

const std::string rpmDb =
    std::string(PARQUE_FIXTURES_DIR) + "/hosts/rpm-server/var/lib/rpm/rpmdb.sqlite";

std::vector<std::pair<std::int64_t, std::string>> fixtureBlobs() {
    std::vector<std::pair<std::int64_t, std::string>> blobs;
    std::vector<std::string> problems;
    const bool read = forEachRpmHeader(
        rpmDb, [&](std::int64_t hnum, std::string_view blob) { blobs.emplace_back(hnum, blob); },
        problems);
    REQUIRE(read);
    REQUIRE(problems.empty());
    REQUIRE(blobs.size() == 7);
    return blobs;
}

void putBe32(std::string& bytes, std::size_t at, std::uint32_t value) {
    for (std::size_t i = 0; i < 4; ++i) {
        bytes[at + i] = static_cast<char>((value >> (24 - 8 * i)) & 0xff);
    }
}

std::uint32_t getBe32(const std::string& bytes, std::size_t at) {
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
    }
    return value;
}

// Builds a header blob: the data of each entry appended to the store, aligned like rpm's.
class HeaderBuilder {
public:
    HeaderBuilder& text(std::uint32_t tag, const std::string& value, std::uint32_t type = 6) {
        return strings(tag, {value}, type);
    }
    HeaderBuilder& strings(std::uint32_t tag, const std::vector<std::string>& values,
                           std::uint32_t type = 9) {
        entry(tag, type, static_cast<std::uint32_t>(data.size()),
              static_cast<std::uint32_t>(values.size()));
        for (const auto& v : values) {
            data += v + '\0';
        }
        return *this;
    }
    HeaderBuilder& number(std::uint32_t tag, std::uint64_t value, std::uint32_t type = 4) {
        const std::size_t width = type == 5 ? 8 : 4;
        while (data.size() % width != 0) {
            data += '\0';
        }
        entry(tag, type, static_cast<std::uint32_t>(data.size()), 1);
        for (std::size_t i = width; i-- > 0;) {
            data += static_cast<char>((value >> (8 * i)) & 0xff);
        }
        return *this;
    }
    HeaderBuilder& entry(std::uint32_t tag, std::uint32_t type, std::uint32_t offset,
                         std::uint32_t count) {
        std::string e(16, '\0');
        putBe32(e, 0, tag);
        putBe32(e, 4, type);
        putBe32(e, 8, offset);
        putBe32(e, 12, count);
        index += e;
        return *this;
    }
    HeaderBuilder& raw(const std::string& bytes) {
        data += bytes;
        return *this;
    }
    std::string build() const {
        std::string preamble(8, '\0');
        putBe32(preamble, 0, static_cast<std::uint32_t>(index.size() / 16));
        putBe32(preamble, 4, static_cast<std::uint32_t>(data.size()));
        return preamble + index + data;
    }

private:
    std::string index;
    std::string data;
};

struct Expected {
    const char* name;
    const char* version;
    const char* arch;
    const char* summary;
    const char* installDate;
    std::int64_t size;
    const char* vendor;
    const char* group;
    const char* url;
};

std::optional<std::string> orNull(const char* s) {
    if (s == nullptr) {
        return std::nullopt;
    }
    return std::string(s);
}

}  // namespace

TEST_CASE("RpmHeader: the fixture database gives what rpm -qa printed", "[rpm][fixture]") {
    // rpm --dbpath <a copy of the fixture directory> -qa --qf '%{DBINSTANCE}|%{NAME}|%{EPOCH}|
    //   %{VERSION}|%{RELEASE}|%{ARCH}|%{SUMMARY}|%{INSTALLTIME}|%{SIZE}|%{VENDOR}|%{GROUP}|
    //   %{URL}\n'
    // 1|basesystem|(none)|11|13.el9|noarch|The skeleton package which defines a simple Red Hat
    //   Enterprise Linux system|1795436568|0|Red Hat, Inc.|Unspecified|(none)
    // 2|tzdata|(none)|2024a|1.el9|noarch|Timezone data|1795436569|13|Red Hat, Inc.|System
    //   Environment/Base|https://www.iana.org/time-zones
    // 3|bash|(none)|5.1.8|9.el9|x86_64|The GNU Bourne Again shell|1795436570|28|Red Hat, Inc.|
    //   System Environment/Shells|https://www.gnu.org/software/bash
    // 4|openssl-libs|1|3.0.7|27.el9|x86_64|A general purpose cryptography library with TLS
    //   implementation|1795436571|33|Red Hat, Inc.|System Environment/Libraries|
    //   http://www.openssl.org/
    // 5|kernel|(none)|5.14.0|362.24.1.el9_3|x86_64|The Linux kernel|1795436572|38|Red Hat, Inc.|
    //   System Environment/Kernel|https://www.kernel.org/
    // 6|kernel|(none)|5.14.0|427.13.1.el9_4|x86_64|The Linux kernel|1795436573|38|Red Hat, Inc.|
    //   System Environment/Kernel|https://www.kernel.org/
    // 7|gpg-pubkey|(none)|d7f5fe37|6b042ff4|(none)|Parque Fixture Signing Key
    //   <fixture@example.com> public key|1795436574|0|(none)|Public Keys|(none)
    // The install times are 2026-11-23 12:22:48 UTC and the following seconds (date -u -d @N).
    const char* redHat = "Red Hat, Inc.";
    const Expected expected[] = {
        {"basesystem", "11-13.el9", "noarch",
         "The skeleton package which defines a simple Red Hat Enterprise Linux system",
         "2026-11-23 12:22:48", 0, redHat, "Unspecified", nullptr},
        {"tzdata", "2024a-1.el9", "noarch", "Timezone data", "2026-11-23 12:22:49", 13, redHat,
         "System Environment/Base", "https://www.iana.org/time-zones"},
        {"bash", "5.1.8-9.el9", "x86_64", "The GNU Bourne Again shell", "2026-11-23 12:22:50", 28,
         redHat, "System Environment/Shells", "https://www.gnu.org/software/bash"},
        {"openssl-libs", "1:3.0.7-27.el9", "x86_64",
         "A general purpose cryptography library with TLS implementation", "2026-11-23 12:22:51",
         33, redHat, "System Environment/Libraries", "http://www.openssl.org/"},
        {"kernel", "5.14.0-362.24.1.el9_3", "x86_64", "The Linux kernel", "2026-11-23 12:22:52", 38,
         redHat, "System Environment/Kernel", "https://www.kernel.org/"},
        {"kernel", "5.14.0-427.13.1.el9_4", "x86_64", "The Linux kernel", "2026-11-23 12:22:53", 38,
         redHat, "System Environment/Kernel", "https://www.kernel.org/"},
        {"gpg-pubkey", "d7f5fe37-6b042ff4", nullptr,
         "Parque Fixture Signing Key <fixture@example.com> public key", "2026-11-23 12:22:54", 0,
         nullptr, "Public Keys", nullptr},
    };
    std::vector<std::string> problems;
    const auto softwares = readRpmDatabase(rpmDb, problems);
    CHECK(problems.empty());
    REQUIRE(softwares.size() == std::size(expected));
    for (std::size_t i = 0; i < softwares.size(); ++i) {
        const Software& s = softwares[i];
        const Expected& e = expected[i];
        INFO("package " << i + 1 << " " << e.name);
        CHECK(s.name == e.name);
        CHECK(s.version == orNull(e.version));
        CHECK(s.arch == orNull(e.arch));
        CHECK(s.comments == orNull(e.summary));
        CHECK(s.install_date == orNull(e.installDate));
        CHECK(s.filesize == e.size);
        CHECK(s.publisher == orNull(e.vendor));
        CHECK(s.system_category == orNull(e.group));
        CHECK(s.url_info_about == orNull(e.url));
        CHECK(s.from == "rpm");
    }
}

TEST_CASE("RpmHeader: a fixture header cut at any length throws", "[rpm][malformed]") {
    for (const auto& [hnum, blob] : fixtureBlobs()) {
        INFO("package " << hnum);
        CHECK_NOTHROW(parseRpmHeader(blob));
        for (std::size_t length = 0; length < blob.size(); ++length) {
            CHECK_THROWS_AS(parseRpmHeader(std::string_view(blob).substr(0, length)), ParseError);
        }
        CHECK_THROWS_AS(parseRpmHeader(blob + '\0'), ParseError);
    }
}

TEST_CASE("RpmHeader: wrong il, dl, offsets and counts throw", "[rpm][malformed]") {
    for (const auto& [hnum, blob] : fixtureBlobs()) {
        INFO("package " << hnum);
        const std::uint32_t il = getBe32(blob, 0);
        const std::uint32_t dl = getBe32(blob, 4);
        for (std::uint32_t bad : {il - 1, il + 1, il | 0x80000000U, 0xffffffffU, 0U}) {
            std::string copy = blob;
            putBe32(copy, 0, bad);
            CHECK_THROWS_AS(parseRpmHeader(copy), ParseError);
        }
        for (std::uint32_t bad : {dl - 1, dl + 1, dl | 0x80000000U, 0xffffffffU, 0U}) {
            std::string copy = blob;
            putBe32(copy, 4, bad);
            CHECK_THROWS_AS(parseRpmHeader(copy), ParseError);
        }
        for (std::uint32_t i = 0; i < il; ++i) {
            const std::size_t entry = 8 + std::size_t{i} * 16;
            INFO("entry " << i << " tag " << getBe32(blob, entry));
            for (std::uint32_t offset : {dl, dl + 1, 0x7fffffffU, 0xffffffffU}) {
                std::string copy = blob;
                putBe32(copy, entry + 8, offset);
                CHECK_THROWS_AS(parseRpmHeader(copy), ParseError);
            }
            for (std::uint32_t count : {dl + 1, 0x40000000U, 0x80000000U, 0xffffffffU}) {
                std::string copy = blob;
                putBe32(copy, entry + 12, count);
                CHECK_THROWS_AS(parseRpmHeader(copy), ParseError);
            }
            std::string copy = blob;
            putBe32(copy, entry + 4, 10);  // no such type
            CHECK_THROWS_AS(parseRpmHeader(copy), ParseError);
        }
    }
}

TEST_CASE("RpmHeader: any single flipped bit never crashes", "[rpm][malformed]") {
    std::size_t thrown = 0;
    std::size_t parsed = 0;
    for (const auto& [hnum, blob] : fixtureBlobs()) {
        if (hnum != 4 && hnum != 7) {
            continue;  // openssl-libs (EPOCH), gpg-pubkey: 41k parses
        }
        std::string copy = blob;
        for (std::size_t byte = 0; byte < copy.size(); ++byte) {
            for (int bit = 0; bit < 8; ++bit) {
                copy[byte] = static_cast<char>(copy[byte] ^ (1 << bit));
                try {
                    const Software s = parseRpmHeader(copy);
                    CHECK_FALSE(s.name.empty());
                    ++parsed;
                } catch (const ParseError&) {
                    ++thrown;
                }
                copy[byte] = blob[byte];
            }
        }
    }
    CHECK(thrown > 0);
    CHECK(parsed > 0);  // most flips land in data the parser does not read
}

TEST_CASE("RpmHeader: synthetic headers", "[rpm]") {
    SECTION("NAME alone") {
        const auto s = parseRpmHeader(HeaderBuilder().text(1000, "solo").build());
        CHECK(s.name == "solo");
        CHECK_FALSE(s.version);
        CHECK_FALSE(s.arch);
        CHECK_FALSE(s.filesize);
        CHECK_FALSE(s.install_date);
        CHECK(s.from == "rpm");
    }
    SECTION("LONGSIZE over SIZE, first i18n string, epoch 0, int64 install time") {
        const auto s = parseRpmHeader(HeaderBuilder()
                                          .text(1000, "big")
                                          .text(1001, "1.0")
                                          .text(1002, "1")
                                          .number(1003, 0)
                                          .strings(1004, {"Summary", "Zusammenfassung"})
                                          .number(1009, 1234)
                                          .number(5009, 5'000'000'000ULL, 5)
                                          .number(1008, 253402300799ULL, 5)
                                          .build());
        CHECK(s.version == "0:1.0-1");  // rpm prints %{EVR} so when EPOCH is there and 0
        CHECK(s.comments == "Summary");
        CHECK(s.filesize == 5'000'000'000LL);
        CHECK(s.install_date == "9999-12-31 23:59:59");
        CHECK_THROWS_WITH(
            parseRpmHeader(HeaderBuilder().text(1000, "x").strings(1016, {"Group"}, 8).build()),
            Contains("GROUP (1016) has type 8, not a string"));
    }
    SECTION("install times at the edges, empty strings") {
        auto s = parseRpmHeader(
            HeaderBuilder().text(1000, "t").number(1008, 0).text(1011, "").text(1001, "").build());
        CHECK(s.install_date == "1970-01-01 00:00:00");
        CHECK_FALSE(s.publisher);
        CHECK_FALSE(s.version);
        s = parseRpmHeader(
            HeaderBuilder().text(1000, "t").number(1008, 253402300800ULL, 5).build());
        CHECK_FALSE(s.install_date);
    }
    SECTION("the 8-byte header magic of a .rpm file is skipped") {
        const std::string magic("\x8e\xad\xe8\x01\0\0\0\0", 8);
        CHECK(parseRpmHeader(magic + HeaderBuilder().text(1000, "m").build()).name == "m");
        CHECK_THROWS_AS(parseRpmHeader(magic.substr(0, 6)), ParseError);
    }
}

TEST_CASE("RpmHeader: synthetic malformed headers throw a precise ParseError", "[rpm][malformed]") {
    auto throwsWith = [](const std::string& blob, const char* message) {
        INFO(message);
        CHECK_THROWS_AS(parseRpmHeader(blob), ParseError);
        CHECK_THROWS_WITH(parseRpmHeader(blob), Contains(message));
    };
    throwsWith("", "0 bytes, shorter than the 8-byte il/dl preamble");
    throwsWith(HeaderBuilder().text(1001, "1.0").build(), "no NAME (1000)");
    throwsWith(HeaderBuilder().text(1000, "").build(), "no NAME (1000)");
    throwsWith(HeaderBuilder().number(1000, 7).build(), "NAME (1000) has type 4, not a string");
    throwsWith(HeaderBuilder().text(1000, "a").number(1003, 0x41414141, 6).build(),
               "EPOCH (1003): string 0 at offset 4 has no NUL inside the data store");
    throwsWith(HeaderBuilder().entry(1000, 6, 0, 1).raw("abc").build(),
               "NAME (1000): string 0 at offset 0 has no NUL inside the data store");
    throwsWith(HeaderBuilder().entry(1000, 6, 0, 2).raw("a\0b\0").build(),
               "NAME (1000) has an impossible string count 2");
    throwsWith(HeaderBuilder().entry(1000, 9, 0, 0).raw("a\0").build(),
               "NAME (1000) has an impossible string count 0");
    throwsWith(HeaderBuilder().text(1000, "a").entry(1009, 4, 0, 1).build(),
               "SIZE (1009): 1 elements at offset 0 reach past the data store");
    throwsWith(HeaderBuilder().text(1000, "a").entry(1009, 4, 2, 0).build(),
               "SIZE (1009) has type 4 and count 0, not an integer");
    throwsWith(HeaderBuilder().text(1000, "a").entry(4242, 11, 0, 1).build(),
               "tag 4242 has unknown type 11");
    throwsWith(HeaderBuilder().text(1000, "a").entry(1020, 6, 0xfffffff0U, 1).build(),
               "URL (1020) has offset 4294967280 past the 2-byte data store");
    throwsWith(HeaderBuilder().build(), "il 0 is not within 1..65535");

    std::string huge(8, '\0');
    putBe32(huge, 0, 0x10000);
    throwsWith(huge, "il 65536 is not within 1..65535");
    putBe32(huge, 0, 1);
    putBe32(huge, 4, 0x10000000);
    throwsWith(huge, "dl 268435456 is over 256 MiB");
    putBe32(huge, 4, 0x0fffffff);
    throwsWith(huge, "8 bytes, but il 1 and dl 268435455 make 268435479");
}

namespace {

// A fresh directory under the system's temporary directory, removed at the end of the scope.
struct TempDir {
    std::filesystem::path path;
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "parque-rpmdb-XXXXXX");
        REQUIRE(mkdtemp(pattern.data()) != nullptr);
        path = pattern;
    }
    ~TempDir() { std::filesystem::remove_all(path); }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
};

void execute(const std::string& dbPath, const char* sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(dbPath.c_str(), &db) == SQLITE_OK);
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &error);
    INFO((error ? error : ""));
    sqlite3_free(error);
    sqlite3_close(db);
    REQUIRE(rc == SQLITE_OK);
}

std::set<std::string> entriesOf(const std::filesystem::path& dir) {
    std::set<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
        names.insert(e.path().filename().string());
    }
    return names;
}

}  // namespace

TEST_CASE("RpmDatabase: reading leaves the database directory as it was", "[rpm][fixture]") {
    const std::filesystem::path dir = std::filesystem::path(rpmDb).parent_path();
    const auto before = entriesOf(dir);
    const auto modified = std::filesystem::last_write_time(rpmDb);
    const auto size = std::filesystem::file_size(rpmDb);
    std::vector<std::string> problems;
    CHECK(readRpmDatabase(rpmDb, problems).size() == 7);
    CHECK(entriesOf(dir) == before);  // no -wal, -shm or -journal file came
    CHECK(before.count("rpmdb.sqlite-wal") == 0);
    CHECK(before.count("rpmdb.sqlite-shm") == 0);
    CHECK(std::filesystem::last_write_time(rpmDb) == modified);
    CHECK(std::filesystem::file_size(rpmDb) == size);
}

TEST_CASE("RpmDatabase: a bad row is left out, the others go on", "[rpm][malformed]") {
    TempDir tmp;
    const std::string copy = (tmp.path / "rpmdb.sqlite").string();
    std::filesystem::copy_file(rpmDb, copy);
    execute(copy,
            "UPDATE Packages SET blob = substr(blob, 1, 100) WHERE hnum = 3;"
            "UPDATE Packages SET blob = zeroblob(0) WHERE hnum = 5;");
    std::vector<std::string> problems;
    const auto softwares = readRpmDatabase(copy, problems);
    REQUIRE(softwares.size() == 5);
    CHECK(softwares[2].name == "openssl-libs");
    CHECK(softwares[3].version == "5.14.0-427.13.1.el9_4");
    REQUIRE(problems.size() == 2);
    CHECK_THAT(problems[0], Contains("package 3 skipped: rpm header: 100 bytes, but il 63"));
    CHECK_THAT(problems[1], Contains("package 5 skipped: rpm header: 0 bytes, shorter than"));
}

TEST_CASE("RpmDatabase: an unreadable database is a problem, not an exception", "[rpm]") {
    TempDir tmp;
    std::vector<std::string> problems;
    CHECK(readRpmDatabase((tmp.path / "missing.sqlite").string(), problems).empty());
    REQUIRE(problems.size() == 1);
    CHECK_THAT(problems[0], Contains("missing.sqlite: unable to open database file"));

    problems.clear();
    const std::string notADb = std::string(PARQUE_FIXTURES_DIR) + "/dpkg/status";
    CHECK(readRpmDatabase(notADb, problems).empty());
    REQUIRE(problems.size() == 1);
    CHECK_THAT(problems[0], Contains("file is not a database"));

    problems.clear();
    const std::string other = (tmp.path / "odd name?#%.sqlite").string();
    execute(other, "CREATE TABLE Names (name TEXT);");
    CHECK(readRpmDatabase(other, problems).empty());
    REQUIRE(problems.size() == 1);
    CHECK_THAT(problems[0], Contains("odd name?#%.sqlite: no such table: Packages"));
}
