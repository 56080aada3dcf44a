// The Windows twins of the POSIX file code: atomic writes, bounded reads, and SQLite (the spool)
// on a Windows path with non-ASCII characters.
#include "parque/agent/runtime/PlatformPaths.h"
#include "parque/agent/runtime/Spool.h"
#include "parque/agent/windows/PrivateAcl.h"
#include "parque/util/AtomicFile.h"

#include "../../agent/src/runtime/SqliteDb.h"

#include <catch2/catch.hpp>

#include <filesystem>
#include <memory>
#include <random>
#include <system_error>
#include <tuple>
#include <vector>

using namespace parque;
using namespace parque::agent;
namespace fs = std::filesystem;

namespace {

struct TempDir {
    TempDir() {
        std::random_device random;
        path = fs::temp_directory_path() / (L"parque-t\u00e9st-" + std::to_wstring(random()));
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
    fs::path path;
};

}  // namespace

TEST_CASE("Windows: writeFileAtomic replaces a file and leaves no temporary behind",
          "[windows][files]") {
    TempDir dir;
    const fs::path file = dir.path / "state.txt";
    util::writeFileAtomic(file, "first");
    util::writeFileAtomic(file, std::string("second\0with nul", 15), 0600);
    CHECK(util::readFile(file) == std::string("second\0with nul", 15));
    CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 1);
    CHECK_THROWS_AS(util::readFile(dir.path / "missing"), std::system_error);
    CHECK_THROWS_AS(util::writeFileAtomic(dir.path / "no-such-folder" / "x", "y"),
                    std::system_error);
}

TEST_CASE("Windows: the SQLite spool keeps submissions in order across reopening",
          "[windows][sqlite]") {
    TempDir dir;
    const fs::path database = dir.path / "spool.db";
    {
        agent::SqliteDb db(database);
        agent::Spool spool(db, agent::SpoolLimits{});
        spool.enqueue("key-1", "first body", false);
        spool.enqueue("key-2", "second body", true);
    }
    agent::SqliteDb db(database);
    agent::Spool spool(db, agent::SpoolLimits{});
    auto front = spool.front();
    REQUIRE(front);
    CHECK(front->body == "first body");
    spool.acknowledge(front->id);
    front = spool.front();
    REQUIRE(front);
    CHECK(front->body == "second body");
    CHECK(front->partial);
    CHECK(fs::exists(database));
}

namespace {

using Entry = std::tuple<BYTE, BYTE, DWORD, WELL_KNOWN_SID_TYPE>;  // type, flags, mask, SID

WELL_KNOWN_SID_TYPE knownSid(PSID sid) {
    for (const WELL_KNOWN_SID_TYPE type :
         {WinLocalSystemSid, WinBuiltinAdministratorsSid, WinBuiltinUsersSid, WinWorldSid,
          WinAuthenticatedUserSid, WinCreatorOwnerSid}) {
        if (IsWellKnownSid(sid, type) != 0) {
            return type;
        }
    }
    return WinNullSid;  // any other SID
}

std::vector<Entry> entriesOf(ACL* acl) {
    std::vector<Entry> entries;
    for (DWORD i = 0; i < acl->AceCount; ++i) {
        void* ace = nullptr;
        REQUIRE(GetAce(acl, i, &ace) != 0);
        auto* allowed = static_cast<ACCESS_ALLOWED_ACE*>(ace);
        entries.emplace_back(allowed->Header.AceType, allowed->Header.AceFlags, allowed->Mask,
                             knownSid(&allowed->SidStart));
    }
    return entries;
}

}  // namespace

// Wine keeps no Windows ACLs on files (it maps them to Unix modes and answers a made-up list), so
// the list is checked as built, and the folder call is checked to succeed.
TEST_CASE("Windows: the state folder's ACL allows only SYSTEM and Administrators",
          "[windows][files][acl]") {
    const platform::LocalAcl acl = platform::privateFolderAcl();
    const BYTE inherit = OBJECT_INHERIT_ACE | CONTAINER_INHERIT_ACE;
    CHECK(entriesOf(acl.get()) ==
          std::vector<Entry>{
              {ACCESS_ALLOWED_ACE_TYPE, inherit, GENERIC_ALL, WinLocalSystemSid},
              {ACCESS_ALLOWED_ACE_TYPE, inherit, GENERIC_ALL, WinBuiltinAdministratorsSid}});
    TempDir dir;
    const fs::path state = dir.path / "ProgramData" / "Parque";
    agent::makePrivateFolder(state);
    CHECK(fs::is_directory(state));
    CHECK(agent::defaultStateDir().filename() == "Parque");
    CHECK(agent::defaultConfigFile() == agent::defaultStateDir() / "agent.conf");
}
