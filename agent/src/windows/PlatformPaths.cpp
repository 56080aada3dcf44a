// %ProgramData%\Parque holds the settings, the state and the private key; its ACL allows only
// SYSTEM and Administrators (full control, inherited by what is created inside) and does not
// inherit the parent's entries, so ordinary users can neither read the key nor plant files.
#include "parque/agent/runtime/PlatformPaths.h"

#include "parque/agent/windows/PrivateAcl.h"

#include <memory>
#include <stdexcept>
#include <string>

namespace parque::agent {
namespace {

std::filesystem::path programData() {
    PWSTR path = nullptr;
    if (SHGetKnownFolderPath(FOLDERID_ProgramData, 0, nullptr, &path) == S_OK && path != nullptr) {
        std::filesystem::path result(path);
        CoTaskMemFree(path);
        return result;
    }
    CoTaskMemFree(path);
    return L"C:\\ProgramData";
}

using platform::LocalFreer;

// A well-known SID (SYSTEM, BUILTIN\Administrators).
std::unique_ptr<void, LocalFreer> wellKnownSid(WELL_KNOWN_SID_TYPE type) {
    DWORD size = SECURITY_MAX_SID_SIZE;
    std::unique_ptr<void, LocalFreer> sid(LocalAlloc(LMEM_FIXED, size));
    if (!sid || CreateWellKnownSid(type, nullptr, sid.get(), &size) == 0) {
        throw std::runtime_error("cannot make a well-known SID: error " +
                                 std::to_string(GetLastError()));
    }
    return sid;
}

EXPLICIT_ACCESS_W fullControl(void* sid) {
    EXPLICIT_ACCESS_W access{};
    access.grfAccessPermissions = GENERIC_ALL;
    access.grfAccessMode = SET_ACCESS;
    access.grfInheritance = SUB_CONTAINERS_AND_OBJECTS_INHERIT;
    access.Trustee.TrusteeForm = TRUSTEE_IS_SID;
    access.Trustee.TrusteeType = TRUSTEE_IS_WELL_KNOWN_GROUP;
    access.Trustee.ptstrName = static_cast<LPWSTR>(sid);
    return access;
}

}  // namespace

std::filesystem::path defaultConfigFile() { return programData() / L"Parque" / L"agent.conf"; }

std::filesystem::path defaultStateDir() { return programData() / L"Parque"; }

namespace platform {

LocalAcl privateFolderAcl() {
    const auto system = wellKnownSid(WinLocalSystemSid);
    const auto administrators = wellKnownSid(WinBuiltinAdministratorsSid);
    EXPLICIT_ACCESS_W entries[2] = {fullControl(system.get()), fullControl(administrators.get())};
    PACL raw = nullptr;
    if (const DWORD error = SetEntriesInAclW(2, entries, nullptr, &raw); error != ERROR_SUCCESS) {
        throw std::runtime_error("cannot build the private folder's ACL: error " +
                                 std::to_string(error));
    }
    return LocalAcl(raw);
}

}  // namespace platform

void makePrivateFolder(const std::filesystem::path& folder) {
    std::filesystem::create_directories(folder);
    const platform::LocalAcl acl = platform::privateFolderAcl();
    std::wstring name = folder.wstring();
    const DWORD error =
        SetNamedSecurityInfoW(name.data(), SE_FILE_OBJECT,
                              DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION,
                              nullptr, nullptr, acl.get(), nullptr);
    if (error != ERROR_SUCCESS) {
        throw std::runtime_error("cannot restrict " + folder.u8string() +
                                 " to SYSTEM and Administrators: error " + std::to_string(error));
    }
}

}  // namespace parque::agent
