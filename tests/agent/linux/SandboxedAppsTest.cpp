// Snaps and flatpak applications as the softwares collector reads them from a root, next to dpkg:
// a malformed file is one problem naming that file, and everything else is still reported.
#include <catch2/catch.hpp>

#include "TempTree.h"
#include "parque/agent/linux/LinuxContext.h"

#include <algorithm>

using namespace parque::agent;
using parque::agent::platform::LinuxContext;
using parque::agent::platform::RootFs;
using parque::inventory::Content;
using parque::inventory::Software;
using parque::test::TempTree;

namespace {

const std::string kDpkg =
    "Package: bash\nStatus: install ok installed\nArchitecture: amd64\nVersion: 5.2.15-2+b7\n\n";

void addSnap(const TempTree& tree, const std::string& name, const std::string& yaml) {
    tree.write("snap/" + name + "/12/meta/snap.yaml", yaml);
    tree.link("snap/" + name + "/current", "snap/" + name + "/12");
}

void addFlatpak(const TempTree& tree, const std::string& id, const std::string& metadata) {
    const std::string dir = "var/lib/flatpak/app/" + id + "/aarch64/stable/";
    tree.write(dir + "0123abcd/metadata", metadata);
    tree.link(dir + "active", dir + "0123abcd");
    tree.link("var/lib/flatpak/app/" + id + "/current", dir.substr(0, dir.size() - 1));
}

const Software* find(const Content& content, const std::string& name) {
    const auto found = std::find_if(content.softwares.begin(), content.softwares.end(),
                                    [&](const Software& s) { return s.name == name; });
    return found == content.softwares.end() ? nullptr : &*found;
}

}  // namespace

TEST_CASE("Softwares: malformed snap and flatpak files are problems, the rest goes on",
          "[linux][snap][flatpak]") {
    TempTree tree;
    tree.write("var/lib/dpkg/status", kDpkg);
    addSnap(tree, "hello", "name: hello\nversion: 2.10\nsummary: GNU Hello\n");
    addSnap(tree, "broken", "name: broken\nsummary: no version here\n");
    addFlatpak(tree, "org.example.Good", "[Application]\nname=org.example.Good\n");
    tree.write(
        "var/lib/flatpak/app/org.example.Good/aarch64/stable/0123abcd/files/share/metainfo/"
        "org.example.Good.metainfo.xml",
        "<component><developer_name>Example</developer_name>"
        "<releases><release version=\"3.1\"/></releases></component>");
    addFlatpak(tree, "org.example.Bad", "[Context]\nshared=network;\n");
    // A declaration without an account assertion: no publisher, no problem.
    tree.write("var/lib/snapd/assertions/asserts-v0/snap-declaration/16/abc/active",
               "type: snap-declaration\nsnap-name: hello\npublisher-id: nobody\n\nsig\n");

    LinuxContext context{RootFs(tree.root())};
    Content content;
    Report report;
    platform::collectSoftwares(context, content, report);

    REQUIRE(content.softwares.size() == 3);
    CHECK(find(content, "bash"));
    const Software* hello = find(content, "hello");
    REQUIRE(hello);
    CHECK(hello->version == "2.10");
    CHECK(hello->from == "snap");
    CHECK(hello->system_category == "app");
    CHECK_FALSE(hello->publisher);
    const Software* good = find(content, "org.example.Good");
    REQUIRE(good);
    CHECK(good->from == "flatpak");
    CHECK(good->arch == "aarch64");
    CHECK(good->version == "3.1");
    CHECK(good->publisher == "Example");

    REQUIRE(report.problems().size() == 2);
    const auto& snapProblem = report.problems()[0];
    CHECK(snapProblem.collector == "softwares");
    CHECK(snapProblem.source == "snap/broken/current/meta/snap.yaml");
    CHECK(snapProblem.kind == ProblemKind::Malformed);
    CHECK(snapProblem.detail == "no \"version\"");
    const auto& flatpakProblem = report.problems()[1];
    CHECK(flatpakProblem.source == "var/lib/flatpak/app/org.example.Bad/current/active/metadata");
    CHECK(flatpakProblem.detail == "no [Application] or [Runtime] group");
}

TEST_CASE("Softwares: no snap or flatpak folders, no problem", "[linux][snap][flatpak]") {
    TempTree tree;
    tree.write("var/lib/dpkg/status", kDpkg);
    LinuxContext context{RootFs(tree.root())};
    Content content;
    Report report;
    platform::collectSoftwares(context, content, report);
    CHECK(content.softwares.size() == 1);
    CHECK(report.problems().empty());
}
