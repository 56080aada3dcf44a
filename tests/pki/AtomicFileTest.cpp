#include <stdlib.h>
#include <sys/stat.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

#include "parque/util/AtomicFile.h"

using parque::util::readFile;
using parque::util::writeFileAtomic;

namespace {

class TempDir {
public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "parque-atomic-XXXXXX");
        if (::mkdtemp(pattern.data()) == nullptr) {
            throw std::runtime_error("mkdtemp failed");
        }
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code error;
        std::filesystem::remove_all(path_, error);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

unsigned modeOf(const std::filesystem::path& path) {
    struct stat status {};
    REQUIRE(::stat(path.c_str(), &status) == 0);
    return status.st_mode & 07777;
}

std::size_t entriesIn(const std::filesystem::path& directory) {
    std::size_t count = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(directory)) {
        ++count;
    }
    return count;
}

}  // namespace

TEST_CASE("AtomicFile: the mode is applied exactly", "[util][atomicfile]") {
    TempDir dir;
    const auto secret = dir.path() / "key.pem";
    writeFileAtomic(secret, "secret", 0600);
    CHECK(modeOf(secret) == 0600);
    CHECK(readFile(secret) == "secret");

    const auto shared = dir.path() / "ca.pem";
    writeFileAtomic(shared, "public");
    CHECK(modeOf(shared) == 0644);

    writeFileAtomic(secret, "rewritten", 0640);  // replacing also applies the new mode
    CHECK(modeOf(secret) == 0640);
}

TEST_CASE("AtomicFile: content is replaced and no temporary file remains", "[util][atomicfile]") {
    TempDir dir;
    const auto file = dir.path() / "state.json";
    writeFileAtomic(file, std::string(100000, 'a'));
    CHECK(readFile(file) == std::string(100000, 'a'));
    writeFileAtomic(file, "short");
    CHECK(readFile(file) == "short");
    writeFileAtomic(file, "");
    CHECK(readFile(file).empty());
    const std::string binary("a\0b\xff", 4);
    writeFileAtomic(file, binary);
    CHECK(readFile(file) == binary);
    CHECK(entriesIn(dir.path()) == 1);
}

TEST_CASE("AtomicFile: a hard link to the old file keeps the old content", "[util][atomicfile]") {
    // Proves replacement by rename: the old inode is never written to.
    TempDir dir;
    const auto file = dir.path() / "config";
    const auto link = dir.path() / "old-config";
    writeFileAtomic(file, "old");
    std::filesystem::create_hard_link(file, link);
    writeFileAtomic(file, "new");
    CHECK(readFile(file) == "new");
    CHECK(readFile(link) == "old");
}

TEST_CASE("AtomicFile: errors name the path", "[util][atomicfile]") {
    TempDir dir;
    const auto missing = dir.path() / "no-such-dir" / "file.txt";
    try {
        writeFileAtomic(missing, "x");
        FAIL("expected std::system_error");
    } catch (const std::system_error& error) {
        CHECK_THAT(error.what(), Catch::Contains(missing.string()));
        CHECK(error.code() == std::errc::no_such_file_or_directory);
    }
    try {
        readFile(missing);
        FAIL("expected std::system_error");
    } catch (const std::system_error& error) {
        CHECK_THAT(error.what(), Catch::Contains(missing.string()));
    }
    CHECK_THROWS_AS(readFile(dir.path()), std::system_error);  // a directory
    CHECK(entriesIn(dir.path()) == 0);
}

TEST_CASE("AtomicFile: readFile refuses files over 64 MiB", "[util][atomicfile]") {
    TempDir dir;
    const auto big = dir.path() / "big";
    writeFileAtomic(big, "");
    std::filesystem::resize_file(big, parque::util::maxReadFileBytes + 1);  // sparse
    try {
        readFile(big);
        FAIL("expected std::system_error");
    } catch (const std::system_error& error) {
        CHECK(error.code() == std::errc::file_too_large);
        CHECK_THAT(error.what(), Catch::Contains(big.string()));
    }
    std::filesystem::resize_file(big, parque::util::maxReadFileBytes);
    CHECK(readFile(big).size() == parque::util::maxReadFileBytes);
}
