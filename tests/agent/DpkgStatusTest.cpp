#include "parque/agent/parsers/DpkgStatus.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using Catch::Matchers::Contains;
using parque::agent::parseDpkgStatus;
using parque::inventory::Software;

namespace {

const std::string dpkgDir = std::string(PARQUE_FIXTURES_DIR) + "/dpkg/";

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in.good());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<std::string> split(const std::string& line, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t end; (end = line.find(separator, start)) != std::string::npos;
         start = end + 1) {
        parts.push_back(line.substr(start, end - start));
    }
    parts.push_back(line.substr(start));
    return parts;
}

std::map<std::string, Software> byNameArch(const std::vector<Software>& list) {
    std::map<std::string, Software> out;
    for (const auto& s : list) {
        out[s.name + ":" + s.arch.value_or("?")] = s;
    }
    return out;
}

std::optional<std::string> orNull(const std::string& s) {
    if (s.empty()) {
        return std::nullopt;
    }
    return s;
}

const char* stanza =
    "Package: hello\n"
    "Status: install ok installed\n"
    "Installed-Size: 280\n"
    "Maintainer: Santiago Vila <sanvila@debian.org>\n"
    "Architecture: amd64\n"
    "Version: 2.10-3\n"
    "Description: example package based on GNU hello\n"
    " The GNU hello program produces a familiar, friendly greeting.\n";

}  // namespace

TEST_CASE("DpkgStatus: the fixture gives what dpkg-query -W printed for it", "[dpkg][fixture]") {
    // status.dpkg-query.tsv is the output of
    //   dpkg-query --admindir=<dir with the fixture as status> -W -f '${Package}\t${Architecture}\t
    //   ${Version}\t${Installed-Size}\t${Section}\t${Homepage}\t${Maintainer}\t${binary:Summary}\t
    //   ${db:Status-Status}\n'
    std::vector<std::string> problems;
    const auto parsed = byNameArch(parseDpkgStatus(readFile(dpkgDir + "status"), problems));
    CHECK(problems.empty());

    std::istringstream tsv(readFile(dpkgDir + "status.dpkg-query.tsv"));
    std::size_t listedByDpkgQuery = 0;
    std::size_t installed = 0;
    for (std::string line; std::getline(tsv, line);) {
        ++listedByDpkgQuery;
        const auto f = split(line, '\t');
        REQUIRE(f.size() == 9);
        const std::string key = f[0] + ":" + f[1];
        INFO(key << " state " << f[8]);
        const auto found = parsed.find(key);
        if (f[8] != "installed") {
            CHECK(found == parsed.end());
            continue;
        }
        ++installed;
        REQUIRE(found != parsed.end());
        const Software& s = found->second;
        CHECK(s.version == orNull(f[2]));
        CHECK(s.filesize == std::stoll(f[3]) * 1024);
        CHECK(s.system_category == orNull(f[4]));
        CHECK(s.url_info_about == orNull(f[5]));
        CHECK(s.publisher == orNull(f[6].substr(0, f[6].find(" <"))));
        CHECK(s.comments == orNull(f[7]));
        CHECK(s.from == "deb");
        CHECK_FALSE(s.install_date);
    }
    // 50 stanzas: dpkg-query -W leaves out only the not-installed one (nano); the parser also
    // leaves out the config-files one (procps) and the half-installed one (sqlite3).
    CHECK(listedByDpkgQuery == 49);
    CHECK(installed == 47);
    CHECK(parsed.size() == 47);
}

TEST_CASE("DpkgStatus: fields of single packages of the fixture", "[dpkg][fixture]") {
    std::vector<std::string> problems;
    const auto parsed = byNameArch(parseDpkgStatus(readFile(dpkgDir + "status"), problems));
    REQUIRE(parsed.count("zlib1g:amd64") == 1);
    const Software& zlib = parsed.at("zlib1g:amd64");
    CHECK(zlib.name == "zlib1g");
    CHECK(zlib.version == "1:1.2.13.dfsg-1");
    CHECK(zlib.arch == "amd64");
    CHECK(zlib.filesize == 168 * 1024);
    CHECK(zlib.publisher == "Mark Brown");
    CHECK(zlib.comments == "compression library - runtime");
    CHECK(zlib.system_category == "libs");
    CHECK(zlib.url_info_about == "http://zlib.net/");
    CHECK(zlib.from == "deb");

    CHECK(parsed.at("libc6:i386").arch == "i386");  // the foreign-architecture copy
    CHECK(parsed.at("libc6:amd64").arch == "amd64");
    CHECK(parsed.at("dmsetup:amd64").version == "2:1.02.185-2");
    CHECK_FALSE(parsed.at("base-passwd:amd64").url_info_about);  // no Homepage
    CHECK(parsed.count("less:amd64") == 1);     // deinstall ok installed: still on disk
    CHECK(parsed.count("openssl:amd64") == 1);  // hold ok installed
    CHECK(parsed.count("procps:amd64") == 0);   // deinstall ok config-files
    CHECK(parsed.count("sqlite3:amd64") == 0);  // install reinstreq half-installed
    CHECK(parsed.count("nano:amd64") == 0);     // purge ok not-installed
}

TEST_CASE("DpkgStatus: malformed fixtures skip the bad stanza with a message",
          "[dpkg][malformed]") {
    struct Case {
        const char* file;
        const char* message;
    };
    const Case cases[] = {
        {"malformed-no-package", "stanza at line 17 skipped: no Package field"},
        {"malformed-no-colon", "(package 'dash') skipped: line 26 has no colon"},
        {"malformed-nul", "(package 'dash') skipped: line 21 contains a NUL byte"},
        {"malformed-truncated", "(package 'dash') skipped: line 48 is cut short"},
    };
    for (const auto& c : cases) {
        INFO(c.file);
        std::vector<std::string> problems;
        const auto parsed = parseDpkgStatus(readFile(dpkgDir + c.file), problems);
        REQUIRE(problems.size() == 1);
        CHECK_THAT(problems[0], Contains(c.message));
        REQUIRE(parsed.size() == 2);
        CHECK(parsed[0].name != "dash");
        CHECK(parsed[1].name != "dash");
    }
}

TEST_CASE("DpkgStatus: assorted bad fields", "[dpkg][malformed]") {
    std::vector<std::string> problems;
    const auto parsed = parseDpkgStatus(readFile(dpkgDir + "malformed-fields"), problems);
    REQUIRE(parsed.size() == 2);
    CHECK(parsed[0].name == "hostname");
    CHECK(parsed[1].name == "zlib1g");
    CHECK_FALSE(parsed[1].filesize);  // Installed-Size: 168k
    REQUIRE(problems.size() == 7);
    CHECK_THAT(problems[0], Contains("'base-passwd') skipped: line 17 continues a field"));
    CHECK_THAT(problems[1], Contains("'dash') skipped: line 47 repeats the field Version"));
    CHECK_THAT(problems[2], Contains("'gzip') skipped: Status 'install ok' is not"));
    CHECK_THAT(problems[3], Contains("'grep') skipped: Status 'install ok broken' is not"));
    CHECK_THAT(problems[4], Contains("'sed') skipped: no Status field"));
    CHECK_THAT(problems[5], Contains("'zlib1g'): Installed-Size '168k' is not a size in KiB"));
    CHECK_THAT(problems[6], Contains("'tar') skipped: line 143 has an empty field name"));
}

TEST_CASE("DpkgStatus: states, case, CRLF and maintainer forms", "[dpkg]") {
    const std::string text =
        std::string(stanza) + "\n" +
        "package: a\nSTATUS: install ok triggers-pending\nversion: 1\n"
        "maintainer: \"Adam C. Powell, IV\" <hazelsct@debian.org>\n\n"
        "Package: b\r\nStatus: install ok triggers-awaited\r\nMaintainer: Team\r\n"
        "Installed-Size: 99999999999999999999\r\n\r\n"
        "Package: c\nStatus: install ok unpacked\n\n"
        "Package: d\nStatus: install ok half-configured\n\n"
        "Package: e\nStatus:   purge   ok   installed  \nMaintainer: <only@mail>\n\n \t \n";
    std::vector<std::string> problems;
    const auto parsed = parseDpkgStatus(text, problems);
    REQUIRE(parsed.size() == 4);
    CHECK(parsed[0].name == "hello");
    CHECK(parsed[0].comments == "example package based on GNU hello");
    CHECK(parsed[0].filesize == 280 * 1024);
    CHECK(parsed[1].name == "a");
    CHECK(parsed[1].version == "1");
    CHECK(parsed[1].publisher == "Adam C. Powell, IV");
    CHECK_FALSE(parsed[1].arch);
    CHECK(parsed[2].name == "b");
    CHECK(parsed[2].publisher == "Team");
    CHECK_FALSE(parsed[2].filesize);
    CHECK(parsed[3].name == "e");
    CHECK_FALSE(parsed[3].publisher);
    REQUIRE(problems.size() == 1);
    CHECK_THAT(problems[0], Contains("'b'): Installed-Size '99999999999999999999'"));
}

TEST_CASE("DpkgStatus: empty and blank input", "[dpkg]") {
    std::vector<std::string> problems;
    CHECK(parseDpkgStatus("", problems).empty());
    CHECK(parseDpkgStatus("\n\n \n\t\n", problems).empty());
    CHECK(problems.empty());
}

TEST_CASE("DpkgStatus: a 10 MB line is skipped, the next stanza is kept", "[dpkg][malformed]") {
    const std::string huge = "Package: big\nDescription: " + std::string(10'000'000, 'x') + "\n";
    std::vector<std::string> problems;
    auto parsed = parseDpkgStatus(huge + "\n" + stanza, problems);
    REQUIRE(parsed.size() == 1);
    CHECK(parsed[0].name == "hello");
    REQUIRE(problems.size() == 1);
    CHECK_THAT(problems[0], Contains("(package 'big') skipped: line 2 is longer than 1 MiB"));

    problems.clear();  // one line, no newline at all
    parsed = parseDpkgStatus(std::string(10'000'000, 'P'), problems);
    CHECK(parsed.empty());
    REQUIRE(problems.size() == 1);
    CHECK_THAT(problems[0], Contains("line 1 is cut short"));

    problems.clear();
    parsed = parseDpkgStatus(std::string(10'000'000, 'P') + "\n", problems);
    CHECK(parsed.empty());
    REQUIRE(problems.size() == 1);
    CHECK_THAT(problems[0], Contains("line 1 is longer than 1 MiB"));
}

TEST_CASE("DpkgStatus: every truncation of a file, and NUL bytes anywhere", "[dpkg][malformed]") {
    std::string text = readFile(dpkgDir + "status");
    std::size_t end = 0;
    for (int stanzas = 0; stanzas < 3; ++stanzas) {
        end = text.find("\n\n", end) + 2;
    }
    text.resize(end);  // adduser, apt, base-files
    for (std::size_t length = 0; length <= text.size(); ++length) {
        std::vector<std::string> problems;
        const auto parsed = parseDpkgStatus(std::string_view(text).substr(0, length), problems);
        CHECK(parsed.size() <= 3);
        const bool cutInLine = length > 0 && text[length - 1] != '\n';
        if (cutInLine) {
            REQUIRE_FALSE(problems.empty());
            CHECK_THAT(problems.back(), Contains("is cut short"));
        }
    }
    for (std::size_t at = 0; at < text.size(); ++at) {
        std::string withNul = text;
        withNul[at] = '\0';
        std::vector<std::string> problems;
        const auto parsed = parseDpkgStatus(withNul, problems);
        CHECK(parsed.size() <= 2);  // the stanza with the NUL is gone
        CHECK(problems.size() >= 1);
    }
    std::vector<std::string> problems;
    CHECK(parseDpkgStatus(std::string(4096, '\0'), problems).empty());
    CHECK(problems.size() == 1);
}

TEST_CASE("DpkgStatus: this machine's /var/lib/dpkg/status reads without problems",
          "[dpkg][live]") {
    std::ifstream in("/var/lib/dpkg/status", std::ios::binary);
    if (!in.good()) {
        return;  // not a Debian machine
    }
    std::ostringstream text;
    text << in.rdbuf();
    std::vector<std::string> problems;
    const auto parsed = parseDpkgStatus(text.str(), problems);
    CHECK(problems.empty());
    CHECK_FALSE(parsed.empty());
    CHECK(std::all_of(parsed.begin(), parsed.end(),
                      [](const Software& s) { return !s.name.empty() && s.version && s.arch; }));
}
