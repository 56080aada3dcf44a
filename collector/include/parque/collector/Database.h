// The collector's database: a pool of Poco::Data sessions, the SQL dialect seam and the schema
// migrations. Every statement is parameterised; SQL text is written with '?' placeholders and the
// dialect rewrites it for the backend (SQLite keeps '?', PostgreSQL gets $1, $2, ...).
#pragma once

#include <Poco/Data/Session.h>
#include <Poco/Data/SessionPool.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace parque::collector {

enum class Backend { Sqlite, Postgresql };

struct DatabaseConfig {
    Backend backend = Backend::Sqlite;
    std::string connection;  // SQLite: the database file; PostgreSQL: a libpq connection string
    int maxSessions = 32;
};

class Database {
public:
    explicit Database(const DatabaseConfig& config);  // opens, tunes and migrates
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    Poco::Data::Session session();  // a pooled session for reads
    // One write transaction at a time (SQLite has a single writer): the guard holds the lock and a
    // session with BEGIN IMMEDIATE issued; commit() or the destructor's rollback ends it.
    class WriteTransaction {
    public:
        explicit WriteTransaction(Database& database);
        ~WriteTransaction();
        WriteTransaction(const WriteTransaction&) = delete;
        WriteTransaction& operator=(const WriteTransaction&) = delete;
        Poco::Data::Session& session() { return session_; }
        void commit();

    private:
        std::unique_lock<std::mutex> lock_;
        Poco::Data::Session session_;
        bool open_ = true;
    };

    // Group commit: runs `work` in a write transaction shared with the writers waiting at the same
    // moment, each in its own SAVEPOINT (a failing work rolls back only itself). Returns once the
    // COMMIT that made it durable is done, or rethrows what `work` (or the commit) threw.
    void write(const std::function<void(Poco::Data::Session&)>& work);

    // SQL written with '?' placeholders, as the backend wants it.
    std::string sql(const std::string& text) const;
    Backend backend() const { return config_.backend; }
    int schemaVersion();
    std::string check();  // "" when a trivial query works, else the reason

private:
    struct PendingWrite;
    void migrate();
    void runBatch(const std::vector<PendingWrite*>& batch);
    void tune(Poco::Data::Session& session);
    DatabaseConfig config_;
    std::unique_ptr<Poco::Data::SessionPool> pool_;
    std::mutex writeMutex_;
    std::mutex queueMutex_;
    std::condition_variable queueChanged_;
    std::deque<PendingWrite*> queue_;
    bool leaderActive_ = false;
    std::mutex tunedMutex_;
    std::set<const void*> tuned_;  // connections with their per-connection settings applied
};

// The current UTC time as stored: "2026-11-23T13:45:00Z" (sorts as text).
std::string utcNow();
std::string utcTime(std::int64_t unixSeconds);

}  // namespace parque::collector
