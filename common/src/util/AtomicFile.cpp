#include "parque/util/AtomicFile.h"

#include "parque/util/FileDescriptor.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <system_error>
#include <vector>

namespace parque::util {

namespace {

using parque::util::FileDescriptor;

[[noreturn]] void fail(int error, const char* action, const std::filesystem::path& path) {
    throw std::system_error(error, std::generic_category(),
                            std::string(action) + " '" + path.string() + "'");
}

void writeAll(int fd, std::string_view bytes, const std::filesystem::path& path) {
    while (!bytes.empty()) {
        const ssize_t written = ::write(fd, bytes.data(), bytes.size());
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            fail(errno, "cannot write", path);
        }
        bytes.remove_prefix(static_cast<std::size_t>(written));
    }
}

void syncDirectory(const std::filesystem::path& directory, const std::filesystem::path& path) {
    FileDescriptor fd(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd.valid() || ::fsync(fd.get()) != 0) {
        fail(errno, "cannot sync the directory of", path);
    }
}

// Removes the temporary file unless dismissed.
class TempFileGuard {
public:
    explicit TempFileGuard(std::string name) : name_(std::move(name)) {}
    ~TempFileGuard() {
        if (!name_.empty()) {
            ::unlink(name_.c_str());
        }
    }
    TempFileGuard(const TempFileGuard&) = delete;
    TempFileGuard& operator=(const TempFileGuard&) = delete;
    void dismiss() { name_.clear(); }

private:
    std::string name_;
};

}  // namespace

void writeFileAtomic(const std::filesystem::path& path, std::string_view bytes, unsigned mode) {
    if (path.filename().empty()) {
        fail(EINVAL, "cannot write to a path without a file name", path);
    }
    const std::filesystem::path directory =
        path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    std::string pattern = (directory / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
    FileDescriptor fd(::mkostemp(pattern.data(), O_CLOEXEC));
    if (!fd.valid()) {
        fail(errno, "cannot create a temporary file for", path);
    }
    TempFileGuard guard(pattern);
    if (::fchmod(fd.get(), static_cast<mode_t>(mode & 07777)) != 0) {
        fail(errno, "cannot set the mode of", path);
    }
    writeAll(fd.get(), bytes, path);
    if (::fsync(fd.get()) != 0) {
        fail(errno, "cannot sync", path);
    }
    if (fd.close() != 0) {
        fail(errno, "cannot close", path);
    }
    if (::rename(pattern.c_str(), path.c_str()) != 0) {
        fail(errno, "cannot rename over", path);
    }
    guard.dismiss();
    syncDirectory(directory, path);
}

std::string readFile(const std::filesystem::path& path) {
    FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd.valid()) {
        fail(errno, "cannot open", path);
    }
    struct stat status {};
    if (::fstat(fd.get(), &status) == 0 && S_ISREG(status.st_mode) &&
        static_cast<std::uintmax_t>(status.st_size) > maxReadFileBytes) {
        fail(EFBIG, "refusing to read more than 64 MiB from", path);
    }
    std::string content;
    std::vector<char> buffer(std::size_t{64} * 1024);
    for (;;) {
        const ssize_t count = ::read(fd.get(), buffer.data(), buffer.size());
        if (count < 0) {
            if (errno == EINTR) {
                continue;
            }
            fail(errno, "cannot read", path);
        }
        if (count == 0) {
            return content;
        }
        if (content.size() + static_cast<std::size_t>(count) > maxReadFileBytes) {
            fail(EFBIG, "refusing to read more than 64 MiB from", path);
        }
        content.append(buffer.data(), static_cast<std::size_t>(count));
    }
}

}  // namespace parque::util
