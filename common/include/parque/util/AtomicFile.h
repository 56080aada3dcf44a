// Durable whole-file writes and bounded whole-file reads (POSIX).
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace parque::util {

constexpr std::size_t maxReadFileBytes = std::size_t{64} * 1024 * 1024;

// Writes `bytes` to a new temporary file in the same directory as `path` with permissions `mode`
// (not reduced by the umask), fsyncs it, renames it over `path` and fsyncs the directory. Readers
// see either the old or the new content, never a mix. On failure the temporary file is removed
// and std::system_error is thrown with `path` in its message.
void writeFileAtomic(const std::filesystem::path& path, std::string_view bytes,
                     unsigned mode = 0644);

// The whole content of `path`. Throws std::system_error naming the path when it cannot be read or
// is larger than maxReadFileBytes (errc::file_too_large).
std::string readFile(const std::filesystem::path& path);

}  // namespace parque::util
