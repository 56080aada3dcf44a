// A strict JSON scanner over a text in memory, for the codec's direct decoder (Decode.cpp): no
// tree, no allocation besides the strings it hands out. It accepts a subset of what Poco's parser
// accepts and reads the same values from it. Anything else - lone escaped surrogates, \u0000,
// control characters, invalid UTF-8, numbers it would have to round, keys with escapes, nesting
// deeper than the limit - throws Unsupported, and the caller decodes through Poco instead, which
// gives the exact result or error as before.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace parque::inventory::json {

struct Unsupported {};

class Scanner {
public:
    Scanner(std::string_view text, std::size_t maxDepth)
        : p_(text.data()), end_(text.data() + text.size()), maxDepth_(maxDepth) {}

    // '{', then member(true, key), member(false, key)... until it returns false at '}'. Between
    // two calls the member's value must be read or skipped.
    void beginObject() { open('{'); }
    bool member(bool first, std::string_view& key) {
        if (!next(first, '}')) {
            return false;
        }
        key = rawKey();
        expect(':');
        return true;
    }
    // '[', then element(true), element(false)... until it returns false at ']'.
    void beginArray() { open('['); }
    bool element(bool first) { return next(first, ']'); }

    void string(std::string& out) {
        expect('"');
        const char* start = p_;
        while (p_ != end_ && plain(*p_)) {  // the usual case: no escapes, ASCII
            ++p_;
        }
        out.assign(start, static_cast<std::size_t>(p_ - start));
        stringRest(&out);
    }

    // -?(0|[1-9][0-9]*) of at most 18 digits: what Poco reads as the same Int64.
    std::int64_t integer() {
        skipSpace();
        const bool negative = p_ != end_ && *p_ == '-';
        p_ += negative ? 1 : 0;
        const char* start = p_;
        std::int64_t value = 0;
        while (p_ != end_ && isDigit(*p_)) {
            if (p_ - start < 18) {  // longer numbers are refused below
                value = value * 10 + (*p_ - '0');
            }
            ++p_;
        }
        const auto digits = p_ - start;
        if (digits == 0 || digits > 18 || (*start == '0' && digits > 1) ||
            (p_ != end_ && (*p_ == '.' || *p_ == 'e' || *p_ == 'E'))) {
            throw Unsupported{};
        }
        return negative ? -value : value;
    }

    bool boolean() {
        if (literal("true")) {
            return true;
        }
        if (literal("false")) {
            return false;
        }
        throw Unsupported{};
    }

    // Any value, checked as strictly as one that is kept.
    void skipValue() {
        switch (peek()) {
        case '{':
            skipObject();
            return;
        case '[':
            skipArray();
            return;
        case '"':
            ++p_;
            stringRest(nullptr);
            return;
        case 't':
        case 'f':
            boolean();
            return;
        case 'n':
            if (!literal("null")) {
                throw Unsupported{};
            }
            return;
        default:
            skipNumber();
        }
    }

    // After the root value: whitespace only.
    void finish() {
        if (peek() != '\0' || p_ != end_) {
            throw Unsupported{};
        }
    }

private:
    static bool isDigit(char c) { return c >= '0' && c <= '9'; }
    // Printable ASCII other than the quote and the backslash.
    static bool plain(char c) {
        const auto u = static_cast<unsigned char>(c);
        return u >= 0x20 && u < 0x80 && u != '"' && u != '\\';
    }

    void skipSpace() {
        while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) {
            ++p_;
        }
    }
    // The next significant character, not consumed; '\0' at the end (a raw NUL is refused).
    char peek() {
        skipSpace();
        return p_ == end_ ? '\0' : *p_;
    }
    bool consume(char c) {
        if (peek() == c && p_ != end_) {
            ++p_;
            return true;
        }
        return false;
    }
    void expect(char c) {
        if (!consume(c)) {
            throw Unsupported{};
        }
    }
    void open(char c) {
        expect(c);
        if (++depth_ > maxDepth_) {
            throw Unsupported{};
        }
    }
    // Before a member or element: false (and the container closed) at `close`.
    bool next(bool first, char close) {
        if (consume(close)) {
            --depth_;
            return false;
        }
        if (!first) {
            expect(',');
        }
        return true;
    }
    bool literal(std::string_view word) {
        skipSpace();
        if (static_cast<std::size_t>(end_ - p_) < word.size() ||
            std::string_view(p_, word.size()) != word) {
            return false;
        }
        p_ += word.size();
        return true;
    }

    std::string_view rawKey() {
        expect('"');
        const char* start = p_;
        while (p_ != end_ && plain(*p_)) {
            ++p_;
        }
        if (p_ == end_ || *p_ != '"') {  // escapes or other bytes in a key: Poco decides
            throw Unsupported{};
        }
        return std::string_view(start, static_cast<std::size_t>(p_++ - start));
    }

    // The rest of a string after its plain prefix, up to and including the closing quote;
    // appended to `out` unless it is nullptr.
    void stringRest(std::string* out) {
        while (p_ != end_) {
            const auto c = static_cast<unsigned char>(*p_);
            if (c == '"') {
                ++p_;
                return;
            }
            if (c == '\\') {
                escape(out);
            } else if (c < 0x20) {
                throw Unsupported{};
            } else if (c < 0x80) {
                append(out, p_, 1);
                ++p_;
            } else {
                const std::size_t length = utf8Length();
                append(out, p_, length);
                p_ += length;
            }
        }
        throw Unsupported{};
    }

    static void append(std::string* out, const char* data, std::size_t length) {
        if (out != nullptr) {
            out->append(data, length);
        }
    }

    unsigned byteAt(std::size_t i) const {
        return static_cast<std::size_t>(end_ - p_) > i ? static_cast<unsigned char>(p_[i]) : 0U;
    }

    // The length of the well-formed UTF-8 sequence at p_ (no overlong forms, no surrogates,
    // nothing past U+10FFFF).
    std::size_t utf8Length() const {
        const unsigned lead = byteAt(0);
        std::size_t length = 0;
        unsigned low = 0x80;
        unsigned high = 0xbf;
        if (lead >= 0xc2 && lead <= 0xdf) {
            length = 2;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            length = 3;
            low = lead == 0xe0 ? 0xa0 : 0x80;
            high = lead == 0xed ? 0x9f : 0xbf;
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            length = 4;
            low = lead == 0xf0 ? 0x90 : 0x80;
            high = lead == 0xf4 ? 0x8f : 0xbf;
        } else {
            throw Unsupported{};
        }
        const unsigned second = byteAt(1);
        if (second < low || second > high) {
            throw Unsupported{};
        }
        for (std::size_t i = 2; i < length; ++i) {
            const unsigned next = byteAt(i);
            if (next < 0x80 || next > 0xbf) {
                throw Unsupported{};
            }
        }
        return length;
    }

    void escape(std::string* out) {
        ++p_;  // the backslash
        if (p_ == end_) {
            throw Unsupported{};
        }
        const char c = *p_++;
        char plainChar = 0;
        switch (c) {
        case '"':
        case '\\':
        case '/':
            plainChar = c;
            break;
        case 'b':
            plainChar = '\b';
            break;
        case 'f':
            plainChar = '\f';
            break;
        case 'n':
            plainChar = '\n';
            break;
        case 'r':
            plainChar = '\r';
            break;
        case 't':
            plainChar = '\t';
            break;
        case 'u':
            unicodeEscape(out);
            return;
        default:
            throw Unsupported{};
        }
        append(out, &plainChar, 1);
    }

    unsigned hex4() {
        unsigned code = 0;
        for (int i = 0; i < 4; ++i, ++p_) {
            const char h = p_ == end_ ? '\0' : *p_;
            unsigned digit = 0;
            if (h >= '0' && h <= '9') {
                digit = static_cast<unsigned>(h - '0');
            } else if (h >= 'a' && h <= 'f') {
                digit = static_cast<unsigned>(h - 'a' + 10);
            } else if (h >= 'A' && h <= 'F') {
                digit = static_cast<unsigned>(h - 'A' + 10);
            } else {
                throw Unsupported{};
            }
            code = code * 16 + digit;
        }
        return code;
    }

    // \uXXXX (or a \uD8xx\uDCxx pair) of a character other than NUL, as UTF-8. A lone
    // surrogate is left to Poco.
    void unicodeEscape(std::string* out) {
        unsigned code = hex4();
        if (code == 0 || (code >= 0xdc00 && code <= 0xdfff)) {
            throw Unsupported{};
        }
        if (code >= 0xd800 && code <= 0xdbff) {
            if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') {
                throw Unsupported{};
            }
            p_ += 2;
            const unsigned low = hex4();
            if (low < 0xdc00 || low > 0xdfff) {
                throw Unsupported{};
            }
            code = 0x10000 + ((code - 0xd800) << 10U) + (low - 0xdc00);
        }
        char bytes[4];
        std::size_t length = 0;
        if (code < 0x80) {
            bytes[length++] = static_cast<char>(code);
        } else if (code < 0x800) {
            bytes[length++] = static_cast<char>(0xc0 | (code >> 6U));
            bytes[length++] = static_cast<char>(0x80 | (code & 0x3fU));
        } else if (code < 0x10000) {
            bytes[length++] = static_cast<char>(0xe0 | (code >> 12U));
            bytes[length++] = static_cast<char>(0x80 | ((code >> 6U) & 0x3fU));
            bytes[length++] = static_cast<char>(0x80 | (code & 0x3fU));
        } else {
            bytes[length++] = static_cast<char>(0xf0 | (code >> 18U));
            bytes[length++] = static_cast<char>(0x80 | ((code >> 12U) & 0x3fU));
            bytes[length++] = static_cast<char>(0x80 | ((code >> 6U) & 0x3fU));
            bytes[length++] = static_cast<char>(0x80 | (code & 0x3fU));
        }
        append(out, bytes, length);
    }

    void skipObject() {
        beginObject();
        std::string_view key;
        for (bool first = true; member(first, key); first = false) {
            skipValue();
        }
    }
    void skipArray() {
        beginArray();
        for (bool first = true; element(first); first = false) {
            skipValue();
        }
    }

    // A number nobody keeps: JSON's grammar, with a fraction or exponent only in the range any
    // double parser reads (Poco refuses some out-of-range forms).
    void skipNumber() {
        if (p_ != end_ && *p_ == '-') {
            ++p_;
        }
        const char* start = p_;
        while (p_ != end_ && isDigit(*p_)) {
            ++p_;
        }
        const auto digits = p_ - start;
        if (digits == 0 || digits > 18 || (*start == '0' && digits > 1)) {
            throw Unsupported{};
        }
        if (p_ != end_ && *p_ == '.') {
            ++p_;
            const char* fraction = p_;
            while (p_ != end_ && isDigit(*p_)) {
                ++p_;
            }
            if (p_ == fraction || p_ - fraction > 18) {
                throw Unsupported{};
            }
        }
        if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
            ++p_;
            if (p_ != end_ && (*p_ == '+' || *p_ == '-')) {
                ++p_;
            }
            const char* exponent = p_;
            while (p_ != end_ && isDigit(*p_)) {
                ++p_;
            }
            if (p_ == exponent || p_ - exponent > 2) {
                throw Unsupported{};
            }
        }
    }

    const char* p_;
    const char* end_;
    std::size_t maxDepth_;
    std::size_t depth_ = 0;
};

}  // namespace parque::inventory::json
