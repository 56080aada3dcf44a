// The agent's offline queue: submissions that could not be delivered yet wait in the agent's
// SQLite (WAL) database, oldest first, bounded by count and bytes. Every change is committed
// (synchronous=FULL) before the call returns, so a crash never loses an accepted submission.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace parque::agent {

class SqliteDb;

struct SpoolLimits {
    std::size_t maxCount = 100;
    std::size_t maxBytes = 32u << 20u;  // sum of the queued bodies
};

struct Submission {
    std::int64_t id = 0;         // queue position: increases with every enqueue, never reused
    std::string idempotencyKey;  // the collector accepts each key once
    std::string body;            // JSON, uncompressed
    bool partial = false;
    std::int64_t createdUnix = 0;
    int attempts = 0;  // failed delivery attempts so far
    std::string lastError;
};

struct SpoolStats {
    std::size_t count = 0;
    std::size_t bytes = 0;
    std::size_t droppedTotal = 0;  // since the database was created
    std::string lastDrop;          // the last drop warning, "" when none
};

class Spool {
public:
    // Creates the tables when missing. Throws std::invalid_argument for zero limits and
    // std::runtime_error when the database schema is newer than this agent.
    Spool(SqliteDb& db, SpoolLimits limits);

    // Queues a submission at the back, dropping the oldest ones to make room, all in one
    // transaction. Returns one warning per dropped submission, oldest first, e.g.
    // "dropped submission <key> from 2024-05-01T10:00:00Z (queue full: 100 submissions)".
    // Throws std::length_error when the body alone exceeds maxBytes, std::invalid_argument
    // for an empty or already queued idempotency key.
    std::vector<std::string> enqueue(const std::string& idempotencyKey, const std::string& body,
                                     bool partial);

    std::optional<Submission> front();  // the oldest, or nothing when empty
    // Delivered: removes it. An unknown id (already dropped or acknowledged) is ignored.
    void acknowledge(std::int64_t id);
    // Delivery failed: attempts + 1 and the error. An unknown id is ignored.
    void recordFailure(std::int64_t id, const std::string& error);
    SpoolStats stats();

private:
    void createSchema();
    std::string dropOldest(const std::string& reason);
    std::size_t queuedBytes();
    std::size_t queuedCount();

    SqliteDb& db_;
    SpoolLimits limits_;
};

}  // namespace parque::agent
