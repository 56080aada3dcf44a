// Helper for the spool crash test: enqueues submissions "<prefix>-<n>" one after another and
// prints each key on stdout once enqueue() has returned (committed). The test kills it with
// SIGKILL at a random moment. Usage: spool_crash_writer <db> <prefix> <count>
#include "parque/agent/runtime/Spool.h"

#include "../../../agent/src/runtime/SqliteDb.h"

#include <cstdio>
#include <exception>
#include <string>

namespace {

// The body for a key: the test derives the same one to check it arrived intact. Sizes vary from
// 64 bytes to ~9 KB so some bodies span SQLite overflow pages.
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

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: spool_crash_writer <db> <prefix> <count>\n");
        return 2;
    }
    try {
        const std::string prefix = argv[2];
        const unsigned long count = std::stoul(argv[3]);
        parque::agent::SqliteDb db(argv[1]);
        parque::agent::Spool spool(db, parque::agent::SpoolLimits{1000000, 1u << 30u});
        for (unsigned long n = 0; n < count; ++n) {
            const std::string key = prefix + "-" + std::to_string(n);
            spool.enqueue(key, crashBody(key), n % 3 == 0);
            std::fputs((key + "\n").c_str(), stdout);
            std::fflush(stdout);
        }
    } catch (const std::exception& error) {
        std::fprintf(stderr, "spool_crash_writer: %s\n", error.what());
        return 1;
    }
    return 0;
}
