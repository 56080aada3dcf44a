// Windows twin of src/util/AtomicFile.cpp: the same contract with Win32 file handles. The mode is
// not used: a file's access comes from its folder's ACL (the agent's state folder allows only
// SYSTEM and Administrators).
#include "parque/util/AtomicFile.h"

#include <windows.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <random>
#include <system_error>
#include <vector>

namespace parque::util {

namespace {

[[noreturn]] void fail(DWORD error, const char* action, const std::filesystem::path& path) {
    throw std::system_error(static_cast<int>(error), std::system_category(),
                            std::string(action) + " '" + path.u8string() + "'");
}

[[noreturn]] void failGeneric(int error, const char* action, const std::filesystem::path& path) {
    throw std::system_error(error, std::generic_category(),
                            std::string(action) + " '" + path.u8string() + "'");
}

class Handle {
public:
    explicit Handle(HANDLE handle) : handle_(handle) {}
    ~Handle() { close(); }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;

    HANDLE get() const { return handle_; }
    bool valid() const { return handle_ != INVALID_HANDLE_VALUE; }
    bool close() {
        const bool closed = !valid() || CloseHandle(handle_) != 0;
        handle_ = INVALID_HANDLE_VALUE;
        return closed;
    }

private:
    HANDLE handle_;
};

// Removes the temporary file unless dismissed.
class TempFileGuard {
public:
    explicit TempFileGuard(std::filesystem::path name) : name_(std::move(name)) {}
    ~TempFileGuard() {
        if (!name_.empty()) {
            DeleteFileW(name_.c_str());
        }
    }
    TempFileGuard(const TempFileGuard&) = delete;
    TempFileGuard& operator=(const TempFileGuard&) = delete;
    void dismiss() { name_.clear(); }

private:
    std::filesystem::path name_;
};

std::filesystem::path temporaryName(const std::filesystem::path& directory,
                                    const std::filesystem::path& path) {
    static thread_local std::mt19937_64 random{std::random_device{}()};
    const auto suffix = std::to_wstring(random() % 1000000000ULL);
    return directory / (L"." + path.filename().wstring() + L".tmp-" + suffix);
}

void writeAll(HANDLE file, std::string_view bytes, const std::filesystem::path& path) {
    while (!bytes.empty()) {
        const DWORD chunk = static_cast<DWORD>(std::min<std::size_t>(bytes.size(), 1U << 30));
        DWORD written = 0;
        if (WriteFile(file, bytes.data(), chunk, &written, nullptr) == 0) {
            fail(GetLastError(), "cannot write", path);
        }
        bytes.remove_prefix(written);
    }
}

}  // namespace

void writeFileAtomic(const std::filesystem::path& path, std::string_view bytes, unsigned /*mode*/) {
    if (path.filename().empty()) {
        failGeneric(EINVAL, "cannot write to a path without a file name", path);
    }
    const std::filesystem::path directory =
        path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    const std::filesystem::path temporary = temporaryName(directory, path);
    Handle file(CreateFileW(temporary.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW,
                            FILE_ATTRIBUTE_NORMAL, nullptr));
    if (!file.valid()) {
        fail(GetLastError(), "cannot create a temporary file for", path);
    }
    TempFileGuard guard(temporary);
    writeAll(file.get(), bytes, path);
    if (FlushFileBuffers(file.get()) == 0) {
        fail(GetLastError(), "cannot sync", path);
    }
    if (!file.close()) {
        fail(GetLastError(), "cannot close", path);
    }
    if (MoveFileExW(temporary.c_str(), path.c_str(),
                    MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH) == 0) {
        fail(GetLastError(), "cannot rename over", path);
    }
    guard.dismiss();
}

std::string readFile(const std::filesystem::path& path) {
    Handle file(CreateFileW(path.c_str(), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr,
                            OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr));
    if (!file.valid()) {
        fail(GetLastError(), "cannot open", path);
    }
    LARGE_INTEGER size{};
    if (GetFileSizeEx(file.get(), &size) != 0 &&
        static_cast<std::uintmax_t>(size.QuadPart) > maxReadFileBytes) {
        failGeneric(EFBIG, "refusing to read more than 64 MiB from", path);
    }
    std::string content;
    std::vector<char> buffer(std::size_t{64} * 1024);
    for (;;) {
        DWORD count = 0;
        if (ReadFile(file.get(), buffer.data(), static_cast<DWORD>(buffer.size()), &count,
                     nullptr) == 0) {
            fail(GetLastError(), "cannot read", path);
        }
        if (count == 0) {
            return content;
        }
        if (content.size() + count > maxReadFileBytes) {
            failGeneric(EFBIG, "refusing to read more than 64 MiB from", path);
        }
        content.append(buffer.data(), count);
    }
}

}  // namespace parque::util
