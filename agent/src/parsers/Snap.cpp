#include "parque/agent/parsers/Snap.h"

#include "parque/agent/parsers/ParseError.h"

#include <vector>

namespace parque::agent {
namespace {

constexpr std::size_t kMaxLine = std::size_t{1} << 16;

std::vector<std::string_view> splitLines(std::string_view text) {
    if (text.find('\0') != std::string_view::npos) {
        throw ParseError("a NUL byte in the text");
    }
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const auto end = text.find('\n');
        std::string_view line = text.substr(0, end);
        if (line.size() > kMaxLine) {
            throw ParseError("a line longer than 64 KiB");
        }
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        lines.push_back(line);
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    }
    return lines;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
        text.remove_suffix(1);
    }
    return text;
}

std::string singleQuoted(std::string_view value, const std::string& key) {
    std::string out;
    for (std::size_t i = 1; i < value.size(); ++i) {
        if (value[i] != '\'') {
            out += value[i];
        } else if (i + 1 < value.size() && value[i + 1] == '\'') {
            out += '\'';
            ++i;
        } else {
            return out;
        }
    }
    throw ParseError("the quote of \"" + key + "\" is not closed");
}

std::string doubleQuoted(std::string_view value, const std::string& key) {
    std::string out;
    for (std::size_t i = 1; i < value.size(); ++i) {
        const char c = value[i];
        if (c == '"') {
            return out;
        }
        if (c != '\\' || i + 1 >= value.size()) {
            out += c;
            continue;
        }
        const char escaped = value[++i];
        out += escaped == 'n' ? '\n' : escaped == 't' ? '\t' : escaped;
    }
    throw ParseError("the quote of \"" + key + "\" is not closed");
}

// A scalar value as YAML writes it on one line; nullopt for a nested block, list or block scalar.
std::optional<std::string> scalar(std::string_view value, const std::string& key) {
    value = trim(value);
    if (value.empty() || value[0] == '|' || value[0] == '>' || value[0] == '[' || value[0] == '{' ||
        value[0] == '#') {
        return std::nullopt;
    }
    if (value[0] == '\'') {
        return singleQuoted(value, key);
    }
    if (value[0] == '"') {
        return doubleQuoted(value, key);
    }
    const auto comment = value.find(" #");
    return std::string(trim(value.substr(0, comment)));
}

}  // namespace

SnapMeta parseSnapYaml(std::string_view text) {
    std::optional<std::string> name;
    std::optional<std::string> version;
    SnapMeta meta;
    for (const std::string_view line : splitLines(text)) {
        if (line.empty() || line[0] == ' ' || line[0] == '\t' || line[0] == '#' || line[0] == '-') {
            continue;
        }
        const auto colon = line.find(':');
        if (colon == std::string_view::npos ||
            (colon + 1 < line.size() && line[colon + 1] != ' ' && line[colon + 1] != '\t')) {
            continue;
        }
        const std::string key(line.substr(0, colon));
        if (key != "name" && key != "version" && key != "summary" && key != "type") {
            continue;
        }
        auto value = scalar(line.substr(colon + 1), key);
        if (key == "name") {
            name = std::move(value);
        } else if (key == "version") {
            version = std::move(value);
        } else if (key == "summary") {
            meta.summary = std::move(value);
        } else if (value && !value->empty()) {
            meta.type = *value;
        }
    }
    if (!name || name->empty()) {
        throw ParseError("no \"name\"");
    }
    if (!version || version->empty()) {
        throw ParseError("no \"version\"");
    }
    meta.name = std::move(*name);
    meta.version = std::move(*version);
    return meta;
}

std::map<std::string, std::string> parseSnapAssertionHeaders(std::string_view text) {
    std::map<std::string, std::string> headers;
    for (const std::string_view line : splitLines(text)) {
        if (line.empty()) {
            break;
        }
        const auto separator = line.find(": ");
        if (line[0] == ' ' || separator == std::string_view::npos || separator == 0) {
            continue;
        }
        headers.emplace(std::string(line.substr(0, separator)),
                        std::string(trim(line.substr(separator + 2))));
    }
    if (headers.count("type") == 0) {
        throw ParseError("no \"type\" header: not an assertion");
    }
    return headers;
}

}  // namespace parque::agent
