#include "Csv.h"

#include <string_view>

namespace parque::collector::web {
namespace {

const char* const kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Bytes in the well-formed UTF-8 sequence starting at `at` (1 for ASCII), 0 when ill-formed.
std::size_t sequenceLength(std::string_view text, std::size_t at) {
    const auto byteAt = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char first = byteAt(at);
    if (first < 0x80) {
        return 1;
    }
    std::size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;  // the allowed range of the second byte
    if (first >= 0xC2 && first <= 0xDF) {
        length = 2;
    } else if (first >= 0xE0 && first <= 0xEF) {
        length = 3;
        low = first == 0xE0 ? 0xA0 : 0x80;
        high = first == 0xED ? 0x9F : 0xBF;
    } else if (first >= 0xF0 && first <= 0xF4) {
        length = 4;
        low = first == 0xF0 ? 0x90 : 0x80;
        high = first == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (text.size() - at < length || byteAt(at + 1) < low || byteAt(at + 1) > high) {
        return 0;
    }
    for (std::size_t i = 2; i < length; ++i) {
        if ((byteAt(at + i) & 0xC0) != 0x80) {
            return 0;
        }
    }
    return length;
}

std::string validUtf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t length = sequenceLength(text, at);
        if (length == 0) {
            out += kReplacement;
            ++at;
        } else {
            out.append(text.substr(at, length));
            at += length;
        }
    }
    return out;
}

bool looksLikeFormula(const std::string& cell) {
    if (cell.empty()) {
        return false;
    }
    const char first = cell.front();
    return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' ||
           first == '\r';
}

std::string field(const std::string& cell) {
    std::string text = validUtf8(cell);
    if (looksLikeFormula(text)) {
        text.insert(text.begin(), '\'');
    }
    if (text.find_first_of(",\"\r\n") == std::string::npos) {
        return text;
    }
    std::string quoted = "\"";
    for (const char c : text) {
        quoted += c;
        if (c == '"') {
            quoted += '"';
        }
    }
    return quoted + "\"";
}

}  // namespace

std::string csvRow(const std::vector<std::string>& cells) {
    std::string out;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i > 0) {
            out += ',';
        }
        out += field(cells[i]);
    }
    return out + "\r\n";
}

std::string csvDocument(const std::vector<std::string>& header,
                        const std::vector<std::vector<std::string>>& rows) {
    std::string out = "\xEF\xBB\xBF" + csvRow(header);
    for (const auto& row : rows) {
        out += csvRow(row);
    }
    return out;
}

}  // namespace parque::collector::web
