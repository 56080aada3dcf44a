#include "Html.h"

namespace parque::collector::web {
namespace {

// Length of the valid UTF-8 sequence at `at`, or 0 when the bytes there are not one.
std::size_t utf8Length(std::string_view text, std::size_t at) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(at);
    std::size_t length = 0;
    if (lead < 0x80) {
        return 1;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
    } else {
        return 0;
    }
    if (at + length > text.size()) {
        return 0;
    }
    for (std::size_t i = 1; i < length; ++i) {
        if ((byte(at + i) & 0xC0) != 0x80) {
            return 0;
        }
    }
    const unsigned char second = byte(at + 1);
    if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F) ||
        (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F)) {
        return 0;  // overlong, surrogate or beyond U+10FFFF
    }
    return length;
}

}  // namespace

std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t length = utf8Length(text, at);
        if (length == 0) {
            out += "\xEF\xBF\xBD";
            ++at;
            continue;
        }
        if (length > 1) {
            out.append(text.substr(at, length));
            at += length;
            continue;
        }
        switch (text[at]) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += text[at];
        }
        ++at;
    }
    return out;
}

std::string urlEncode(std::string_view text) {
    static const char* const hex = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~') {
            out += c;
        } else {
            out += '%';
            out += hex[byte >> 4];
            out += hex[byte & 0x0F];
        }
    }
    return out;
}

std::string queryString(const std::vector<std::pair<std::string, std::string>>& pairs) {
    std::string out;
    for (const auto& [name, value] : pairs) {
        if (!value.empty()) {
            out += (out.empty() ? "?" : "&") + urlEncode(name) + "=" + urlEncode(value);
        }
    }
    return out;
}

std::string element(const std::string& tag, const std::string& text,
                    const std::string& attributes) {
    return "<" + tag + (attributes.empty() ? "" : " " + attributes) + ">" + escape(text) + "</" +
           tag + ">";
}

std::string link(const std::string& href, const std::string& text, const std::string& attributes) {
    return "<a href=\"" + escape(href) + "\"" + (attributes.empty() ? "" : " " + attributes) + ">" +
           escape(text) + "</a>";
}

std::string tableHtml(const Table& table, const std::string& emptyText) {
    if (table.rows.empty()) {
        return "<p class=\"empty\"" + (table.id.empty() ? "" : " data-empty=\"" + table.id + "\"") +
               ">" + escape(emptyText) + "</p>";
    }
    std::string out = "<div class=\"scroll\"><table" +
                      (table.id.empty() ? "" : " id=\"" + escape(table.id) + "\"") + "><thead><tr>";
    for (const std::string& header : table.headers) {
        out += "<th>" + escape(header) + "</th>";
    }
    out += "</tr></thead><tbody>";
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const bool hasAttributes =
            r < table.rowAttributes.size() && !table.rowAttributes[r].empty();
        out += hasAttributes ? "<tr " + table.rowAttributes[r] + ">" : "<tr>";
        for (const std::string& cell : table.rows[r]) {
            out += "<td>" + cell + "</td>";
        }
        out += "</tr>";
    }
    return out + "</tbody></table></div>";
}

}  // namespace parque::collector::web
