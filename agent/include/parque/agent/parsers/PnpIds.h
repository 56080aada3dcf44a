// PNP vendor id -> vendor name table, read from the format of hwdata's pnp.ids
// (Debian: /usr/share/hwdata/pnp.ids), one "ABC<TAB>Vendor Name" per line.
//
// Parsing is tolerant: blank lines, '#' comments, CRLF line ends and malformed lines (no 3-char
// id, no separator, no name) are skipped. Ids are kept exactly as written (PNP ids in EDIDs are
// upper case); when an id appears twice, the first entry wins. Parse once, then look up in O(1).
#pragma once

#include <cstddef>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace parque::agent {

class PnpIds {
public:
    static PnpIds parse(std::istream& in);

    // The vendor name for a 3-letter id such as "DEL", or nullopt when the table lacks it.
    std::optional<std::string> name(std::string_view id) const;

    std::size_t size() const;

private:
    std::unordered_map<std::string, std::string> names;
};

}  // namespace parque::agent
