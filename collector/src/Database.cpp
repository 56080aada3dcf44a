#include "parque/collector/Database.h"

#include "Schema.h"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/Utility.h>
#include <Poco/Exception.h>
#include <sqlite3.h>

#include <ctime>
#include <filesystem>
#include <stdexcept>
#include <unordered_map>

using namespace Poco::Data::Keywords;

namespace parque::collector {
namespace {

const char* connectorName(Backend backend) {
    return backend == Backend::Sqlite ? "SQLite" : "PostgreSQL";
}

void tuneSqlite(Poco::Data::Session& session) {
    session << "PRAGMA journal_mode=WAL", now;
    session << "PRAGMA busy_timeout=10000", now;
}

sqlite3_stmt* prepareRaw(sqlite3* db, const std::string& sql) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &statement, nullptr) !=
        SQLITE_OK) {
        throw std::runtime_error("SQLite: " + std::string(sqlite3_errmsg(db)) + " in: " + sql);
    }
    return statement;
}

}  // namespace

// ---- SqlStatement -------------------------------------------------------------------------------

struct SqlStatement::Slot {
    sqlite3_stmt* statement = nullptr;
    bool lent = false;
};

SqlStatement::SqlStatement(sqlite3* db, sqlite3_stmt* statement, Slot* slot)
    : db_(db), statement_(statement), slot_(slot) {}

SqlStatement::SqlStatement(SqlStatement&& other) noexcept
    : db_(other.db_), statement_(other.statement_), slot_(other.slot_) {
    other.statement_ = nullptr;
    other.slot_ = nullptr;
}

SqlStatement::~SqlStatement() {
    if (statement_ == nullptr) {
        return;
    }
    if (slot_ == nullptr) {
        sqlite3_finalize(statement_);
        return;
    }
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
    slot_->lent = false;
}

void SqlStatement::fail() const {
    const std::string message =
        "SQLite: " + std::string(sqlite3_errmsg(db_)) + " in: " + sqlite3_sql(statement_);
    sqlite3_reset(statement_);
    throw std::runtime_error(message);
}

SqlStatement& SqlStatement::reset() {
    sqlite3_reset(statement_);
    return *this;
}

SqlStatement& SqlStatement::bind(int index, std::string_view text) {
    if (sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()),
                          SQLITE_TRANSIENT) != SQLITE_OK) {
        fail();
    }
    return *this;
}

SqlStatement& SqlStatement::bind(int index, const std::optional<std::string>& text) {
    return text ? bind(index, std::string_view(*text)) : bindNull(index);
}

SqlStatement& SqlStatement::bind(int index, std::int64_t value) {
    if (sqlite3_bind_int64(statement_, index, value) != SQLITE_OK) {
        fail();
    }
    return *this;
}

SqlStatement& SqlStatement::bindNull(int index) {
    if (sqlite3_bind_null(statement_, index) != SQLITE_OK) {
        fail();
    }
    return *this;
}

bool SqlStatement::step() {
    const int rc = sqlite3_step(statement_);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc != SQLITE_DONE) {
        fail();
    }
    sqlite3_reset(statement_);
    return false;
}

SqlStatement& SqlStatement::run() {
    while (step()) {
    }
    return *this;
}

int SqlStatement::changes() const { return sqlite3_changes(db_); }

bool SqlStatement::isNull(int column) const {
    return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

std::int64_t SqlStatement::integer(int column) const {
    return sqlite3_column_int64(statement_, column);
}

std::string SqlStatement::text(int column) const {
    const unsigned char* data = sqlite3_column_text(statement_, column);
    const int size = sqlite3_column_bytes(statement_, column);
    return data == nullptr
               ? std::string()
               : std::string(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size));
}

std::optional<std::string> SqlStatement::optionalText(int column) const {
    if (isNull(column)) {
        return std::nullopt;
    }
    return text(column);
}

// ---- connections with their prepared statements --------------------------------------------

struct Database::Connection {
    explicit Connection(Poco::Data::Session opened)
        : session(std::move(opened)), handle(Poco::Data::SQLite::Utility::dbHandle(session)) {}
    ~Connection() {
        for (auto& entry : statements) {
            sqlite3_finalize(entry.second->statement);
        }
    }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    Poco::Data::Session session;
    sqlite3* handle;
    std::unordered_map<std::string, std::unique_ptr<SqlStatement::Slot>> statements;
};

Poco::Data::Session Database::openConnection() {
    Poco::Data::Session session(connectorName(config_.backend), config_.connection);
    session << "PRAGMA busy_timeout=10000", now;
    session << "PRAGMA synchronous=FULL", now;
    return session;
}

SqlStatement Database::prepare(Poco::Data::Session& session, const std::string& text) {
    if (config_.backend != Backend::Sqlite) {
        throw std::logic_error("prepared statements are SQLite only");
    }
    sqlite3* handle = Poco::Data::SQLite::Utility::dbHandle(session);
    Connection* connection = nullptr;
    if (writer_ && handle == writer_->handle) {
        connection = writer_.get();  // guarded by the writer lock its caller holds
    } else {
        const std::lock_guard<std::mutex> lock(readersMutex_);
        const auto found = byHandle_.find(handle);
        connection = found == byHandle_.end() ? nullptr : found->second;
    }
    const std::string query = sql(text);
    if (connection != nullptr) {  // a reader is used by one thread at a time
        auto found = connection->statements.find(query);
        if (found == connection->statements.end()) {
            auto made = std::make_unique<SqlStatement::Slot>();
            made->statement = prepareRaw(handle, query);  // throws before anything is kept
            found = connection->statements.emplace(query, std::move(made)).first;
        }
        SqlStatement::Slot* slot = found->second.get();
        if (!slot->lent) {
            slot->lent = true;
            return SqlStatement(handle, slot->statement, slot);
        }
    }
    return SqlStatement(handle, prepareRaw(handle, query), nullptr);
}

Database::Connection* Database::acquireReader() {
    const std::lock_guard<std::mutex> lock(readersMutex_);
    if (!idleReaders_.empty()) {
        Connection* reader = idleReaders_.back();
        idleReaders_.pop_back();
        return reader;
    }
    readers_.push_back(std::make_unique<Connection>(openConnection()));
    Connection* reader = readers_.back().get();
    byHandle_[reader->handle] = reader;
    return reader;
}

void Database::releaseReader(Connection* reader) {
    const std::lock_guard<std::mutex> lock(readersMutex_);
    idleReaders_.push_back(reader);
}

void Database::read(const std::function<void(Poco::Data::Session&)>& work) {
    Connection* reader = acquireReader();
    struct Release {
        Database& database;
        Connection* reader;
        ~Release() { database.releaseReader(reader); }
    } release{*this, reader};
    work(reader->session);
}

std::string utcTime(std::int64_t unixSeconds) {
    const std::time_t t = static_cast<std::time_t>(unixSeconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

std::string utcNow() { return utcTime(static_cast<std::int64_t>(std::time(nullptr))); }

Database::Database(const DatabaseConfig& config) : config_(config) {
    if (config_.backend != Backend::Sqlite) {
        throw std::invalid_argument(
            "this build stores devices in SQLite only; PostgreSQL support is not built yet");
    }
    Poco::Data::SQLite::Connector::registerConnector();
    const std::filesystem::path file(config_.connection);
    if (file.has_parent_path()) {
        std::filesystem::create_directories(file.parent_path());
    }
    pool_ = std::make_unique<Poco::Data::SessionPool>(connectorName(config_.backend),
                                                      config_.connection, 1, config_.maxSessions);
    writer_ = std::make_unique<Connection>(openConnection());
    migrate();
}

Database::~Database() {
    // Statements first (Connection's destructor), then their connections, then the pool.
    byHandle_.clear();
    idleReaders_.clear();
    readers_.clear();
    writer_.reset();
}

Poco::Data::Session Database::session() {
    Poco::Data::Session session = pool_->get();
    tune(session);
    return session;
}

// Per-connection settings, once per pooled connection. synchronous=FULL: a submission
// acknowledged to an agent survives a power cut too (group commit pays for it).
void Database::tune(Poco::Data::Session& session) {
    if (config_.backend != Backend::Sqlite) {
        return;
    }
    const void* connection = Poco::Data::SQLite::Utility::dbHandle(session);
    {
        const std::lock_guard<std::mutex> lock(tunedMutex_);
        if (tuned_.count(connection) > 0) {
            return;
        }
    }
    session << "PRAGMA busy_timeout=10000", now;
    session << "PRAGMA synchronous=FULL", now;
    const std::lock_guard<std::mutex> lock(tunedMutex_);
    tuned_.insert(connection);
}

struct Database::PendingWrite {
    const std::function<void(Poco::Data::Session&)>* work;
    std::exception_ptr error;
    bool done = false;
};

void Database::write(const std::function<void(Poco::Data::Session&)>& work) {
    PendingWrite mine{&work, nullptr, false};
    std::unique_lock<std::mutex> lock(queueMutex_);
    queue_.push_back(&mine);
    while (!mine.done) {
        if (leaderActive_) {
            queueChanged_.wait(lock);
            continue;
        }
        leaderActive_ = true;  // this thread commits everything queued so far
        std::vector<PendingWrite*> batch(queue_.begin(), queue_.end());
        queue_.clear();
        lock.unlock();
        runBatch(batch);
        lock.lock();
        for (PendingWrite* pending : batch) {
            pending->done = true;
        }
        leaderActive_ = false;
        queueChanged_.notify_all();
    }
    if (mine.error) {
        std::rethrow_exception(mine.error);
    }
}

void Database::runBatch(const std::vector<PendingWrite*>& batch) {
    try {
        WriteTransaction tx(*this);
        for (PendingWrite* pending : batch) {
            prepare(tx.session(), "SAVEPOINT parque_write").run();
            try {
                (*pending->work)(tx.session());
                prepare(tx.session(), "RELEASE parque_write").run();
            } catch (...) {
                pending->error = std::current_exception();
                prepare(tx.session(), "ROLLBACK TO parque_write").run();
                prepare(tx.session(), "RELEASE parque_write").run();
            }
        }
        tx.commit();
    } catch (...) {  // the transaction itself failed: nothing of the batch is stored
        for (PendingWrite* pending : batch) {
            if (!pending->error) {
                pending->error = std::current_exception();
            }
        }
    }
}

Database::WriteTransaction::WriteTransaction(Database& database)
    : lock_(database.writeMutex_), session_(database.writer_->session), database_(database) {
    if (database_.backend() == Backend::Sqlite) {
        database_.prepare(session_, "BEGIN IMMEDIATE").run();
    } else {
        session_.begin();
    }
}

Database::WriteTransaction::~WriteTransaction() {
    if (open_) {
        try {
            if (database_.backend() == Backend::Sqlite) {
                database_.prepare(session_, "ROLLBACK").run();
            } else {
                session_.rollback();
            }
        } catch (const std::exception&) {  // nothing more can be done; the lock is released
        }
    }
}

void Database::WriteTransaction::commit() {
    if (database_.backend() == Backend::Sqlite) {
        database_.prepare(session_, "COMMIT").run();
    } else {
        session_.commit();
    }
    open_ = false;
}

std::string Database::sql(const std::string& text) const {
    if (config_.backend == Backend::Sqlite) {
        return text;
    }
    std::string out;
    int index = 0;
    for (const char c : text) {
        if (c == '?') {
            out += '$' + std::to_string(++index);
        } else {
            out += c;
        }
    }
    return out;
}

int Database::schemaVersion() {
    Poco::Data::Session s = session();
    int version = 0;
    s << "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", into(version), now;
    return version;
}

std::string Database::check() {
    try {
        Poco::Data::Session s = session();
        int one = 0;
        s << "SELECT 1", into(one), now;
        return one == 1 ? "" : "unexpected answer to SELECT 1";
    } catch (const Poco::Exception& e) {
        return e.displayText();
    }
}

void Database::migrate() {
    {
        Poco::Data::Session s = pool_->get();
        if (config_.backend == Backend::Sqlite) {
            tuneSqlite(s);
        }
        s << "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
             " applied_at TEXT NOT NULL)",
            now;
    }
    const int current = schemaVersion();
    for (const Migration& migration : migrations()) {
        if (migration.version <= current) {
            continue;
        }
        WriteTransaction tx(*this);
        for (const std::string& statement : migration.statements) {
            tx.session() << statement, now;
        }
        int version = migration.version;
        std::string at = utcNow();
        tx.session() << sql("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)"),
            use(version), use(at), now;
        tx.commit();
    }
}

}  // namespace parque::collector
