#include "parque/agent/runtime/AgentState.h"

#include "SqliteDb.h"

#include <cerrno>
#include <cstdlib>
#include <stdexcept>

namespace parque::agent {

namespace {

constexpr int kSchemaVersion = 1;

}  // namespace

AgentState::AgentState(SqliteDb& db) : db_(db) {
    Transaction transaction(db_);
    requireSchemaVersion(db_, kSchemaVersion);
    db_.exec(
        "CREATE TABLE IF NOT EXISTS agent_state ("
        " key TEXT PRIMARY KEY NOT NULL, value BLOB NOT NULL);"
        "CREATE TABLE IF NOT EXISTS agent_baseline ("
        " section TEXT PRIMARY KEY NOT NULL, digest TEXT NOT NULL);");
    transaction.commit();
}

std::optional<std::string> AgentState::get(const std::string& key) {
    Statement query = db_.prepare("SELECT value FROM agent_state WHERE key = ?");
    if (!query.bindText(1, key).step()) {
        return std::nullopt;
    }
    return query.columnString(0);
}

void AgentState::set(const std::string& key, const std::string& value) {
    if (key.empty()) {
        throw std::invalid_argument("agent state: empty key");
    }
    db_.prepare(
           "INSERT INTO agent_state (key, value) VALUES (?, ?)"
           " ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bindText(1, key)
        .bindBlob(2, value)
        .step();
}

void AgentState::erase(const std::string& key) {
    db_.prepare("DELETE FROM agent_state WHERE key = ?").bindText(1, key).step();
}

std::optional<std::int64_t> AgentState::getInt(const std::string& key) {
    const auto text = get(key);
    if (!text) {
        return std::nullopt;
    }
    const std::string& value = *text;
    const bool digits =
        !value.empty() &&
        value.find_first_not_of("0123456789", value[0] == '-' ? 1 : 0) == std::string::npos &&
        value != "-";
    errno = 0;
    char* end = nullptr;
    const long long parsed = digits ? std::strtoll(value.c_str(), &end, 10) : 0;
    if (!digits || errno == ERANGE || end != value.c_str() + value.size()) {
        throw std::runtime_error("agent state: " + key + " is not an integer: \"" +
                                 value.substr(0, 40) + "\"");
    }
    return static_cast<std::int64_t>(parsed);
}

void AgentState::setInt(const std::string& key, std::int64_t value) {
    set(key, std::to_string(value));
}

std::map<std::string, std::string> AgentState::baseline() {
    std::map<std::string, std::string> digests;
    Statement query = db_.prepare("SELECT section, digest FROM agent_baseline");
    while (query.step()) {
        digests.emplace(query.columnString(0), query.columnString(1));
    }
    return digests;
}

void AgentState::setBaseline(const std::map<std::string, std::string>& digests) {
    Transaction transaction(db_);
    db_.exec("DELETE FROM agent_baseline");
    Statement insert = db_.prepare("INSERT INTO agent_baseline (section, digest) VALUES (?, ?)");
    for (const auto& [section, digest] : digests) {
        insert.reset();
        insert.bindText(1, section).bindText(2, digest).step();
    }
    transaction.commit();
}

}  // namespace parque::agent
