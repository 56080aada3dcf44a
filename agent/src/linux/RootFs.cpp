#include "parque/agent/linux/RootFs.h"

#include "parque/util/FileDescriptor.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

namespace parque::agent::platform {
namespace fs = std::filesystem;

namespace {

ProblemKind kindOf(int error) {
    if (error == ENOENT || error == ENOTDIR || error == ENODEV || error == ENXIO) {
        return ProblemKind::Missing;
    }
    if (error == EACCES || error == EPERM) {
        return ProblemKind::PermissionDenied;
    }
    return ProblemKind::Failed;
}

using util::FileDescriptor;

}  // namespace

RootFs::RootFs(fs::path root) : root_(std::move(root)), live_(root_ == "/" || root_.empty()) {
    if (root_.empty()) {
        root_ = "/";
    }
}

fs::path RootFs::path(std::string_view relative) const {
    while (!relative.empty() && relative.front() == '/') {
        relative.remove_prefix(1);
    }
    return root_ / fs::path(relative);
}

FileRead RootFs::read(std::string_view relative, std::size_t maxBytes) const {
    FileRead result;
    const FileDescriptor fd(::open(path(relative).c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY));
    if (fd.get() < 0) {
        result.problem = kindOf(errno);
        result.detail = std::strerror(errno);
        return result;
    }
    // Regular files are read straight into a string of their size (dpkg's status is ~800 KB);
    // sysfs and proc files report a size that means nothing, and go through the small buffer.
    std::string data;
    struct stat info {};
    if (::fstat(fd.get(), &info) == 0 && S_ISREG(info.st_mode) && info.st_size > 4096) {
        data.reserve(std::min(static_cast<std::size_t>(info.st_size) + 1, maxBytes + 1));
    }
    char buffer[16384];
    while (true) {
        const bool direct = data.capacity() - data.size() > sizeof buffer;
        const std::size_t room = direct ? data.capacity() - data.size() : sizeof buffer;
        const std::size_t used = data.size();
        if (direct) {
            data.resize(data.capacity());
        }
        const ssize_t n = ::read(fd.get(), direct ? data.data() + used : buffer, room);
        if (direct) {
            data.resize(used + static_cast<std::size_t>(std::max<ssize_t>(n, 0)));
        }
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            result.problem = kindOf(errno);
            result.detail = std::strerror(errno);
            return result;
        }
        if (n == 0) {
            break;
        }
        if (data.size() + (direct ? 0 : static_cast<std::size_t>(n)) > maxBytes) {
            result.problem = ProblemKind::Malformed;
            result.detail = "larger than " + std::to_string(maxBytes) + " bytes";
            return result;
        }
        if (!direct) {
            data.append(buffer, static_cast<std::size_t>(n));
        }
    }
    result.data = std::move(data);
    return result;
}

std::optional<std::string> RootFs::attribute(std::string_view relative) const {
    FileRead file = read(relative, 65536);
    if (!file.data) {
        return std::nullopt;
    }
    std::string& text = *file.data;
    const auto newline = text.find('\n');
    if (newline != std::string::npos) {
        text.resize(newline);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' ||
                             text.back() == '\0')) {
        text.pop_back();
    }
    if (text.empty()) {
        return std::nullopt;
    }
    return text;
}

std::optional<std::int64_t> RootFs::integerAttribute(std::string_view relative, int base) const {
    const auto text = attribute(relative);
    if (!text) {
        return std::nullopt;
    }
    errno = 0;
    char* end = nullptr;
    const long long value = std::strtoll(text->c_str(), &end, base);
    if (errno != 0 || end == text->c_str() || *end != '\0') {
        return std::nullopt;
    }
    return value;
}

std::vector<std::string> RootFs::list(std::string_view relative) const {
    std::vector<std::string> names;
    std::error_code error;
    for (fs::directory_iterator it(path(relative), error), end; !error && it != end;
         it.increment(error)) {
        names.push_back(it->path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

bool RootFs::exists(std::string_view relative) const {
    std::error_code error;
    return fs::exists(path(relative), error);
}

std::optional<std::string> RootFs::linkName(std::string_view relative) const {
    std::error_code error;
    const fs::path target = fs::read_symlink(path(relative), error);
    if (error) {
        return std::nullopt;
    }
    return target.filename().string();
}

std::optional<std::string> RootFs::resolvedLink(std::string_view relative) const {
    std::error_code error;
    const fs::path link = path(relative);
    if (!fs::is_symlink(fs::symlink_status(link, error)) || error) {
        return std::nullopt;
    }
    // Resolved by the filesystem, so links reached through linked folders (sys/class/net/x/device)
    // come out right; the tail may not exist (etc/localtime in a tree without zoneinfo).
    const fs::path target = fs::weakly_canonical(link, error);
    const fs::path base = fs::weakly_canonical(root_, error);
    if (error) {
        return std::nullopt;
    }
    const fs::path inside = target.lexically_relative(base);
    if (inside.empty() || *inside.begin() == "..") {
        return std::nullopt;
    }
    return inside.string();
}

std::optional<std::string> readReported(const RootFs& fs, std::string_view relative,
                                        const char* collector, Report& report,
                                        bool missingIsProblem) {
    FileRead file = fs.read(relative);
    if (!file.data && (missingIsProblem || file.problem != ProblemKind::Missing)) {
        report.add(collector, std::string(relative), file.problem, file.detail);
    }
    return std::move(file.data);
}

}  // namespace parque::agent::platform
