// kill -9 at random moments while submissions are being queued: every submission whose enqueue
// returned must be there afterwards, once, in order, intact, in a database that passes
// PRAGMA integrity_check.
#include "parque/agent/runtime/Spool.h"

#include "../../../agent/src/runtime/SqliteDb.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#ifndef PARQUE_SPOOL_CRASH_WRITER
#error "define PARQUE_SPOOL_CRASH_WRITER as the path of the spool_crash_writer program"
#endif

extern char** environ;

namespace {

struct CrashTempDir {
    std::filesystem::path path;
    CrashTempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "parque-crash-XXXXXX");
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        path = pattern;
    }
    ~CrashTempDir() { std::filesystem::remove_all(path); }
    CrashTempDir(const CrashTempDir&) = delete;
    CrashTempDir& operator=(const CrashTempDir&) = delete;
};

// Same as in spool_crash_writer.cpp.
std::string crashBody(const std::string& key) {
    std::size_t sum = 0;
    for (const char c : key) {
        sum = sum * 31 + static_cast<unsigned char>(c);
    }
    std::string body = "{\"key\":\"" + key + "\",\"pad\":\"";
    const std::size_t pad = 64 + sum % 9000;
    for (std::size_t i = 0; i < pad; ++i) {
        body += static_cast<char>('a' + (sum + i) % 26);
    }
    return body + "\"}";
}

struct SpawnActions {
    posix_spawn_file_actions_t actions{};
    SpawnActions() { REQUIRE(posix_spawn_file_actions_init(&actions) == 0); }
    ~SpawnActions() { posix_spawn_file_actions_destroy(&actions); }
    SpawnActions(const SpawnActions&) = delete;
    SpawnActions& operator=(const SpawnActions&) = delete;
};

// Starts the writer with stdout in `out`, kills it after `delay`, reaps it.
void runAndKill(const std::vector<std::string>& args, const std::filesystem::path& out,
                std::chrono::milliseconds delay) {
    SpawnActions spawn;
    REQUIRE(posix_spawn_file_actions_addopen(&spawn.actions, STDOUT_FILENO, out.c_str(),
                                             O_WRONLY | O_CREAT | O_TRUNC, 0600) == 0);
    std::vector<std::string> storage = args;
    std::vector<char*> argv;
    argv.reserve(storage.size() + 1);
    for (auto& arg : storage) {
        argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    pid_t pid = 0;
    REQUIRE(posix_spawn(&pid, storage[0].c_str(), &spawn.actions, nullptr, argv.data(), environ) ==
            0);
    std::this_thread::sleep_for(delay);
    ::kill(pid, SIGKILL);
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    const bool killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
    const bool finished = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    REQUIRE((killed || finished));
}

// Complete lines only: the kill may interrupt a write.
std::vector<std::string> printedKeys(const std::filesystem::path& out) {
    std::ifstream in(out, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::string> keys;
    std::size_t start = 0;
    for (std::size_t end = text.find('\n'); end != std::string::npos;
         start = end + 1, end = text.find('\n', start)) {
        keys.push_back(text.substr(start, end - start));
    }
    return keys;
}

}  // namespace

TEST_CASE("Spool: kill -9 while enqueueing loses no committed submission", "[spool][crash]") {
    CrashTempDir tmp;
    const auto dbPath = tmp.path / "agent.db";
    std::mt19937_64 rng(std::random_device{}());
    std::uniform_int_distribution<int> extra(0, 40);
    std::size_t totalPrinted = 0;
    const int baseDelays[] = {5, 30, 70, 120, 200};
    for (int round = 0; round < 5; ++round) {
        const auto delay = std::chrono::milliseconds(baseDelays[round] + extra(rng));
        const std::string prefix = "r" + std::to_string(round);
        const auto out = tmp.path / (prefix + ".out");
        INFO("round " << round << ", killed after " << delay.count() << " ms");
        runAndKill({PARQUE_SPOOL_CRASH_WRITER, dbPath.string(), prefix, "1000000"}, out, delay);
        const auto printed = printedKeys(out);
        totalPrinted += printed.size();

        parque::agent::SqliteDb db(dbPath);
        auto check = db.prepare("PRAGMA integrity_check");
        REQUIRE(check.step());
        CHECK(check.columnString(0) == "ok");

        // Drain: keys must be prefix-0, prefix-1, ... with no gap or duplicate; every printed
        // key among them, and at most one more (committed, killed before printing).
        parque::agent::Spool spool(db, parque::agent::SpoolLimits{1000000, 1u << 30u});
        parque::agent::Transaction batch(db);  // one commit for the whole drain: fast
        std::size_t n = 0;
        while (auto submission = spool.front()) {
            const std::string expected = prefix + "-" + std::to_string(n);
            REQUIRE(submission->idempotencyKey == expected);
            REQUIRE(submission->body == crashBody(expected));
            CHECK(submission->partial == (n % 3 == 0));
            spool.acknowledge(submission->id);
            ++n;
        }
        batch.commit();
        CHECK(n >= printed.size());
        CHECK(n <= printed.size() + 1);
        std::vector<std::string> expected;
        for (std::size_t i = 0; i < printed.size(); ++i) {
            expected.push_back(prefix + "-" + std::to_string(i));
        }
        CHECK(printed == expected);
    }
    CHECK(totalPrinted > 0);  // the writer got far enough to commit something
}
