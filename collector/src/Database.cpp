#include "parque/collector/Database.h"

#include "Schema.h"

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/Utility.h>
#include <Poco/Exception.h>

#include <ctime>
#include <filesystem>
#include <stdexcept>

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

}  // namespace

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
    migrate();
}

Database::~Database() = default;

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
            tx.session() << "SAVEPOINT parque_write", now;
            try {
                (*pending->work)(tx.session());
                tx.session() << "RELEASE parque_write", now;
            } catch (...) {
                pending->error = std::current_exception();
                tx.session() << "ROLLBACK TO parque_write", now;
                tx.session() << "RELEASE parque_write", now;
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
    : lock_(database.writeMutex_), session_(database.session()) {
    if (database.backend() == Backend::Sqlite) {
        session_ << "BEGIN IMMEDIATE", now;
    } else {
        session_.begin();
    }
}

Database::WriteTransaction::~WriteTransaction() {
    if (open_) {
        try {
            session_ << "ROLLBACK", now;
        } catch (const Poco::Exception&) {  // nothing more can be done; the lock is released
        }
    }
}

void Database::WriteTransaction::commit() {
    session_ << "COMMIT", now;
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
