// A small RAII wrapper over the sqlite3 C API, shared by the agent's spool and state. Every
// failure throws std::runtime_error naming the database file and sqlite3_errmsg.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

struct sqlite3;
struct sqlite3_stmt;

namespace parque::agent {

class SqliteDb;

// One prepared statement. Parameter and column indexes follow SQLite: parameters from 1,
// columns from 0.
class Statement {
public:
    Statement(SqliteDb& db, const std::string& sql);

    Statement& bind(int index, std::int64_t value);
    Statement& bindText(int index, const std::string& value);
    Statement& bindBlob(int index, const std::string& value);  // keeps embedded NUL bytes
    Statement& bindNull(int index);

    bool step();   // true: a row is available; false: done
    void reset();  // to run again; keeps the bindings

    std::int64_t columnInt64(int column);
    std::string columnString(int column);  // TEXT or BLOB, exact bytes; NULL gives ""
    bool columnIsNull(int column);

private:
    struct Finalizer {
        void operator()(sqlite3_stmt* statement) const;
    };
    void checkColumn(int column);
    void checkBind(int rc, int index);

    SqliteDb& db_;
    std::string sql_;
    std::unique_ptr<sqlite3_stmt, Finalizer> statement_;
};

class SqliteDb {
public:
    // Creates the parent directory and the file (mode 0600) when missing, then sets
    // journal_mode=WAL, synchronous=FULL, busy_timeout=5000.
    explicit SqliteDb(const std::filesystem::path& path);
    SqliteDb(const SqliteDb&) = delete;
    SqliteDb& operator=(const SqliteDb&) = delete;

    void exec(const std::string& sql);  // one or more statements, no results
    Statement prepare(const std::string& sql) { return Statement(*this, sql); }
    std::int64_t lastInsertRowid();
    int changes();  // rows changed by the last INSERT/UPDATE/DELETE

    int userVersion();
    void setUserVersion(int version);

    const std::filesystem::path& path() const { return path_; }
    sqlite3* handle() { return db_.get(); }

    // Throws std::runtime_error("<path>: <what>: <sqlite3_errmsg>").
    [[noreturn]] void fail(const std::string& what);

private:
    struct Closer {
        void operator()(sqlite3* db) const;
    };

    std::filesystem::path path_;
    std::unique_ptr<sqlite3, Closer> db_;
};

// BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless commit() ran.
class Transaction {
public:
    explicit Transaction(SqliteDb& db);
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();

    void commit();

private:
    SqliteDb& db_;
    bool open_ = true;
};

// Checks PRAGMA user_version against the highest version this build understands: throws when
// the file is newer, stamps `version` when it is 0 (fresh). Call inside a Transaction.
void requireSchemaVersion(SqliteDb& db, int version);

}  // namespace parque::agent
