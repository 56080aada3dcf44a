#include "SqliteDb.h"

#include "PrivateFile.h"

#include <sqlite3.h>

#include <cerrno>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <system_error>

namespace parque::agent {

namespace {

// Creates the parent folder and the file itself with mode 0600 before SQLite opens it: SQLite
// gives its -wal and -shm files the permissions of the database file.
void prepareFile(const std::filesystem::path& path) {
    if (path.empty()) {
        throw std::runtime_error("SQLite database path is empty");
    }
    const auto parent = path.parent_path();
    if (!parent.empty()) {
        std::error_code error;
        std::filesystem::create_directories(parent, error);
        if (error) {
            throw std::runtime_error(path.string() + ": cannot create folder " + parent.string() +
                                     ": " + error.message());
        }
    }
    createPrivateFile(path);
}

}  // namespace

// ---- Statement ----

void Statement::Finalizer::operator()(sqlite3_stmt* statement) const {
    sqlite3_finalize(statement);
}

Statement::Statement(SqliteDb& db, const std::string& sql) : db_(db), sql_(sql) {
    if (sql.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
        throw std::length_error("SQL statement too long");
    }
    sqlite3_stmt* raw = nullptr;
    const int rc =
        sqlite3_prepare_v2(db.handle(), sql.c_str(), static_cast<int>(sql.size()), &raw, nullptr);
    statement_.reset(raw);
    if (rc != SQLITE_OK || raw == nullptr) {
        db.fail("cannot prepare \"" + sql + "\"");
    }
}

void Statement::checkBind(int rc, int index) {
    if (rc != SQLITE_OK) {
        db_.fail("cannot bind parameter " + std::to_string(index) + " of \"" + sql_ + "\"");
    }
}

Statement& Statement::bind(int index, std::int64_t value) {
    checkBind(sqlite3_bind_int64(statement_.get(), index, value), index);
    return *this;
}

Statement& Statement::bindText(int index, const std::string& value) {
    checkBind(sqlite3_bind_text64(statement_.get(), index, value.data(), value.size(),
                                  SQLITE_TRANSIENT, SQLITE_UTF8),
              index);
    return *this;
}

Statement& Statement::bindBlob(int index, const std::string& value) {
    // A zero-length blob from an empty string's data() would be fine, but be explicit.
    const int rc = value.empty() ? sqlite3_bind_zeroblob(statement_.get(), index, 0)
                                 : sqlite3_bind_blob64(statement_.get(), index, value.data(),
                                                       value.size(), SQLITE_TRANSIENT);
    checkBind(rc, index);
    return *this;
}

Statement& Statement::bindNull(int index) {
    checkBind(sqlite3_bind_null(statement_.get(), index), index);
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(statement_.get());
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    db_.fail("cannot run \"" + sql_ + "\"");
}

void Statement::reset() { sqlite3_reset(statement_.get()); }

void Statement::checkColumn(int column) {
    if (column < 0 || column >= sqlite3_column_count(statement_.get())) {
        throw std::out_of_range("column " + std::to_string(column) + " out of range in \"" + sql_ +
                                "\"");
    }
}

std::int64_t Statement::columnInt64(int column) {
    checkColumn(column);
    return sqlite3_column_int64(statement_.get(), column);
}

std::string Statement::columnString(int column) {
    checkColumn(column);
    const void* data = sqlite3_column_blob(statement_.get(), column);
    const int size = sqlite3_column_bytes(statement_.get(), column);
    if (data == nullptr || size <= 0) {
        if (sqlite3_errcode(db_.handle()) == SQLITE_NOMEM) {
            db_.fail("cannot read column " + std::to_string(column));
        }
        return {};
    }
    return std::string(static_cast<const char*>(data), static_cast<std::size_t>(size));
}

bool Statement::columnIsNull(int column) {
    checkColumn(column);
    return sqlite3_column_type(statement_.get(), column) == SQLITE_NULL;
}

// ---- SqliteDb ----

void SqliteDb::Closer::operator()(sqlite3* db) const { sqlite3_close_v2(db); }

SqliteDb::SqliteDb(const std::filesystem::path& path) : path_(path) {
    prepareFile(path);
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.u8string().c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);
    db_.reset(raw);
    if (raw == nullptr) {
        throw std::runtime_error(path.string() + ": cannot open SQLite database: out of memory");
    }
    if (rc != SQLITE_OK) {
        fail("cannot open SQLite database");
    }
    sqlite3_extended_result_codes(raw, 1);
    if (sqlite3_busy_timeout(raw, 5000) != SQLITE_OK) {
        fail("cannot set busy timeout");
    }
    Statement journal(*this, "PRAGMA journal_mode=WAL");
    if (!journal.step() || journal.columnString(0) != "wal") {
        throw std::runtime_error(path.string() + ": cannot switch SQLite database to WAL mode");
    }
    // Small page cache (the agent must stay tiny) and a bounded WAL file after checkpoints.
    exec("PRAGMA synchronous=FULL; PRAGMA cache_size=-512; PRAGMA journal_size_limit=4194304");
}

void SqliteDb::fail(const std::string& what) {
    const char* message = db_ ? sqlite3_errmsg(db_.get()) : "no database handle";
    throw std::runtime_error(path_.string() + ": " + what + ": " + message);
}

void SqliteDb::exec(const std::string& sql) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &message);
    const std::unique_ptr<char, decltype(&sqlite3_free)> owned(message, &sqlite3_free);
    if (rc != SQLITE_OK) {
        throw std::runtime_error(path_.string() + ": cannot run \"" + sql +
                                 "\": " + (message != nullptr ? message : sqlite3_errstr(rc)));
    }
}

std::int64_t SqliteDb::lastInsertRowid() { return sqlite3_last_insert_rowid(db_.get()); }

int SqliteDb::changes() { return sqlite3_changes(db_.get()); }

int SqliteDb::userVersion() {
    Statement query(*this, "PRAGMA user_version");
    if (!query.step()) {
        fail("cannot read user_version");
    }
    return static_cast<int>(query.columnInt64(0));
}

void SqliteDb::setUserVersion(int version) {
    exec("PRAGMA user_version=" + std::to_string(version));
}

// ---- Transaction ----

Transaction::Transaction(SqliteDb& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
    if (open_) {
        sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

void Transaction::commit() {
    db_.exec("COMMIT");
    open_ = false;
}

void requireSchemaVersion(SqliteDb& db, int version) {
    const int found = db.userVersion();
    if (found > version) {
        throw std::runtime_error(db.path().string() + ": database schema version " +
                                 std::to_string(found) + " is newer than this agent supports (" +
                                 std::to_string(version) + ")");
    }
    if (found < version) {
        db.setUserVersion(version);
    }
}

}  // namespace parque::agent
