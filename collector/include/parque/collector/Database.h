// The collector's database: a pool of Poco::Data sessions, the SQL dialect seam and the schema
// migrations. Every statement is parameterised; SQL text is written with '?' placeholders and the
// dialect rewrites it for the backend (SQLite keeps '?', PostgreSQL gets $1, $2, ...).
#pragma once

#include <Poco/Data/Session.h>
#include <Poco/Data/SessionPool.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace parque::collector {

enum class Backend { Sqlite, Postgresql };

struct DatabaseConfig {
    Backend backend = Backend::Sqlite;
    std::string connection;  // SQLite: the database file; PostgreSQL: a libpq connection string
    int maxSessions = 32;
};

// A prepared SQLite statement used through the raw handle (Database::prepare). Binding and
// stepping one costs a few microseconds; preparing a statement through Poco::Data costs tens.
// Parameters are numbered from 1, columns from 0. The destructor resets it (or finalizes it when
// it was prepared for one use), which ends its read of the database.
class SqlStatement {
public:
    SqlStatement(SqlStatement&& other) noexcept;
    SqlStatement& operator=(SqlStatement&&) = delete;
    SqlStatement(const SqlStatement&) = delete;
    SqlStatement& operator=(const SqlStatement&) = delete;
    ~SqlStatement();

    SqlStatement& bind(int index, std::string_view text);
    SqlStatement& bind(int index, const std::string& text) {
        return bind(index, std::string_view(text));
    }
    SqlStatement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    SqlStatement& bind(int index, const std::optional<std::string>& text);  // nullopt: NULL
    SqlStatement& bind(int index, std::int64_t value);
    SqlStatement& bindNull(int index);
    bool step();          // true when a row is ready; at the end it resets; throws on errors
    SqlStatement& run();  // steps to the end (and resets)
    SqlStatement& reset();
    int changes() const;  // rows changed by the last run
    bool isNull(int column) const;
    std::int64_t integer(int column) const;
    std::string text(int column) const;  // "" for NULL
    std::optional<std::string> optionalText(int column) const;

private:
    friend class Database;
    struct Slot;
    SqlStatement(sqlite3* db, sqlite3_stmt* statement, Slot* slot);
    [[noreturn]] void fail() const;
    sqlite3* db_;
    sqlite3_stmt* statement_;
    Slot* slot_;  // the cache entry lent out, or nullptr: finalized at the end
};

class Database {
public:
    explicit Database(const DatabaseConfig& config);  // opens, tunes and migrates
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    Poco::Data::Session session();  // a pooled session for reads
    // One write transaction at a time (SQLite has a single writer): the guard holds the lock and
    // the writer connection with BEGIN IMMEDIATE issued; commit() or the destructor's rollback
    // ends it.
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
        Poco::Data::Session session_;  // the writer connection
        Database& database_;
        bool open_ = true;
    };

    // Group commit: runs `work` in a write transaction shared with the writers waiting at the same
    // moment, each in its own SAVEPOINT (a failing work rolls back only itself). Returns once the
    // COMMIT that made it durable is done, or rethrows what `work` (or the commit) threw.
    void write(const std::function<void(Poco::Data::Session&)>& work);

    // `text` (SQL with '?' placeholders, through sql()) prepared on `session`'s connection. On
    // the writer connection (the session of write() and of every WriteTransaction, used under the
    // writer lock) and on read() connections, statements are prepared once and kept.
    SqlStatement prepare(Poco::Data::Session& session, const std::string& text);

    // Runs `work` on a reader connection of its own (kept open, with its statements prepared
    // once): for the reads on every request's path.
    void read(const std::function<void(Poco::Data::Session&)>& work);

    // SQL written with '?' placeholders, as the backend wants it.
    std::string sql(const std::string& text) const;
    Backend backend() const { return config_.backend; }
    int schemaVersion();
    std::string check();  // "" when a trivial query works, else the reason

private:
    struct PendingWrite;
    struct Connection;
    Poco::Data::Session openConnection();
    Connection* acquireReader();
    void releaseReader(Connection* reader);
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
    std::set<const void*> tuned_;         // connections with their per-connection settings applied
    std::unique_ptr<Connection> writer_;  // every write transaction, one at a time
    std::mutex readersMutex_;
    std::vector<std::unique_ptr<Connection>> readers_;
    std::vector<Connection*> idleReaders_;
    std::map<const sqlite3*, Connection*> byHandle_;  // the readers, for prepare()
};

// The current UTC time as stored: "2026-11-23T13:45:00Z" (sorts as text).
std::string utcNow();
std::string utcTime(std::int64_t unixSeconds);

}  // namespace parque::collector
