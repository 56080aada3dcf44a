// Building HTML by hand, safely: every text that comes from an inventory, a user or a URL goes
// through escape(); the helpers here take already-escaped markup only where their names say so.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace parque::collector::web {

// & < > " ' become entities; invalid UTF-8 bytes become U+FFFD.
std::string escape(std::string_view text);
// Percent-encoding for a query value or a path segment (unreserved characters kept).
std::string urlEncode(std::string_view text);
// "?a=1&b=x" from pairs with non-empty values (encoded); "" when none.
std::string queryString(const std::vector<std::pair<std::string, std::string>>& pairs);

// <tag attributes>escaped text</tag>; `attributes` is markup the caller wrote.
std::string element(const std::string& tag, const std::string& text,
                    const std::string& attributes = "");
// <a href="…">text</a> with both escaped.
std::string link(const std::string& href, const std::string& text,
                 const std::string& attributes = "");

// A table: header texts (escaped here) and rows of cells that are already markup.
struct Table {
    std::string id;
    std::vector<std::string> headers;
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> rowAttributes;  // markup per row (e.g. data-device-id), may be short
};
std::string tableHtml(const Table& table, const std::string& emptyText);

// The stylesheet served at /static/parque.css (screen, phone and print).
const char* stylesheet();

}  // namespace parque::collector::web
