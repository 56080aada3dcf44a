// The one place where Windows' UTF-16 becomes the agent's UTF-8 (and back for API arguments).
// Unpaired surrogates become U+FFFD instead of failing: a registry value is never lost for one bad
// character.
#pragma once

#include <string>
#include <string_view>

namespace parque::agent::platform {

std::string toUtf8(std::wstring_view text);
std::wstring toWide(std::string_view text);

// A NUL-terminated wide buffer of at most `capacity` characters (API output) as UTF-8.
std::string bufferToUtf8(const wchar_t* buffer, std::size_t capacity);

}  // namespace parque::agent::platform
