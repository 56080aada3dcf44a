#include "../Handover.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>

namespace parque::agent::cli {
namespace {

// The folder of this program as the kernel started it (symlinks resolved), with a trailing '/'.
std::string ownFolder() {
    std::string path(4096, '\0');
    const ssize_t length = ::readlink("/proc/self/exe", path.data(), path.size());
    if (length <= 0 || static_cast<std::size_t>(length) >= path.size()) {
        return std::string();
    }
    path.resize(static_cast<std::size_t>(length));
    return path.substr(0, path.rfind('/') + 1);
}

}  // namespace

int handOverToRuntime(const std::vector<std::string>& arguments) {
    const std::string folder = ownFolder();
    if (folder.empty()) {
        std::cerr << "parque-agent: cannot find this program's folder (/proc/self/exe): "
                  << std::strerror(errno) << "\n";
        return 1;
    }
    const std::string program = folder + kRuntimeProgram;
    std::vector<char*> argv;
    argv.reserve(arguments.size() + 2);
    argv.push_back(const_cast<char*>(program.c_str()));
    for (const std::string& argument : arguments) {
        argv.push_back(const_cast<char*>(argument.c_str()));
    }
    argv.push_back(nullptr);
    ::execv(program.c_str(), argv.data());
    std::cerr << "parque-agent: cannot start " << program << ": " << std::strerror(errno) << "\n";
    return 1;
}

}  // namespace parque::agent::cli
