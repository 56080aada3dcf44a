// Writing JSON scalars into a string: the one place that knows JSON string escaping.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace parque::inventory::json {

// Appends `s` as a JSON string literal. Invalid UTF-8 bytes become U+FFFD so the output is always
// valid JSON, whatever a firmware table or a package database held.
void appendString(std::string& out, std::string_view s);
void appendInt(std::string& out, std::int64_t value);

}  // namespace parque::inventory::json
