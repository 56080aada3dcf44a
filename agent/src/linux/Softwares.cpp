// softwares: the dpkg status database and the rpm database (rpmdb.sqlite), read directly.
#include "parque/agent/linux/LinuxContext.h"
#include "parque/agent/parsers/DpkgStatus.h"
#include "parque/agent/sources/RpmDatabase.h"

namespace parque::agent::platform {
namespace {

constexpr const char* kName = "softwares";

// The description and home page stay off the wire: on a 925-package Debian machine they double
// the zlib payload (40 KB instead of 20 KB) and no inventory question needs them.
void trimForWire(std::vector<inventory::Software>& packages) {
    for (auto& package : packages) {
        package.comments.reset();
        package.url_info_about.reset();
    }
}

void addProblems(const std::vector<std::string>& problems, const char* source, Report& report) {
    for (const auto& problem : problems) {
        report.add(kName, source, ProblemKind::Malformed, problem);
    }
}

void collectDpkg(const RootFs& fs, inventory::Content& content, Report& report) {
    const char* path = "var/lib/dpkg/status";
    if (!fs.exists(path)) {
        return;
    }
    const auto status = readReported(fs, path, kName, report);
    if (!status) {
        return;
    }
    std::vector<std::string> problems;
    auto packages = parseDpkgStatus(*status, problems);
    addProblems(problems, path, report);
    trimForWire(packages);
    content.softwares.insert(content.softwares.end(), std::make_move_iterator(packages.begin()),
                             std::make_move_iterator(packages.end()));
}

void collectRpm(const RootFs& fs, inventory::Content& content, Report& report) {
    for (const char* path : {"var/lib/rpm/rpmdb.sqlite", "usr/lib/sysimage/rpm/rpmdb.sqlite"}) {
        if (!fs.exists(path)) {
            continue;
        }
        std::vector<std::string> problems;
        auto packages = readRpmDatabase(fs.path(path).string(), problems);
        addProblems(problems, path, report);
        content.softwares.insert(content.softwares.end(), std::make_move_iterator(packages.begin()),
                                 std::make_move_iterator(packages.end()));
        return;
    }
}

}  // namespace

void collectSoftwares(LinuxContext& context, inventory::Content& content, Report& report) {
    collectDpkg(context.fs(), content, report);
    collectRpm(context.fs(), content, report);
    collectSandboxedApps(context.fs(), content, report);
    if (content.softwares.empty() && !context.fs().exists("var/lib/dpkg/status")) {
        report.add(kName, "var/lib/dpkg/status", ProblemKind::Missing,
                   "no dpkg or rpm package database found");
    }
}

}  // namespace parque::agent::platform
