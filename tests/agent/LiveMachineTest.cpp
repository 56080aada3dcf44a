// The agent on the machine that runs the tests: what it reports must agree with the system's own
// tools and files (dpkg-query, sys/class/net, the online CPUs), and the output validates.
#include "../support/RunProgram.h"
#include "parque/agent/InventoryCommand.h"
#include "parque/inventory/JsonCodec.h"

#include <unistd.h>
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using parque::testing::runProgram;

namespace {

const parque::inventory::Inventory& liveInventory() {
    static const parque::inventory::Inventory inventory = [] {
        parque::agent::Report report;
        auto inv = parque::agent::collectInventory(parque::agent::InventoryOptions{}, report);
        fs::create_directories(PARQUE_SCHEMA_OUT_DIR);
        std::ofstream(fs::path(PARQUE_SCHEMA_OUT_DIR) / "live-machine.json")
            << parque::inventory::encode(inv);
        return inv;
    }();
    return inventory;
}

}  // namespace

TEST_CASE("Live: the package count equals dpkg-query's installed packages", "[agent][live]") {
    if (!fs::exists("/usr/bin/dpkg-query")) {
        WARN("not a dpkg system");
        return;
    }
    const auto result = runProgram({"/usr/bin/dpkg-query", "-W", "-f=${db:Status-Abbrev}\n"});
    REQUIRE(result.exitCode == 0);
    std::istringstream lines(result.out);
    std::string status;
    std::size_t installed = 0;
    while (std::getline(lines, status)) {
        // Second letter: the package state; i = installed, t/W = installed with triggers pending.
        installed += status.size() >= 2 && std::string("itW").find(status[1]) != std::string::npos;
    }
    CHECK(installed > 100);
    CHECK(liveInventory().content.softwares.size() == installed);
}

TEST_CASE("Live: the MAC addresses equal sys/class/net/*/address", "[agent][live]") {
    std::set<std::string> expected;
    for (const auto& entry : fs::directory_iterator("/sys/class/net")) {
        std::ifstream in(entry.path() / "address");
        std::string mac;
        if (std::getline(in, mac) && !mac.empty() && mac != "00:00:00:00:00:00") {
            expected.insert(mac);
        }
    }
    std::set<std::string> reported;
    for (const auto& network : liveInventory().content.networks) {
        if (network.mac) {
            reported.insert(*network.mac);
        }
    }
    CHECK(reported == expected);
}

TEST_CASE("Live: the logical CPU count equals the online CPUs", "[agent][live]") {
    std::int64_t threads = 0;
    for (const auto& cpu : liveInventory().content.cpus) {
        threads += cpu.thread.value_or(0);
    }
    CHECK(threads == sysconf(_SC_NPROCESSORS_ONLN));
}

TEST_CASE("Live: the operating system and host are named", "[agent][live]") {
    const auto& content = liveInventory().content;
    REQUIRE(content.operatingsystem);
    CHECK(content.operatingsystem->kernel_name == "linux");
    CHECK(content.operatingsystem->kernel_version);
    REQUIRE(content.hardware);
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    const std::string shortName = std::string(host).substr(0, std::string(host).find('.'));
    CHECK(content.hardware->name == shortName);
    CHECK(content.hardware->memory.value_or(0) > 0);
}

TEST_CASE("Command: the program writes JSON or a table and exits 0", "[agent][command]") {
    const std::string root = std::string(PARQUE_FIXTURES_DIR) + "/hosts/pos-terminal";
    const auto json = runProgram({PARQUE_AGENT_BINARY, "inventory", "--root", root});
    CHECK(json.exitCode == 0);
    CHECK(parque::inventory::decodeInventory(json.out).content.usbdevices.size() >= 3);
    const auto table =
        runProgram({PARQUE_AGENT_BINARY, "inventory", "--root", root, "--format", "table"});
    CHECK(table.exitCode == 0);
    CHECK(table.out.find("pin-pad") != std::string::npos);
    CHECK(table.out.find("receipt-printer") != std::string::npos);
}

TEST_CASE("Command: categories limit the sections", "[agent][command]") {
    const std::string root = std::string(PARQUE_FIXTURES_DIR) + "/hosts/laptop";
    const auto result = runProgram(
        {PARQUE_AGENT_BINARY, "inventory", "--root", root, "--category", "batteries,monitors"});
    REQUIRE(result.exitCode == 0);
    const auto inventory = parque::inventory::decodeInventory(result.out);
    CHECK_FALSE(inventory.content.batteries.empty());
    CHECK_FALSE(inventory.content.monitors.empty());
    CHECK(inventory.content.softwares.empty());
    CHECK_FALSE(inventory.content.bios);
}

TEST_CASE("Command: bad arguments exit 2 with a message, write nothing", "[agent][command]") {
    CHECK(runProgram({PARQUE_AGENT_BINARY, "inventory", "--category", "toasters"}).exitCode == 2);
    CHECK(runProgram({PARQUE_AGENT_BINARY, "inventory", "--format", "xml"}).exitCode == 2);
    CHECK(runProgram({PARQUE_AGENT_BINARY, "inventory", "--root"}).exitCode == 2);
    CHECK(runProgram({PARQUE_AGENT_BINARY, "frobnicate"}).exitCode == 2);
}

TEST_CASE("Command: a missing root still gives an inventory, with problems logged",
          "[agent][command]") {
    const auto result =
        runProgram({PARQUE_AGENT_BINARY, "inventory", "--root", "/nonexistent-parque-root"});
    CHECK(result.exitCode == 0);
    CHECK(parque::inventory::decodeInventory(result.out).content.versionclient);
}

TEST_CASE("Command: --output writes the file", "[agent][command]") {
    const fs::path out = fs::temp_directory_path() / "parque-agent-test-output.json";
    fs::remove(out);
    const std::string root = std::string(PARQUE_FIXTURES_DIR) + "/hosts/vm";
    CHECK(runProgram({PARQUE_AGENT_BINARY, "inventory", "--root", root, "--output", out.string()})
              .exitCode == 0);
    std::ifstream in(out);
    std::ostringstream text;
    text << in.rdbuf();
    CHECK(parque::inventory::decodeInventory(text.str()).content.hardware);
    fs::remove(out);
}

TEST_CASE("Command: --output to a device writes through it and leaves it a device",
          "[agent][command]") {
    const std::string root = std::string(PARQUE_FIXTURES_DIR) + "/hosts/vm";
    CHECK(runProgram({PARQUE_AGENT_BINARY, "inventory", "--root", root, "--output", "/dev/null"})
              .exitCode == 0);
    CHECK(fs::is_character_file("/dev/null"));
    CHECK_FALSE(fs::exists("/dev/null.tmp"));
}

namespace {

// The shared libraries the dynamic loader maps for `program` (what ldd shows), without running it.
std::string loadedLibraries(const std::string& program) {
    ::setenv("LD_TRACE_LOADED_OBJECTS", "1", 1);
    const auto result = runProgram({program});
    ::unsetenv("LD_TRACE_LOADED_OBJECTS");
    return result.out;
}

}  // namespace

TEST_CASE("Command: inventory loads no runtime library; the runtime program does",
          "[agent][command]") {
    const std::string front = loadedLibraries(PARQUE_AGENT_BINARY);
    REQUIRE(front.find("libhwloc") != std::string::npos);
    CHECK(front.find("libPoco") == std::string::npos);
    CHECK(front.find("libssl") == std::string::npos);
    CHECK(front.find("libcrypto") == std::string::npos);
    const std::string runtime = loadedLibraries(
        (fs::path(PARQUE_AGENT_BINARY).parent_path() / "parque-agent-runtime").string());
    CHECK(runtime.find("libPocoNetSSL") != std::string::npos);
    CHECK(runtime.find("libssl") != std::string::npos);
}

TEST_CASE("Command: a runtime command without parque-agent-runtime beside it fails with 1",
          "[agent][command]") {
    const fs::path folder = fs::temp_directory_path() / "parque-agent-alone";
    fs::remove_all(folder);
    fs::create_directories(folder);
    fs::copy_file(PARQUE_AGENT_BINARY, folder / "parque-agent");
    CHECK(runProgram({(folder / "parque-agent").string(), "status"}).exitCode == 1);
    CHECK(runProgram({(folder / "parque-agent").string(), "--version"}).exitCode == 0);
    fs::remove_all(folder);
}
