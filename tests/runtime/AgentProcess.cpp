#include "AgentProcess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <stdexcept>

extern char** environ;

namespace parque::testing {
namespace {

using Clock = std::chrono::steady_clock;

// Both ends of a pipe, closed when the object goes away.
class Pipe {
public:
    Pipe() {
        if (::pipe2(fds_.data(), O_CLOEXEC) != 0) {
            throw std::runtime_error(std::string("pipe2: ") + std::strerror(errno));
        }
    }
    ~Pipe() {
        closeRead();
        closeWrite();
    }
    Pipe(const Pipe&) = delete;
    Pipe& operator=(const Pipe&) = delete;
    int read() const { return fds_[0]; }
    int write() const { return fds_[1]; }
    void closeRead() { closeEnd(0); }
    void closeWrite() { closeEnd(1); }

private:
    void closeEnd(std::size_t end) {
        if (fds_[end] >= 0) {
            ::close(fds_[end]);
            fds_[end] = -1;
        }
    }
    std::array<int, 2> fds_{-1, -1};
};

class SpawnActions {
public:
    SpawnActions() { posix_spawn_file_actions_init(&actions_); }
    ~SpawnActions() { posix_spawn_file_actions_destroy(&actions_); }
    SpawnActions(const SpawnActions&) = delete;
    SpawnActions& operator=(const SpawnActions&) = delete;
    posix_spawn_file_actions_t* get() { return &actions_; }

private:
    posix_spawn_file_actions_t actions_;
};

pid_t spawnAgent(const std::vector<std::string>& arguments, Pipe& out, Pipe& err) {
    std::vector<std::string> argv = {PARQUE_AGENT_BINARY};
    argv.insert(argv.end(), arguments.begin(), arguments.end());
    std::vector<char*> args;
    for (auto& argument : argv) {
        args.push_back(argument.data());
    }
    args.push_back(nullptr);
    SpawnActions actions;
    posix_spawn_file_actions_adddup2(actions.get(), out.write(), STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(actions.get(), err.write(), STDERR_FILENO);
    // The collector's sockets live in this process: the agent must not inherit them.
    posix_spawn_file_actions_addclosefrom_np(actions.get(), STDERR_FILENO + 1);
    pid_t pid = 0;
    const int failed = posix_spawn(&pid, args[0], actions.get(), nullptr, args.data(), environ);
    out.closeWrite();
    err.closeWrite();
    if (failed != 0) {
        throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(failed));
    }
    return pid;
}

// Reads what is available on the open pipes; false once both reached end of file.
bool drain(std::array<pollfd, 2>& fds, std::array<std::string*, 2> sinks, int timeoutMs) {
    if (fds[0].fd < 0 && fds[1].fd < 0) {
        return false;
    }
    for (pollfd& fd : fds) {
        fd.revents = 0;
    }
    if (::poll(fds.data(), fds.size(), timeoutMs) < 0 && errno != EINTR) {
        throw std::runtime_error(std::string("poll: ") + std::strerror(errno));
    }
    for (std::size_t i = 0; i < fds.size(); ++i) {
        if (fds[i].fd < 0 || (fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) {
            continue;
        }
        char buffer[8192];
        const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
        if (n > 0) {
            sinks[i]->append(buffer, static_cast<std::size_t>(n));
        } else if (n == 0 || errno != EINTR) {
            fds[i].fd = -1;
        }
    }
    return true;
}

int remainingMs(Clock::time_point until) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
    return static_cast<int>(std::max<long long>(0, left.count()));
}

}  // namespace

AgentRun runAgent(const std::vector<std::string>& arguments, const std::optional<KillPlan>& kill) {
    Pipe out;
    Pipe err;
    const auto started = Clock::now();
    const pid_t pid = spawnAgent(arguments, out, err);
    const auto limit = started + std::chrono::seconds(60);
    std::optional<Clock::time_point> killAt;
    if (kill && kill->afterText.empty()) {
        killAt = started + kill->delay;
    }
    bool killed = false;
    bool timedOut = false;
    AgentRun run;
    std::array<pollfd, 2> fds = {pollfd{out.read(), POLLIN, 0}, pollfd{err.read(), POLLIN, 0}};
    for (;;) {
        const int wait = killed ? 1000 : remainingMs(killAt ? std::min(*killAt, limit) : limit);
        if (!drain(fds, {&run.out, &run.err}, wait)) {
            break;
        }
        if (kill && !killAt && run.err.find(kill->afterText) != std::string::npos) {
            killAt = Clock::now() + kill->delay;
        }
        const auto time = Clock::now();
        if (!killed && (time >= limit || (killAt && time >= *killAt))) {
            ::kill(pid, SIGKILL);  // the child has not been reaped: the pid is still ours
            killed = true;
            timedOut = !(killAt && time >= *killAt);
        }
    }
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    run.took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    if (WIFSIGNALED(status)) {
        run.signal = WTERMSIG(status);
    } else if (WIFEXITED(status)) {
        run.exitCode = WEXITSTATUS(status);
    }
    if (timedOut) {
        throw std::runtime_error("parque-agent ran for more than 60 s: " + run.err);
    }
    return run;
}

}  // namespace parque::testing
