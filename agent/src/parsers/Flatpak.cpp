#include "parque/agent/parsers/Flatpak.h"

#include "parque/agent/parsers/ParseError.h"

#include <cstdint>

namespace parque::agent {
namespace {

std::string_view trim(std::string_view text) {
    const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!text.empty() && blank(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && blank(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

void rejectNul(std::string_view text) {
    if (text.find('\0') != std::string_view::npos) {
        throw ParseError("a NUL byte in the text");
    }
}

void appendUtf8(std::string& out, std::uint32_t code) {
    if (code < 0x80) {
        out += static_cast<char>(code);
    } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (code >> 18));
        out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    }
}

// "&#233;" / "&#xE9;" -> the code point; nullopt when not a valid character reference.
std::optional<std::uint32_t> characterReference(std::string_view entity) {
    if (entity.size() < 2 || entity[0] != '#') {
        return std::nullopt;
    }
    const bool hex = entity[1] == 'x' || entity[1] == 'X';
    const std::string_view digits = entity.substr(hex ? 2 : 1);
    if (digits.empty() || digits.size() > 8) {
        return std::nullopt;
    }
    std::uint32_t code = 0;
    for (const char c : digits) {
        std::uint32_t digit = 0;
        if (c >= '0' && c <= '9') {
            digit = static_cast<std::uint32_t>(c - '0');
        } else if (hex && c >= 'a' && c <= 'f') {
            digit = static_cast<std::uint32_t>(c - 'a' + 10);
        } else if (hex && c >= 'A' && c <= 'F') {
            digit = static_cast<std::uint32_t>(c - 'A' + 10);
        } else {
            return std::nullopt;
        }
        code = code * (hex ? 16U : 10U) + digit;
    }
    if (code == 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
        return std::nullopt;
    }
    return code;
}

// XML text with its entity and character references decoded; an unknown reference is kept.
std::string decodeXml(std::string_view text) {
    std::string out;
    while (!text.empty()) {
        const auto amp = text.find('&');
        out.append(text.substr(0, amp));
        if (amp == std::string_view::npos) {
            break;
        }
        text.remove_prefix(amp);
        const auto semicolon = text.find(';');
        const std::string_view entity = semicolon == std::string_view::npos
                                            ? std::string_view()
                                            : text.substr(1, semicolon - 1);
        static const std::pair<std::string_view, char> named[] = {
            {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}};
        bool decoded = false;
        for (const auto& [spelling, character] : named) {
            if (entity == spelling) {
                out += character;
                decoded = true;
            }
        }
        if (!decoded) {
            if (const auto code = characterReference(entity)) {
                appendUtf8(out, *code);
                decoded = true;
            }
        }
        if (!decoded) {
            out += '&';
            text.remove_prefix(1);
            continue;
        }
        text.remove_prefix(semicolon + 1);
    }
    return out;
}

// Position of the start tag `<name` followed by a blank, '>' or '/', from `from`.
std::size_t findTag(std::string_view xml, std::string_view name, std::size_t from) {
    for (auto pos = xml.find(name, from); pos != std::string_view::npos;
         pos = xml.find(name, pos + 1)) {
        const std::size_t after = pos + name.size();
        if (pos > 0 && xml[pos - 1] == '<' && after < xml.size() &&
            (xml[after] == ' ' || xml[after] == '\t' || xml[after] == '\n' || xml[after] == '\r' ||
             xml[after] == '>' || xml[after] == '/')) {
            return pos - 1;
        }
    }
    return std::string_view::npos;
}

// The decoded value of attribute `name` in the start tag beginning at `tag`.
std::optional<std::string> attribute(std::string_view xml, std::size_t tag, std::string_view name) {
    const auto close = xml.find('>', tag);
    const std::string_view start =
        xml.substr(tag, close == std::string_view::npos ? xml.size() - tag : close - tag);
    for (auto pos = start.find(name); pos != std::string_view::npos;
         pos = start.find(name, pos + 1)) {
        const std::size_t after = pos + name.size();
        const bool boundary = start[pos - 1] == ' ' || start[pos - 1] == '\t' ||
                              start[pos - 1] == '\n' || start[pos - 1] == '\r';
        if (!boundary || after + 1 >= start.size() || start[after] != '=') {
            continue;
        }
        const char quote = start[after + 1];
        if (quote != '"' && quote != '\'') {
            continue;
        }
        const auto end = start.find(quote, after + 2);
        if (end == std::string_view::npos) {
            return std::nullopt;
        }
        const std::string value = decodeXml(trim(start.substr(after + 2, end - after - 2)));
        return value.empty() ? std::nullopt : std::optional<std::string>(value);
    }
    return std::nullopt;
}

// The decoded text of the element whose start tag begins at `tag` (up to the next '<').
std::optional<std::string> text(std::string_view xml, std::size_t tag) {
    const auto open = xml.find('>', tag);
    if (open == std::string_view::npos || xml[open - 1] == '/') {
        return std::nullopt;
    }
    const auto end = xml.find('<', open + 1);
    if (end == std::string_view::npos) {
        return std::nullopt;
    }
    const std::string value = decodeXml(trim(xml.substr(open + 1, end - open - 1)));
    return value.empty() ? std::nullopt : std::optional<std::string>(value);
}

}  // namespace

FlatpakMetadata parseFlatpakMetadata(std::string_view text) {
    rejectNul(text);
    FlatpakMetadata metadata;
    bool inGroup = false;
    bool seenGroup = false;
    while (!text.empty()) {
        const auto end = text.find('\n');
        const std::string_view line = trim(text.substr(0, end));
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        if (line.empty() || line[0] == '#') {
            continue;
        }
        if (line[0] == '[') {
            const bool wanted = line == "[Application]" || line == "[Runtime]";
            inGroup = wanted && !seenGroup;
            if (inGroup) {
                seenGroup = true;
                metadata.application = line == "[Application]";
            }
            continue;
        }
        const auto equals = line.find('=');
        if (!inGroup || equals == std::string_view::npos) {
            continue;
        }
        const std::string_view key = trim(line.substr(0, equals));
        const std::string_view value = trim(line.substr(equals + 1));
        if (key == "name") {
            metadata.name = std::string(value);
        } else if (key == "runtime" && !value.empty()) {
            metadata.runtime = std::string(value);
        }
    }
    if (!seenGroup) {
        throw ParseError("no [Application] or [Runtime] group");
    }
    if (metadata.name.empty()) {
        throw ParseError("no name= in the [" +
                         std::string(metadata.application ? "Application" : "Runtime") + "] group");
    }
    return metadata;
}

AppStreamRelease parseAppStream(std::string_view xml) {
    rejectNul(xml);
    if (findTag(xml, "component", 0) == std::string_view::npos) {
        throw ParseError("no <component>: not an AppStream file");
    }
    AppStreamRelease release;
    if (const auto tag = findTag(xml, "release", 0); tag != std::string_view::npos) {
        release.version = attribute(xml, tag, "version");
    }
    if (const auto tag = findTag(xml, "developer_name", 0); tag != std::string_view::npos) {
        release.developer = text(xml, tag);
    } else if (const auto developer = findTag(xml, "developer", 0);
               developer != std::string_view::npos) {
        const auto name = findTag(xml, "name", developer);
        const auto close = xml.find("</developer>", developer);
        if (name != std::string_view::npos && (close == std::string_view::npos || name < close)) {
            release.developer = text(xml, name);
        }
    }
    return release;
}

}  // namespace parque::agent
