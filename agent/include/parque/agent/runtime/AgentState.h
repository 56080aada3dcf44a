// The agent's persistent state: a key/value table plus the delta baseline (the per-section
// digests of the last inventory the collector acknowledged), in the agent's SQLite database.
// Every write is committed (synchronous=FULL) before the call returns.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace parque::agent {

class SqliteDb;

// The keys the agent uses; values are text (times as Unix seconds in decimal).
namespace stateKey {
inline constexpr const char* kLastContactUnix = "last_contact_unix";
inline constexpr const char* kLastFullInventoryUnix = "last_full_inventory_unix";
inline constexpr const char* kRunsSinceFullInventory = "runs_since_full_inventory";
inline constexpr const char* kLastError = "last_error";
inline constexpr const char* kEnrolment = "enrolment";  // JSON written by the enrolment step
}  // namespace stateKey

class AgentState {
public:
    // Creates the tables when missing; throws std::runtime_error when the database schema is
    // newer than this agent.
    explicit AgentState(SqliteDb& db);

    std::optional<std::string> get(const std::string& key);
    void set(const std::string& key, const std::string& value);  // durable; values may hold NULs
    void erase(const std::string& key);                          // absent keys are ignored

    // Integer helpers: getInt throws std::runtime_error when the stored value is not a decimal
    // 64-bit integer.
    std::optional<std::int64_t> getInt(const std::string& key);
    void setInt(const std::string& key, std::int64_t value);

    std::map<std::string, std::string> baseline();  // section -> digest
    // Replaces the whole baseline in one transaction.
    void setBaseline(const std::map<std::string, std::string>& digests);

private:
    SqliteDb& db_;
};

}  // namespace parque::agent
