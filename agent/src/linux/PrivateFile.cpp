#include "../runtime/PrivateFile.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace parque::agent {

void createPrivateFile(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        throw std::runtime_error(path.string() + ": cannot open: " + std::strerror(errno));
    }
    const int rc = ::fchmod(fd, 0600);
    const int savedErrno = errno;
    ::close(fd);
    if (rc != 0) {
        throw std::runtime_error(path.string() +
                                 ": cannot set mode 0600: " + std::strerror(savedErrno));
    }
}

}  // namespace parque::agent
