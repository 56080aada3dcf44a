#include "parque/agent/parsers/MountTable.h"

#include <utility>

namespace parque::agent {

namespace {

bool isOctal(char c) { return c >= '0' && c <= '7'; }

bool isSeparator(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Splits on runs of blanks; stops after maxFields fields (the rest of the line is ignored).
std::vector<std::string_view> splitFields(std::string_view line, std::size_t maxFields) {
    std::vector<std::string_view> fields;
    std::size_t pos = 0;
    while (pos < line.size() && fields.size() < maxFields) {
        while (pos < line.size() && isSeparator(line[pos])) {
            ++pos;
        }
        const std::size_t start = pos;
        while (pos < line.size() && !isSeparator(line[pos])) {
            ++pos;
        }
        if (pos > start) {
            fields.push_back(line.substr(start, pos - start));
        }
    }
    return fields;
}

}  // namespace

std::string decodeMountField(std::string_view field) {
    std::string decoded;
    decoded.reserve(field.size());
    for (std::size_t i = 0; i < field.size(); ++i) {
        if (field[i] == '\\' && i + 3 < field.size() && field[i + 1] >= '0' &&
            field[i + 1] <= '3' && isOctal(field[i + 2]) && isOctal(field[i + 3])) {
            const int value =
                (field[i + 1] - '0') * 64 + (field[i + 2] - '0') * 8 + (field[i + 3] - '0');
            decoded += static_cast<char>(value);
            i += 3;
        } else {
            decoded += field[i];
        }
    }
    return decoded;
}

std::vector<Mount> parseMountTable(std::string_view text) {
    constexpr std::size_t wanted = 4;
    std::vector<Mount> mounts;
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto end = text.find('\n', pos);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        const auto fields = splitFields(text.substr(pos, end - pos), wanted);
        pos = end + 1;
        if (fields.size() < wanted) {
            continue;
        }
        mounts.push_back({decodeMountField(fields[0]), decodeMountField(fields[1]),
                          decodeMountField(fields[2]), decodeMountField(fields[3])});
    }
    return mounts;
}

}  // namespace parque::agent
