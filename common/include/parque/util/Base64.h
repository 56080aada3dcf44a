// RFC 4648 base64 encoding, the one implementation for agent and collector: the standard
// alphabet with '=' padding (raw EDIDs on the wire), or without padding (password hashes), and the
// URL-safe alphabet without padding (tokens and secrets).
#pragma once

#include <string>
#include <string_view>

namespace parque::util {

enum class Base64Alphabet { Standard, Url };

std::string base64Encode(std::string_view bytes, Base64Alphabet alphabet = Base64Alphabet::Standard,
                         bool pad = true);

}  // namespace parque::util
