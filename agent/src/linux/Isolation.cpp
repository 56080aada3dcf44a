#include "parque/agent/Isolation.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <sstream>
#include <string>

namespace parque::agent {
namespace {

std::string serialize(const RunOutcome& outcome) {
    return std::to_string(outcome.delivered ? 1 : 0) + " " +
           std::to_string(outcome.refused ? 1 : 0) + " " +
           std::to_string(outcome.interval.count()) + " " + outcome.problem;
}

RunOutcome deserialize(const std::string& text) {
    std::istringstream in(text);
    RunOutcome outcome;
    int delivered = 0;
    int refused = 0;
    long long interval = 0;
    if (!(in >> delivered >> refused >> interval)) {
        outcome.problem = "the inventory pass ended without a result";
        return outcome;
    }
    outcome.delivered = delivered == 1;
    outcome.refused = refused == 1;
    outcome.interval = std::chrono::seconds(interval);
    in.get();
    std::getline(in, outcome.problem, '\0');
    return outcome;
}

void writeAll(int fd, const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n <= 0 && errno != EINTR) {
            return;
        }
        done += n > 0 ? static_cast<std::size_t>(n) : 0;
    }
}

std::string readAll(int fd) {
    std::string text;
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n > 0) {
            text.append(buffer, static_cast<std::size_t>(n));
        } else if (n == 0 || errno != EINTR) {
            return text;
        }
    }
}

}  // namespace

RunOutcome runIsolated(const std::function<RunOutcome()>& pass) {
    int fds[2];
    if (::pipe(fds) != 0) {
        return pass();  // no pipe: run in this process
    }
    const pid_t child = ::fork();
    if (child < 0) {
        ::close(fds[0]);
        ::close(fds[1]);
        return pass();
    }
    if (child == 0) {
        ::close(fds[0]);
        RunOutcome outcome;
        try {
            outcome = pass();
        } catch (const std::exception& e) {
            outcome.problem = std::string("run failed: ") + e.what();
        }
        writeAll(fds[1], serialize(outcome));
        ::_exit(0);
    }
    ::close(fds[1]);
    const std::string text = readAll(fds[0]);
    ::close(fds[0]);
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFSIGNALED(status)) {
        RunOutcome crashed;
        crashed.problem = "the inventory pass died of signal " + std::to_string(WTERMSIG(status)) +
                          " (" + ::strsignal(WTERMSIG(status)) + ")";
        return crashed;
    }
    return deserialize(text);
}

}  // namespace parque::agent
