// The Windows service: "ParqueAgent" runs `"<this exe>" run` as LocalSystem, starts with Windows
// and is restarted by the service manager when it fails (after 1 minute, three times a day).
#include "parque/agent/ServiceCommand.h"

#include "parque/agent/windows/WideText.h"
#include "parque/agent/windows/Win32.h"

#include <memory>
#include <stdexcept>
#include <thread>

namespace parque::agent {
namespace {

const wchar_t* const kServiceName = L"ParqueAgent";

struct ServiceCloser {
    void operator()(SC_HANDLE handle) const { CloseServiceHandle(handle); }
};
using ServiceHandle = std::unique_ptr<std::remove_pointer_t<SC_HANDLE>, ServiceCloser>;

[[noreturn]] void fail(const std::string& what) {
    throw std::runtime_error(what + ": error " + std::to_string(GetLastError()));
}

ServiceHandle manager(DWORD access) {
    ServiceHandle scm(OpenSCManagerW(nullptr, nullptr, access));
    if (!scm) {
        fail("cannot open the service manager");
    }
    return scm;
}

ServiceHandle service(SC_HANDLE scm, DWORD access) {
    ServiceHandle handle(OpenServiceW(scm, kServiceName, access));
    if (!handle) {
        fail("cannot open the ParqueAgent service");
    }
    return handle;
}

std::wstring commandLine() {
    wchar_t path[32768] = {};
    const DWORD length = GetModuleFileNameW(nullptr, path, 32768);
    if (length == 0 || length >= 32768) {
        fail("cannot find this program's path");
    }
    return L"\"" + std::wstring(path, length) + L"\" run";
}

void install(std::ostream& out) {
    const ServiceHandle scm = manager(SC_MANAGER_CREATE_SERVICE);
    const std::wstring command = commandLine();
    const ServiceHandle created(
        CreateServiceW(scm.get(), kServiceName, L"Parque Agent", SERVICE_ALL_ACCESS,
                       SERVICE_WIN32_OWN_PROCESS, SERVICE_AUTO_START, SERVICE_ERROR_NORMAL,
                       command.c_str(), nullptr, nullptr, nullptr, nullptr, nullptr));
    if (!created) {
        fail("cannot create the ParqueAgent service");
    }
    std::wstring text = L"Reports this computer's hardware and software to the Parque collector.";
    SERVICE_DESCRIPTIONW description{text.data()};
    ChangeServiceConfig2W(created.get(), SERVICE_CONFIG_DESCRIPTION, &description);
    SC_ACTION restart[3] = {
        {SC_ACTION_RESTART, 60000}, {SC_ACTION_RESTART, 60000}, {SC_ACTION_RESTART, 60000}};
    SERVICE_FAILURE_ACTIONSW actions{};
    actions.dwResetPeriod = 24 * 60 * 60;
    actions.cActions = 3;
    actions.lpsaActions = restart;
    if (ChangeServiceConfig2W(created.get(), SERVICE_CONFIG_FAILURE_ACTIONS, &actions) == 0) {
        fail("cannot set the restart-on-failure actions");
    }
    out << "installed the ParqueAgent service: " << platform::toUtf8(command) << "\n";
}

SERVICE_STATUS status(SC_HANDLE handle) {
    SERVICE_STATUS state{};
    if (QueryServiceStatus(handle, &state) == 0) {
        fail("cannot query the ParqueAgent service");
    }
    return state;
}

const char* stateName(DWORD state) {
    switch (state) {
    case SERVICE_RUNNING:
        return "running";
    case SERVICE_STOPPED:
        return "stopped";
    case SERVICE_START_PENDING:
        return "starting";
    case SERVICE_STOP_PENDING:
        return "stopping";
    default:
        return "paused";
    }
}

void stop(SC_HANDLE handle) {
    SERVICE_STATUS state{};
    if (status(handle).dwCurrentState == SERVICE_STOPPED) {
        return;
    }
    if (ControlService(handle, SERVICE_CONTROL_STOP, &state) == 0) {
        fail("cannot stop the ParqueAgent service");
    }
    for (int i = 0; i < 300 && status(handle).dwCurrentState != SERVICE_STOPPED; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

int run(const std::string& action, std::ostream& out) {
    if (action == "install") {
        install(out);
        return 0;
    }
    const ServiceHandle scm = manager(SC_MANAGER_CONNECT);
    const ServiceHandle handle =
        service(scm.get(), SERVICE_START | SERVICE_STOP | SERVICE_QUERY_STATUS | DELETE);
    if (action == "start") {
        if (StartServiceW(handle.get(), 0, nullptr) == 0) {
            fail("cannot start the ParqueAgent service");
        }
    } else if (action == "stop") {
        stop(handle.get());
    } else if (action == "uninstall") {
        stop(handle.get());
        if (DeleteService(handle.get()) == 0) {
            fail("cannot delete the ParqueAgent service");
        }
        out << "uninstalled the ParqueAgent service\n";
        return 0;
    }
    out << "ParqueAgent: " << stateName(status(handle.get()).dwCurrentState) << "\n";
    return 0;
}

}  // namespace

int runServiceCommand(const std::vector<std::string>& arguments, std::ostream& out,
                      std::ostream& log) {
    const std::string action = arguments.size() == 1 ? arguments[0] : "";
    if (action != "install" && action != "uninstall" && action != "start" && action != "stop" &&
        action != "status") {
        log << "usage: parque-agent service install|uninstall|start|stop|status\n";
        return 2;
    }
    try {
        return run(action, out);
    } catch (const std::exception& e) {
        log << "parque-agent: service " << action << ": " << e.what() << "\n";
        return 1;
    }
}

}  // namespace parque::agent
