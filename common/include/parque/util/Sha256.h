// SHA-256 as lower-case hex: section digests, package identities, stored token hashes.
#pragma once

#include <string>
#include <string_view>

namespace parque::util {

std::string sha256Hex(std::string_view data);

}  // namespace parque::util
