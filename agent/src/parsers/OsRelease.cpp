#include "parque/agent/parsers/OsRelease.h"

#include <utility>

namespace parque::agent {

namespace {

bool isBlank(char c) { return c == ' ' || c == '\t'; }

bool isKeyStart(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }

bool isKeyChar(char c) { return isKeyStart(c) || (c >= '0' && c <= '9'); }

std::size_t endOfLine(std::string_view text, std::size_t pos) {
    const auto newline = text.find('\n', pos);
    return newline == std::string_view::npos ? text.size() : newline;
}

// pos is on the opening '"'. Appends the unescaped content, leaves pos after the closing '"'.
// Returns false when the quote is never closed.
bool readDoubleQuoted(std::string_view text, std::size_t& pos, std::string& value) {
    ++pos;
    while (pos < text.size()) {
        const char c = text[pos];
        if (c == '"') {
            ++pos;
            return true;
        }
        if (c == '\\' && pos + 1 < text.size()) {
            const char next = text[pos + 1];
            if (next == '\n') {
                pos += 2;  // line continuation
                continue;
            }
            if (next == '"' || next == '\\' || next == '$' || next == '`') {
                value += next;
                pos += 2;
                continue;
            }
        }
        value += c;  // includes a backslash before any other character, kept as the shell does
        ++pos;
    }
    return false;
}

// pos is on the opening '\''. Everything up to the next '\'' is literal.
bool readSingleQuoted(std::string_view text, std::size_t& pos, std::string& value) {
    const auto close = text.find('\'', pos + 1);
    if (close == std::string_view::npos) {
        return false;
    }
    value.append(text.substr(pos + 1, close - pos - 1));
    pos = close + 1;
    return true;
}

// Reads one shell word starting at pos (unquoted, quoted or a concatenation of both) and stops
// at unquoted whitespace or the end of the line. nullopt when a quote is never closed.
std::optional<std::string> readValue(std::string_view text, std::size_t& pos) {
    std::string value;
    while (pos < text.size()) {
        const char c = text[pos];
        if (c == '\n' || c == '\r' || isBlank(c)) {
            break;
        }
        if (c == '"') {
            if (!readDoubleQuoted(text, pos, value)) {
                return std::nullopt;
            }
        } else if (c == '\'') {
            if (!readSingleQuoted(text, pos, value)) {
                return std::nullopt;
            }
        } else if (c == '\\') {
            if (pos + 1 < text.size() && text[pos + 1] != '\n') {
                value += text[pos + 1];
            }
            pos += 2;  // an escaped newline is a line continuation and adds nothing
        } else {
            value += c;
            ++pos;
        }
    }
    return value;
}

void assign(OsRelease& release, std::string_view key, std::string value) {
    std::optional<std::string> field;
    if (!value.empty()) {
        field = std::move(value);
    }
    if (key == "NAME") {
        release.name = std::move(field);
    } else if (key == "VERSION") {
        release.version = std::move(field);
    } else if (key == "VERSION_ID") {
        release.versionId = std::move(field);
    } else if (key == "PRETTY_NAME") {
        release.prettyName = std::move(field);
    } else if (key == "ID") {
        release.id = std::move(field);
    } else if (key == "ID_LIKE") {
        release.idLike = std::move(field);
    } else if (key == "VERSION_CODENAME") {
        release.versionCodename = std::move(field);
    }
}

// Reads "KEY=" at pos (after leading blanks); returns the key and leaves pos after '=' and the
// blanks that follow it. nullopt when the line is not an assignment.
std::optional<std::string_view> readKey(std::string_view text, std::size_t& pos) {
    while (pos < text.size() && isBlank(text[pos])) {
        ++pos;
    }
    if (pos >= text.size() || !isKeyStart(text[pos])) {
        return std::nullopt;  // also comments ('#') and blank lines
    }
    const std::size_t start = pos;
    while (pos < text.size() && isKeyChar(text[pos])) {
        ++pos;
    }
    const std::string_view key = text.substr(start, pos - start);
    while (pos < text.size() && isBlank(text[pos])) {
        ++pos;
    }
    if (pos >= text.size() || text[pos] != '=') {
        return std::nullopt;
    }
    ++pos;
    while (pos < text.size() && isBlank(text[pos])) {
        ++pos;
    }
    return key;
}

}  // namespace

OsRelease parseOsRelease(std::string_view text) {
    OsRelease release;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t lineEnd = endOfLine(text, pos);
        const auto key = readKey(text, pos);
        if (!key) {
            pos = lineEnd + 1;
            continue;
        }
        auto value = readValue(text, pos);
        if (!value) {
            pos = lineEnd + 1;  // unclosed quote: drop the assignment, go on with the next line
            continue;
        }
        assign(release, *key, std::move(*value));
        pos = endOfLine(text, pos) + 1;  // whatever follows the value on its line is ignored
    }
    return release;
}

}  // namespace parque::agent
