#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "parque/agent/parsers/OsRelease.h"

using parque::agent::OsRelease;
using parque::agent::parseOsRelease;

namespace {

// /etc/os-release of this Debian 12 machine, byte for byte.
constexpr std::string_view debian12 = R"txt(PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
)txt";

constexpr std::string_view ubuntu2204 = R"txt(PRETTY_NAME="Ubuntu 22.04.3 LTS"
NAME="Ubuntu"
VERSION_ID="22.04"
VERSION="22.04.3 LTS (Jammy Jellyfish)"
VERSION_CODENAME=jammy
ID=ubuntu
ID_LIKE=debian
HOME_URL="https://www.ubuntu.com/"
SUPPORT_URL="https://help.ubuntu.com/"
BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
UBUNTU_CODENAME=jammy
)txt";

constexpr std::string_view rocky94 = R"txt(NAME="Rocky Linux"
VERSION="9.4 (Blue Onyx)"
ID="rocky"
ID_LIKE="rhel centos fedora"
VERSION_ID="9.4"
PLATFORM_ID="platform:el9"
PRETTY_NAME="Rocky Linux 9.4 (Blue Onyx)"
ANSI_COLOR="0;32"
LOGO="fedora-logo-icon"
CPE_NAME="cpe:/o:rocky:rocky:9::baseos"
HOME_URL="https://rockylinux.org/"
BUG_REPORT_URL="https://bugs.rockylinux.org/"
SUPPORT_END="2032-05-31"
ROCKY_SUPPORT_PRODUCT="Rocky-Linux-9"
ROCKY_SUPPORT_PRODUCT_VERSION="9.4"
REDHAT_SUPPORT_PRODUCT="Rocky Linux"
REDHAT_SUPPORT_PRODUCT_VERSION="9.4"
)txt";

// openSUSE Tumbleweed comments VERSION out: it must stay unknown.
constexpr std::string_view tumbleweed = R"txt(NAME="openSUSE Tumbleweed"
# VERSION="20250527"
ID="opensuse-tumbleweed"
ID_LIKE="opensuse suse"
VERSION_ID="20250527"
PRETTY_NAME="openSUSE Tumbleweed"
ANSI_COLOR="0;32"
# CPE 2.3 format, boo#1217921
CPE_NAME="cpe:2.3:o:opensuse:tumbleweed:20250527:*:*:*:*:*:*:*"
#CPE 2.2 format
#CPE_NAME="cpe:/o:opensuse:tumbleweed:20250527"
BUG_REPORT_URL="https://bugzilla.opensuse.org"
SUPPORT_URL="https://bugs.opensuse.org"
HOME_URL="https://www.opensuse.org"
DOCUMENTATION_URL="https://en.opensuse.org/Portal:Tumbleweed"
LOGO="distributor-logo-Tumbleweed"
)txt";

// Fedora writes an empty codename.
constexpr std::string_view fedora42 = R"txt(NAME="Fedora Linux"
VERSION="42 (Workstation Edition)"
ID=fedora
VERSION_ID=42
VERSION_CODENAME=""
PLATFORM_ID="platform:f42"
PRETTY_NAME="Fedora Linux 42 (Workstation Edition)"
VARIANT="Workstation Edition"
VARIANT_ID=workstation
)txt";

// Copies text into a heap block of exactly its size, so that AddressSanitizer catches a read
// one past the end (a std::string would hide it behind its terminator).
template <typename Check>
void withExactBuffer(std::string_view text, Check check) {
    const std::vector<char> buffer(text.begin(), text.end());
    check(std::string_view(buffer.data(), buffer.size()));
}

}  // namespace

TEST_CASE("OsRelease: this machine's Debian 12 file", "[OsRelease]") {
    const OsRelease release = parseOsRelease(debian12);
    CHECK(release.prettyName == "Debian GNU/Linux 12 (bookworm)");
    CHECK(release.name == "Debian GNU/Linux");
    CHECK(release.versionId == "12");
    CHECK(release.version == "12 (bookworm)");
    CHECK(release.versionCodename == "bookworm");
    CHECK(release.id == "debian");
    CHECK_FALSE(release.idLike);
}

TEST_CASE("OsRelease: Ubuntu, Rocky, openSUSE and Fedora files", "[OsRelease]") {
    const OsRelease ubuntu = parseOsRelease(ubuntu2204);
    CHECK(ubuntu.id == "ubuntu");
    CHECK(ubuntu.idLike == "debian");
    CHECK(ubuntu.version == "22.04.3 LTS (Jammy Jellyfish)");
    CHECK(ubuntu.versionCodename == "jammy");

    const OsRelease rocky = parseOsRelease(rocky94);
    CHECK(rocky.id == "rocky");
    CHECK(rocky.idLike == "rhel centos fedora");
    CHECK(rocky.versionId == "9.4");
    CHECK(rocky.prettyName == "Rocky Linux 9.4 (Blue Onyx)");
    CHECK_FALSE(rocky.versionCodename);

    const OsRelease suse = parseOsRelease(tumbleweed);
    CHECK(suse.id == "opensuse-tumbleweed");
    CHECK(suse.idLike == "opensuse suse");
    CHECK(suse.versionId == "20250527");
    CHECK_FALSE(suse.version);

    const OsRelease fedora = parseOsRelease(fedora42);
    CHECK(fedora.id == "fedora");
    CHECK(fedora.versionId == "42");
    CHECK_FALSE(fedora.versionCodename);
}

TEST_CASE("OsRelease: shell quoting and escapes", "[OsRelease]") {
    SECTION("double quotes unescape only \\\" \\\\ \\$ \\`") {
        const auto release = parseOsRelease(R"(NAME="a \"b\" \\ \$HOME \`x\` \n \z")");
        CHECK(release.name == R"(a "b" \ $HOME `x` \n \z)");
    }
    SECTION("single quotes are literal") {
        const auto release = parseOsRelease(R"(NAME='it\s "quoted" $x')");
        CHECK(release.name == R"(it\s "quoted" $x)");
    }
    SECTION("unquoted values end at a blank; a backslash escapes the next character") {
        const auto release = parseOsRelease("ID=debian # comment\nNAME=My\\ Linux\\\"\n");
        CHECK(release.id == "debian");
        CHECK(release.name == "My Linux\"");
    }
    SECTION("concatenated words, CRLF ends, blanks around '=' and leading blanks") {
        const auto release =
            parseOsRelease("NAME=\"Arch\"' Linux'!\r\n  ID = arch\r\nVERSION_ID=\"1\"\r\n");
        CHECK(release.name == "Arch Linux!");
        CHECK(release.id == "arch");
        CHECK(release.versionId == "1");
    }
    SECTION("a quoted value may span lines; a backslash-newline continues the line") {
        const auto release = parseOsRelease("NAME=\"two\nlines\"\nID=a\\\nb\nVERSION=\"x\\\ny\"\n");
        CHECK(release.name == "two\nlines");
        CHECK(release.id == "ab");
        CHECK(release.version == "xy");
    }
    SECTION("the last assignment wins, comments and non-assignments are skipped") {
        const auto release = parseOsRelease(
            "# ID=commented\nID=first\n\n   \nnot an assignment\n1D=bad\nexport X=1\nID=second\n");
        CHECK(release.id == "second");
    }
    SECTION("empty values are unknown") {
        const auto release = parseOsRelease("ID=\nNAME=\"\"\nVERSION=''\n");
        CHECK_FALSE(release.id);
        CHECK_FALSE(release.name);
        CHECK_FALSE(release.version);
    }
}

TEST_CASE("OsRelease: an unclosed quote drops only its own assignment", "[OsRelease][junk]") {
    const auto release = parseOsRelease("NAME=\"Broken\nID=debian\nVERSION_ID='12\nVERSION=ok\n");
    CHECK_FALSE(release.name);
    CHECK(release.id == "debian");
    CHECK_FALSE(release.versionId);
    CHECK(release.version == "ok");
}

TEST_CASE("OsRelease: junk never crashes", "[OsRelease][junk]") {
    SECTION("empty and blank input") {
        const auto release = parseOsRelease("");
        CHECK_FALSE(release.id);
        CHECK_FALSE(parseOsRelease("\n\n  \n#\n=\n").name);
    }
    SECTION("every truncation of a real file") {
        for (std::size_t length = 0; length <= ubuntu2204.size(); ++length) {
            withExactBuffer(ubuntu2204.substr(0, length), [](std::string_view text) {
                const auto release = parseOsRelease(text);
                if (release.id) {
                    CHECK(std::string("ubuntu").rfind(*release.id, 0) == 0);
                }
            });
        }
    }
    SECTION("binary garbage") {
        std::mt19937 random(1234);
        std::uniform_int_distribution<int> byte(0, 255);
        for (int round = 0; round < 200; ++round) {
            std::string junk(static_cast<std::size_t>(round * 7), '\0');
            for (char& c : junk) {
                c = static_cast<char>(byte(random));
            }
            withExactBuffer(junk, [](std::string_view text) { (void)parseOsRelease(text); });
        }
        // Trailing backslashes and quotes at the very end of the buffer.
        for (const char* tail : {"ID=\\", "ID=\"\\", "ID='", "ID=\"", "ID", "ID=a\\"}) {
            withExactBuffer(tail, [](std::string_view text) { (void)parseOsRelease(text); });
        }
    }
    SECTION("a huge line") {
        const std::string huge = "PRETTY_NAME=\"" + std::string(4 << 20, 'x') + "\"\nID=big\n";
        const auto release = parseOsRelease(huge);
        REQUIRE(release.prettyName);
        CHECK(release.prettyName->size() == std::size_t{4} << 20);
        CHECK(release.id == "big");
    }
}
