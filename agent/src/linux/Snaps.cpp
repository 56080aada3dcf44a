// softwares, continued: snaps (snap/<name>/current/meta/snap.yaml) with their publisher from
// snapd's assertions, and flatpak applications (var/lib/flatpak/app/<id>/current/active).
#include "parque/agent/linux/LinuxContext.h"
#include "parque/agent/parsers/Flatpak.h"
#include "parque/agent/parsers/ParseError.h"
#include "parque/agent/parsers/Snap.h"

#include <map>

namespace parque::agent::platform {
namespace {

constexpr const char* kName = "softwares";
const std::string kAssertions = "var/lib/snapd/assertions/asserts-v0/";

// snap name -> publisher display name, from the snap-declaration and account assertions.
std::map<std::string, std::string> snapPublishers(const RootFs& fs, Report& report) {
    std::map<std::string, std::string> accounts;  // account id -> display name
    std::map<std::string, std::string> publishers;
    const std::string declarations = kAssertions + "snap-declaration/16/";
    for (const auto& snapId : fs.list(declarations)) {
        const std::string path = declarations + snapId + "/active";
        const auto text = readReported(fs, path, kName, report, false);
        if (!text) {
            continue;
        }
        try {
            const auto headers = parseSnapAssertionHeaders(*text);
            const auto name = headers.find("snap-name");
            const auto publisher = headers.find("publisher-id");
            if (name == headers.end() || publisher == headers.end()) {
                continue;
            }
            if (accounts.count(publisher->second) == 0) {
                const std::string account =
                    kAssertions + "account/" + publisher->second + "/active";
                if (const auto accountText = readReported(fs, account, kName, report, false)) {
                    const auto fields = parseSnapAssertionHeaders(*accountText);
                    const auto display = fields.find("display-name");
                    accounts[publisher->second] =
                        display != fields.end() ? display->second : std::string();
                }
            }
            if (!accounts[publisher->second].empty()) {
                publishers[name->second] = accounts[publisher->second];
            }
        } catch (const ParseError& e) {
            report.add(kName, path, ProblemKind::Malformed, e.what());
        }
    }
    return publishers;
}

void addSnaps(const RootFs& fs, inventory::Content& content, Report& report) {
    std::vector<inventory::Software> snaps;
    for (const auto& entry : fs.list("snap")) {
        const std::string path = "snap/" + entry + "/current/meta/snap.yaml";
        if (!fs.exists(path)) {
            continue;  // snap/bin, snap/README
        }
        const auto text = readReported(fs, path, kName, report);
        if (!text) {
            continue;
        }
        try {
            const SnapMeta meta = parseSnapYaml(*text);
            inventory::Software software;
            software.name = meta.name;
            software.version = meta.version;
            software.system_category = meta.type;
            software.from = "snap";
            snaps.push_back(std::move(software));
        } catch (const ParseError& e) {
            report.add(kName, path, ProblemKind::Malformed, e.what());
        }
    }
    if (snaps.empty()) {
        return;
    }
    const auto publishers = snapPublishers(fs, report);
    for (auto& snap : snaps) {
        if (const auto found = publishers.find(snap.name); found != publishers.end()) {
            snap.publisher = found->second;
        }
        content.softwares.push_back(std::move(snap));
    }
}

// The version and developer from the application's AppStream file, when it ships one.
void addAppStream(const RootFs& fs, const std::string& active, inventory::Software& software,
                  Report& report) {
    for (const std::string& file :
         {active + "files/share/metainfo/" + software.name + ".metainfo.xml",
          active + "files/share/appdata/" + software.name + ".appdata.xml"}) {
        if (!fs.exists(file)) {
            continue;
        }
        const auto text = readReported(fs, file, kName, report);
        if (!text) {
            return;
        }
        try {
            const AppStreamRelease release = parseAppStream(*text);
            software.version = release.version;
            software.publisher = release.developer;
        } catch (const ParseError& e) {
            report.add(kName, file, ProblemKind::Malformed, e.what());
        }
        return;
    }
}

void addFlatpaks(const RootFs& fs, inventory::Content& content, Report& report) {
    const std::string apps = "var/lib/flatpak/app/";
    for (const auto& id : fs.list(apps)) {
        // current -> <arch>/<branch>; active -> the deployed commit
        const auto deployment = fs.resolvedLink(apps + id + "/current");
        const std::string active = apps + id + "/current/active/";
        if (!deployment || !fs.exists(active + "metadata")) {
            continue;  // an application being installed or removed
        }
        const auto text = readReported(fs, active + "metadata", kName, report);
        if (!text) {
            continue;
        }
        try {
            const FlatpakMetadata metadata = parseFlatpakMetadata(*text);
            inventory::Software software;
            software.name = metadata.name;
            software.from = "flatpak";
            const auto slash = deployment->rfind('/');
            const auto archStart = slash == std::string::npos || slash == 0
                                       ? slash
                                       : deployment->rfind('/', slash - 1);
            if (archStart != std::string::npos) {
                software.arch = deployment->substr(archStart + 1, slash - archStart - 1);
            }
            addAppStream(fs, active, software, report);
            content.softwares.push_back(std::move(software));
        } catch (const ParseError& e) {
            report.add(kName, active + "metadata", ProblemKind::Malformed, e.what());
        }
    }
}

}  // namespace

void collectSandboxedApps(const RootFs& fs, inventory::Content& content, Report& report) {
    addSnaps(fs, content, report);
    addFlatpaks(fs, content, report);
}

}  // namespace parque::agent::platform
