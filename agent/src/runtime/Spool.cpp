#include "parque/agent/runtime/Spool.h"

#include "SqliteDb.h"

#include <ctime>
#include <stdexcept>

namespace parque::agent {

namespace {

constexpr int kSchemaVersion = 1;

std::string utcTime(std::int64_t unixTime) {
    const auto seconds = static_cast<std::time_t>(unixTime);
    std::tm parts{};
    char text[32] = {};
    if (gmtime_r(&seconds, &parts) == nullptr ||
        std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts) == 0) {
        return "@" + std::to_string(unixTime);
    }
    return text;
}

std::size_t toSize(std::int64_t value) { return value < 0 ? 0 : static_cast<std::size_t>(value); }

std::int64_t toInt64(std::size_t value) { return static_cast<std::int64_t>(value); }

}  // namespace

Spool::Spool(SqliteDb& db, SpoolLimits limits) : db_(db), limits_(limits) {
    if (limits.maxCount == 0 || limits.maxBytes == 0) {
        throw std::invalid_argument("spool limits must be at least 1 submission and 1 byte");
    }
    createSchema();
}

void Spool::createSchema() {
    Transaction transaction(db_);
    requireSchemaVersion(db_, kSchemaVersion);
    db_.exec(
        "CREATE TABLE IF NOT EXISTS spool ("
        " id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " idempotency_key TEXT NOT NULL UNIQUE,"
        " body BLOB NOT NULL,"
        " size INTEGER NOT NULL,"
        " partial INTEGER NOT NULL,"
        " created_unix INTEGER NOT NULL,"
        " attempts INTEGER NOT NULL DEFAULT 0,"
        " last_error TEXT NOT NULL DEFAULT '');"
        "CREATE TABLE IF NOT EXISTS spool_meta ("
        " id INTEGER PRIMARY KEY CHECK (id = 1),"
        " dropped_total INTEGER NOT NULL,"
        " last_drop TEXT NOT NULL);"
        "INSERT OR IGNORE INTO spool_meta (id, dropped_total, last_drop) VALUES (1, 0, '');");
    transaction.commit();
}

std::size_t Spool::queuedCount() {
    Statement query = db_.prepare("SELECT count(*) FROM spool");
    query.step();
    return toSize(query.columnInt64(0));
}

std::size_t Spool::queuedBytes() {
    Statement query = db_.prepare("SELECT coalesce(sum(size), 0) FROM spool");
    query.step();
    return toSize(query.columnInt64(0));
}

// Deletes the oldest submission and returns the warning; call inside a transaction.
std::string Spool::dropOldest(const std::string& reason) {
    Statement oldest =
        db_.prepare("SELECT id, idempotency_key, created_unix FROM spool ORDER BY id LIMIT 1");
    if (!oldest.step()) {
        throw std::logic_error("spool: nothing to drop");
    }
    const std::int64_t id = oldest.columnInt64(0);
    std::string warning = "dropped submission " + oldest.columnString(1) + " from " +
                          utcTime(oldest.columnInt64(2)) + " (" + reason + ")";
    db_.prepare("DELETE FROM spool WHERE id = ?").bind(1, id).step();
    db_.prepare("UPDATE spool_meta SET dropped_total = dropped_total + 1, last_drop = ?")
        .bindText(1, warning)
        .step();
    return warning;
}

std::vector<std::string> Spool::enqueue(const std::string& idempotencyKey, const std::string& body,
                                        bool partial) {
    if (idempotencyKey.empty()) {
        throw std::invalid_argument("spool: empty idempotency key");
    }
    if (body.size() > limits_.maxBytes) {
        throw std::length_error("spool: submission " + idempotencyKey + " is " +
                                std::to_string(body.size()) + " bytes, over the " +
                                std::to_string(limits_.maxBytes) + "-byte queue limit");
    }
    Transaction transaction(db_);
    Statement existing = db_.prepare("SELECT 1 FROM spool WHERE idempotency_key = ?");
    if (existing.bindText(1, idempotencyKey).step()) {
        throw std::invalid_argument("spool: submission " + idempotencyKey + " is already queued");
    }
    std::vector<std::string> warnings;
    std::size_t count = queuedCount();
    while (count > 0 && count + 1 > limits_.maxCount) {
        warnings.push_back(
            dropOldest("queue full: " + std::to_string(limits_.maxCount) + " submissions"));
        --count;
    }
    while (count > 0 && queuedBytes() + body.size() > limits_.maxBytes) {
        warnings.push_back(
            dropOldest("queue full: " + std::to_string(limits_.maxBytes) + " bytes"));
        --count;
    }
    db_.prepare(
           "INSERT INTO spool (idempotency_key, body, size, partial, created_unix)"
           " VALUES (?, ?, ?, ?, ?)")
        .bindText(1, idempotencyKey)
        .bindBlob(2, body)
        .bind(3, toInt64(body.size()))
        .bind(4, partial ? 1 : 0)
        .bind(5, static_cast<std::int64_t>(std::time(nullptr)))
        .step();
    transaction.commit();
    return warnings;
}

std::optional<Submission> Spool::front() {
    Statement query = db_.prepare(
        "SELECT id, idempotency_key, body, partial, created_unix, attempts, last_error"
        " FROM spool ORDER BY id LIMIT 1");
    if (!query.step()) {
        return std::nullopt;
    }
    Submission submission;
    submission.id = query.columnInt64(0);
    submission.idempotencyKey = query.columnString(1);
    submission.body = query.columnString(2);
    submission.partial = query.columnInt64(3) != 0;
    submission.createdUnix = query.columnInt64(4);
    submission.attempts = static_cast<int>(query.columnInt64(5));
    submission.lastError = query.columnString(6);
    return submission;
}

void Spool::acknowledge(std::int64_t id) {
    db_.prepare("DELETE FROM spool WHERE id = ?").bind(1, id).step();
}

void Spool::recordFailure(std::int64_t id, const std::string& error) {
    db_.prepare(
           "UPDATE spool SET attempts = min(attempts + 1, 2147483647), last_error = ?"
           " WHERE id = ?")
        .bindText(1, error)
        .bind(2, id)
        .step();
}

SpoolStats Spool::stats() {
    SpoolStats stats;
    Statement meta = db_.prepare("SELECT dropped_total, last_drop FROM spool_meta WHERE id = 1");
    if (meta.step()) {
        stats.droppedTotal = toSize(meta.columnInt64(0));
        stats.lastDrop = meta.columnString(1);
    }
    stats.count = queuedCount();
    stats.bytes = queuedBytes();
    return stats;
}

}  // namespace parque::agent
