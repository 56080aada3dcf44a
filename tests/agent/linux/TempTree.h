// A throw-away root folder for the Linux collector tests: files and kernel-style relative
// symlinks are created under it, and everything is removed when it goes out of scope.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace parque::test {

class TempTree {
public:
    TempTree() {
        std::string pattern = (std::filesystem::temp_directory_path() / "parque-tree-XXXXXX");
        if (::mkdtemp(pattern.data()) == nullptr) {
            throw std::runtime_error("mkdtemp failed");
        }
        root_ = pattern;
    }
    ~TempTree() {
        std::error_code error;
        std::filesystem::remove_all(root_, error);
    }
    TempTree(const TempTree&) = delete;
    TempTree& operator=(const TempTree&) = delete;

    const std::filesystem::path& root() const { return root_; }

    // root/relative with `content` (binary safe), creating the folders on the way.
    void write(const std::string& relative, const std::string& content) const {
        const auto path = root_ / relative;
        std::filesystem::create_directories(path.parent_path());
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
    }

    void mkdir(const std::string& relative) const {
        std::filesystem::create_directories(root_ / relative);
    }

    // root/link -> root/target, written relative to the link's folder as sysfs does
    // ("../../devices/pci0000:00/..."). The target need not exist.
    void link(const std::string& link, const std::string& target) const {
        const auto path = root_ / link;
        std::filesystem::create_directories(path.parent_path());
        std::filesystem::remove(path);
        std::filesystem::create_symlink((root_ / target).lexically_relative(path.parent_path()),
                                        path);
    }

    // A symlink with exactly this target text. Both kinds of link replace what was there.
    void rawLink(const std::string& link, const std::string& target) const {
        const auto path = root_ / link;
        std::filesystem::create_directories(path.parent_path());
        std::filesystem::remove(path);
        std::filesystem::create_symlink(target, path);
    }

private:
    std::filesystem::path root_;
};

}  // namespace parque::test
