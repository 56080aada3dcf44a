// The snap and flatpak parsers against the laptop fixture's files (tests/fixtures/hosts/laptop),
// and what they say about malformed input.
#include <catch2/catch.hpp>

#include "parque/agent/parsers/Flatpak.h"
#include "parque/agent/parsers/ParseError.h"
#include "parque/agent/parsers/Snap.h"

#include <fstream>
#include <sstream>
#include <string>

using namespace parque::agent;

namespace {

const std::string kLaptop = std::string(PARQUE_FIXTURES_DIR) + "/hosts/laptop/";

std::string readFixture(const std::string& relative) {
    std::ifstream in(kLaptop + relative, std::ios::binary);
    REQUIRE(in);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

TEST_CASE("Snap: snap.yaml top-level scalars, plain and quoted", "[Snap]") {
    const SnapMeta firefox = parseSnapYaml(readFixture("snap/firefox/current/meta/snap.yaml"));
    CHECK(firefox.name == "firefox");
    CHECK(firefox.version == "119.0.1-1");
    CHECK(firefox.summary == "Mozilla Firefox web browser");
    CHECK(firefox.type == "app");  // no type: an application

    const SnapMeta core = parseSnapYaml(readFixture("snap/core22/current/meta/snap.yaml"));
    CHECK(core.version == "20231123");  // single-quoted
    CHECK(core.type == "base");
    const SnapMeta snapd = parseSnapYaml(readFixture("snap/snapd/current/meta/snap.yaml"));
    CHECK(snapd.version == "2.61.1");  // double-quoted
    CHECK(snapd.type == "snapd");

    const SnapMeta odd = parseSnapYaml(
        "name: 'it''s'\r\nversion: \"1.0 \\\"beta\\\"\"\nsummary: plain # a comment\n"
        "apps:\n  name: nested-is-ignored\n");
    CHECK(odd.name == "it's");
    CHECK(odd.version == "1.0 \"beta\"");
    CHECK(odd.summary == "plain");
}

TEST_CASE("Snap: malformed snap.yaml says why", "[Snap]") {
    CHECK_THROWS_WITH(parseSnapYaml("version: 1\n"), "no \"name\"");
    CHECK_THROWS_WITH(parseSnapYaml("name: x\n"), "no \"version\"");
    CHECK_THROWS_WITH(parseSnapYaml("name: x\nversion: |\n  1.0\n"), "no \"version\"");
    CHECK_THROWS_WITH(parseSnapYaml("name: 'x\nversion: 1\n"),
                      "the quote of \"name\" is not closed");
    CHECK_THROWS_WITH(parseSnapYaml(std::string("name: x\0\nversion: 1\n", 20)),
                      "a NUL byte in the text");
    CHECK_THROWS_WITH(parseSnapYaml("name: x\nversion: " + std::string(70000, '1') + "\n"),
                      "a line longer than 64 KiB");
    CHECK_THROWS_AS(parseSnapYaml(""), ParseError);
}

TEST_CASE("Snap: assertion headers stop at the signature", "[Snap]") {
    const auto declaration = parseSnapAssertionHeaders(
        readFixture("var/lib/snapd/assertions/asserts-v0/snap-declaration/16/"
                    "3wdHCAVyZEmYsCMFDE9qt92UV8rC8Wdk/active"));
    CHECK(declaration.at("type") == "snap-declaration");
    CHECK(declaration.at("snap-name") == "firefox");
    CHECK(declaration.at("publisher-id") == "OgeoZuqQpVvSr9eGKJzNCrgqhjbq5lJ8");
    const auto account = parseSnapAssertionHeaders(
        readFixture("var/lib/snapd/assertions/asserts-v0/account/canonical/active"));
    CHECK(account.at("display-name") == "Canonical");
    CHECK(account.count(
              "AcLDXAQAAQoABgUCV7UYzwAKCRDUpVvql9g3IK7uH/4udqNOurx5WYVknzXdwekp0ovHCQJ0iBPw") == 0);

    const auto multiline = parseSnapAssertionHeaders(
        "type: snap-declaration\nplugs:\n  browser-support:\n    allow-sandbox: true\n"
        "snap-name: x\n\nsnap-name: after-the-body\n");
    CHECK(multiline.at("snap-name") == "x");
    CHECK(multiline.count("browser-support") == 0);
    CHECK_THROWS_WITH(parseSnapAssertionHeaders("snap-name: x\n"),
                      "no \"type\" header: not an assertion");
}

TEST_CASE("Flatpak: metadata key file", "[Flatpak]") {
    const FlatpakMetadata gimp = parseFlatpakMetadata(
        readFixture("var/lib/flatpak/app/org.gimp.GIMP/current/active/metadata"));
    CHECK(gimp.name == "org.gimp.GIMP");
    CHECK(gimp.runtime == "org.gnome.Platform/x86_64/45");
    CHECK(gimp.application);

    const FlatpakMetadata runtime = parseFlatpakMetadata(
        "# comment\n[Runtime]\nname = org.gnome.Platform\r\n"
        "[Application]\nname=not.this.one\n");
    CHECK(runtime.name == "org.gnome.Platform");
    CHECK_FALSE(runtime.application);
    CHECK_FALSE(runtime.runtime);

    CHECK_THROWS_WITH(parseFlatpakMetadata("[Context]\nshared=network;\n"),
                      "no [Application] or [Runtime] group");
    CHECK_THROWS_WITH(parseFlatpakMetadata("[Application]\ncommand=x\n"),
                      "no name= in the [Application] group");
    CHECK_THROWS_WITH(parseFlatpakMetadata(std::string("[Application]\0", 14)),
                      "a NUL byte in the text");
}

TEST_CASE("Flatpak: AppStream release and developer", "[Flatpak]") {
    const AppStreamRelease gimp = parseAppStream(
        readFixture("var/lib/flatpak/app/org.gimp.GIMP/current/active/files/share/metainfo/"
                    "org.gimp.GIMP.metainfo.xml"));
    CHECK(gimp.version == "2.10.36");  // the first (newest) release
    CHECK(gimp.developer == "The GIMP team");

    const AppStreamRelease office = parseAppStream(readFixture(
        "var/lib/flatpak/app/org.libreoffice.LibreOffice/current/active/files/share/appdata/"
        "org.libreoffice.LibreOffice.appdata.xml"));
    CHECK(office.version == "7.6.4.1");  // attribute on its own line
    CHECK(office.developer == "The Document Foundation");

    const AppStreamRelease escaped = parseAppStream(
        "<component><developer_name>Smith &amp; Sons &#233;&#x4E2D; &bogus;</developer_name>"
        "<releases><release date='2024-01-01' version='1.0&lt;2'/></releases></component>");
    CHECK(escaped.developer == "Smith & Sons \xC3\xA9\xE4\xB8\xAD &bogus;");
    CHECK(escaped.version == "1.0<2");

    const AppStreamRelease bare = parseAppStream("<component><releases/></component>");
    CHECK_FALSE(bare.version);
    CHECK_FALSE(bare.developer);
    const AppStreamRelease cut = parseAppStream("<component><release version=\"1.");
    CHECK_FALSE(cut.version);
    CHECK_THROWS_WITH(parseAppStream("<html></html>"), "no <component>: not an AppStream file");
}

TEST_CASE("Snap and Flatpak: junk never crashes", "[Snap][Flatpak][junk]") {
    const std::string pieces[] = {"name:",         " '",       "\"",        "\\",  "\n",
                                  "<component",    "<release", " version=", "&#x", ";",
                                  "[Application]", "=",        ">",         "\r",  "x"};
    std::uint32_t seed = 12345;
    for (int round = 0; round < 2000; ++round) {
        std::string text;
        for (int i = 0; i < 12; ++i) {
            seed = seed * 1103515245U + 12345U;
            text += pieces[(seed >> 16U) % (sizeof pieces / sizeof pieces[0])];
        }
        for (const auto& parse : {+[](const std::string& t) { (void)parseSnapYaml(t); },
                                  +[](const std::string& t) { (void)parseSnapAssertionHeaders(t); },
                                  +[](const std::string& t) { (void)parseFlatpakMetadata(t); },
                                  +[](const std::string& t) { (void)parseAppStream(t); }}) {
            try {
                parse(text);
            } catch (const ParseError&) {
            }
        }
    }
    SUCCEED("2000 random texts, each through the four parsers");
}
