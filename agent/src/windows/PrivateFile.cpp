// Windows twin of src/linux/PrivateFile.cpp: the file is created without sharing for deletion and
// inherits the ACL of the state folder (SYSTEM and Administrators only, set by the runtime).
#include "../runtime/PrivateFile.h"

#include "parque/agent/windows/Win32.h"

#include <stdexcept>
#include <string>

namespace parque::agent {

void createPrivateFile(const std::filesystem::path& path) {
    const HANDLE file =
        CreateFileW(path.c_str(), GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
                    nullptr, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (file == INVALID_HANDLE_VALUE) {
        throw std::runtime_error(path.u8string() + ": cannot open: error " +
                                 std::to_string(GetLastError()));
    }
    CloseHandle(file);
}

}  // namespace parque::agent
