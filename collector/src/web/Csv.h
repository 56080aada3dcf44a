// CSV exports (RFC 4180): comma-separated, CRLF line ends, fields with a comma, quote, CR or LF
// quoted with inner quotes doubled; text kept as UTF-8 (invalid bytes become U+FFFD). A cell that
// a spreadsheet would read as a formula (first character = + - @, tab or CR) gets a leading
// apostrophe, so an inventory value like "=HYPERLINK(...)" stays text.
#pragma once

#include <string>
#include <vector>

namespace parque::collector::web {

// One record, CRLF included.
std::string csvRow(const std::vector<std::string>& cells);
// A UTF-8 byte order mark (spreadsheets need it to read UTF-8), the header record and the rows.
std::string csvDocument(const std::vector<std::string>& header,
                        const std::vector<std::vector<std::string>>& rows);

}  // namespace parque::collector::web
