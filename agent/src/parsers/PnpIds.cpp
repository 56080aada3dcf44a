#include "parque/agent/parsers/PnpIds.h"

#include <utility>

namespace parque::agent {

namespace {

constexpr std::size_t idLength = 3;
constexpr std::string_view blanks = " \t\r\n\v\f";

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(blanks);
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(blanks);
    return text.substr(first, last - first + 1);
}

bool isIdChar(char c) { return c > ' ' && c < 0x7F; }

// "ABC<TAB or spaces>Vendor Name" -> {id, name}; nullopt for anything else.
std::optional<std::pair<std::string, std::string>> parseLine(std::string_view line) {
    line = trim(line);
    if (line.size() <= idLength || line.front() == '#') {
        return std::nullopt;
    }
    for (std::size_t i = 0; i < idLength; ++i) {
        if (!isIdChar(line[i])) {
            return std::nullopt;
        }
    }
    if (line[idLength] != '\t' && line[idLength] != ' ') {
        return std::nullopt;  // the id is longer than three characters
    }
    const std::string_view vendor = trim(line.substr(idLength));
    if (vendor.empty()) {
        return std::nullopt;
    }
    return std::make_pair(std::string(line.substr(0, idLength)), std::string(vendor));
}

}  // namespace

PnpIds PnpIds::parse(std::istream& in) {
    PnpIds table;
    table.names.reserve(4096);
    std::string line;
    while (std::getline(in, line)) {
        if (auto entry = parseLine(line)) {
            table.names.emplace(std::move(entry->first), std::move(entry->second));
        }
    }
    return table;
}

std::optional<std::string> PnpIds::name(std::string_view id) const {
    const auto found = names.find(std::string(id));
    if (found == names.end()) {
        return std::nullopt;
    }
    return found->second;
}

std::size_t PnpIds::size() const { return names.size(); }

}  // namespace parque::agent
