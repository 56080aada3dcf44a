#include "parque/agent/sources/RpmDatabase.h"

#include "parque/agent/parsers/ParseError.h"
#include "parque/agent/parsers/RpmHeader.h"

#include <sqlite3.h>

#include <memory>

namespace parque::agent {

namespace {

struct CloseDatabase {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct FinalizeStatement {
    void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using Database = std::unique_ptr<sqlite3, CloseDatabase>;
using Statement = std::unique_ptr<sqlite3_stmt, FinalizeStatement>;

// "file:<path>?immutable=1", the path percent-encoded where a URI needs it.
std::string immutableUri(const std::string& path) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string uri = "file:";
    for (char c : path) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 || byte >= 0x7f || c == '%' || c == '?' || c == '#') {
            uri += '%';
            uri += hex[byte >> 4];
            uri += hex[byte & 0x0f];
        } else {
            uri += c;
        }
    }
    return uri + "?immutable=1";
}

std::string errorOf(sqlite3* db, const std::string& sqlitePath) {
    return "rpm database " + sqlitePath + ": " + (db ? sqlite3_errmsg(db) : "out of memory");
}

}  // namespace

bool forEachRpmHeader(const std::string& sqlitePath,
                      const std::function<void(std::int64_t, std::string_view)>& visit,
                      std::vector<std::string>& problems) {
    sqlite3* raw = nullptr;
    const int opened = sqlite3_open_v2(immutableUri(sqlitePath).c_str(), &raw,
                                       SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr);
    const Database db(raw);
    if (opened != SQLITE_OK) {
        problems.push_back(errorOf(db.get(), sqlitePath));
        return false;
    }
    sqlite3_stmt* rawStatement = nullptr;
    const char* sql = "SELECT hnum, blob FROM Packages ORDER BY hnum";
    if (sqlite3_prepare_v2(db.get(), sql, -1, &rawStatement, nullptr) != SQLITE_OK) {
        problems.push_back(errorOf(db.get(), sqlitePath));
        return false;
    }
    const Statement statement(rawStatement);
    int step = SQLITE_ROW;
    while ((step = sqlite3_step(statement.get())) == SQLITE_ROW) {
        const std::int64_t hnum = sqlite3_column_int64(statement.get(), 0);
        const void* bytes = sqlite3_column_blob(statement.get(), 1);
        const int size = sqlite3_column_bytes(statement.get(), 1);
        if (bytes == nullptr || size <= 0) {
            visit(hnum, std::string_view{});  // NULL or empty blob: the parser says what is wrong
            continue;
        }
        visit(hnum, {static_cast<const char*>(bytes), static_cast<std::size_t>(size)});
    }
    if (step != SQLITE_DONE) {
        problems.push_back(errorOf(db.get(), sqlitePath));
        return false;
    }
    return true;
}

std::vector<inventory::Software> readRpmDatabase(const std::string& sqlitePath,
                                                 std::vector<std::string>& problems) {
    std::vector<inventory::Software> out;
    const auto visit = [&](std::int64_t hnum, std::string_view blob) {
        try {
            out.push_back(parseRpmHeader(blob));
        } catch (const ParseError& e) {
            problems.push_back("rpm database " + sqlitePath + ": package " + std::to_string(hnum) +
                               " skipped: " + e.what());
        }
    };
    forEachRpmHeader(sqlitePath, visit, problems);
    return out;
}

}  // namespace parque::agent
