// SectionWriter's software part: packages are stored once, in shared sets of packages; a device
// links to one set, so thousands of terminals with one image share one set.
#include "SectionWriter.h"

#include "parque/collector/Registry.h"

#include <Poco/Data/SQLite/Utility.h>
#include <sqlite3.h>

#include <optional>
#include <stdexcept>

using namespace Poco::Data::Keywords;

namespace parque::collector {

std::vector<StoredComponent> SectionWriter::currentSoftwares() {
    std::vector<std::int64_t> ids;
    std::vector<std::string> keys;
    std::vector<std::string> bodies;
    session_ << database_.sql(
        "SELECT s.id, s.component_key, s.body FROM devices d"
        " JOIN software_set_items i ON i.set_id = d.software_set_id"
        " JOIN softwares s ON s.id = i.software_id WHERE d.id = ?"),
        use(deviceId_), into(ids), into(keys), into(bodies), now;
    std::vector<StoredComponent> out(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
        out[i] = {ids[i], keys[i], bodies[i], {}};
    }
    return out;
}

namespace {

// A prepared statement on the session's own SQLite connection. The software set of a new image
// is ~1,000 lookups and links inside the writer's transaction: through the raw handle they cost
// ~2 us each instead of ~20 us through Poco::Data's binding layer.
class RawStatement {
public:
    RawStatement(sqlite3* db, const char* sql) : db_(db) {
        if (sqlite3_prepare_v2(db, sql, -1, &statement_, nullptr) != SQLITE_OK) {
            throw std::runtime_error(std::string("SQLite: ") + sqlite3_errmsg(db));
        }
    }
    ~RawStatement() { sqlite3_finalize(statement_); }
    RawStatement(const RawStatement&) = delete;
    RawStatement& operator=(const RawStatement&) = delete;

    RawStatement& text(int index, const std::string& value) {
        sqlite3_bind_text(statement_, index, value.data(), static_cast<int>(value.size()),
                          SQLITE_TRANSIENT);
        return *this;
    }
    RawStatement& text(int index, const inventory::Text& value) {
        return value ? text(index, *value) : null(index);
    }
    RawStatement& null(int index) {
        sqlite3_bind_null(statement_, index);
        return *this;
    }
    RawStatement& integer(int index, std::int64_t value) {
        sqlite3_bind_int64(statement_, index, value);
        return *this;
    }
    // Runs it; the first column of the first row, if there is one.
    std::optional<std::int64_t> run() {
        const int rc = sqlite3_step(statement_);
        std::optional<std::int64_t> out;
        if (rc == SQLITE_ROW) {
            out = sqlite3_column_int64(statement_, 0);
        } else if (rc != SQLITE_DONE) {
            const std::string message = sqlite3_errmsg(db_);
            sqlite3_reset(statement_);
            throw std::runtime_error("SQLite: " + message);
        }
        sqlite3_reset(statement_);
        return out;
    }

private:
    sqlite3* db_;
    sqlite3_stmt* statement_ = nullptr;
};

}  // namespace

std::int64_t SectionWriter::softwareSet(const std::vector<inventory::Software>& softwares,
                                        const std::vector<inventory::ComponentRecord>& records,
                                        const std::string& digest) {
    sqlite3* db = Poco::Data::SQLite::Utility::dbHandle(session_);
    RawStatement findSet(db, "SELECT id FROM software_sets WHERE digest = ?");
    if (const auto existing = findSet.text(1, digest).run()) {
        return *existing;
    }
    RawStatement addSet(db, "INSERT INTO software_sets (digest) VALUES (?) RETURNING id");
    const std::int64_t setId = addSet.text(1, digest).run().value();
    RawStatement find(db, "SELECT id FROM softwares WHERE digest = ?");
    RawStatement add(db,
                     "INSERT INTO softwares (digest, name, version, arch, publisher,"
                     " component_key, body) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
    RawStatement link(db,
                      "INSERT INTO software_set_items (set_id, software_id) VALUES (?, ?)"
                      " ON CONFLICT DO NOTHING");
    for (std::size_t i = 0; i < records.size() && i < softwares.size(); ++i) {
        const std::string packageDigest = sha256Hex(records[i].canonical);
        auto id = find.text(1, packageDigest).run();
        if (!id) {
            const inventory::Software& s = softwares[i];
            id = add.text(1, packageDigest)
                     .text(2, s.name)
                     .text(3, s.version)
                     .text(4, s.arch)
                     .text(5, s.publisher)
                     .text(6, records[i].key)
                     .text(7, records[i].canonical)
                     .run();
        }
        link.integer(1, setId).integer(2, id.value()).run();
    }
    return setId;
}

void SectionWriter::writeSoftwares(const std::vector<inventory::Software>& softwares,
                                   const std::vector<inventory::ComponentRecord>& records,
                                   const std::string& digest, bool firstTime) {
    if (!firstTime) {
        recordChanges("softwares", diffComponents(currentSoftwares(), records));
    }
    std::int64_t setId = softwareSet(softwares, records, digest);
    session_ << database_.sql("UPDATE devices SET software_set_id = ? WHERE id = ?"), use(setId),
        use(deviceId_), now;
}

void SectionWriter::clearSoftwares(bool firstTime) {
    if (!firstTime) {
        recordChanges("softwares", diffComponents(currentSoftwares(), {}));
    }
    session_ << database_.sql("UPDATE devices SET software_set_id = NULL WHERE id = ?"),
        use(deviceId_), now;
}

}  // namespace parque::collector
