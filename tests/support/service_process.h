// The tnt-forms binary started as a child process for e2e tests, with its output kept in a log file that
// a failing test prints.
#pragma once

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

namespace tnt::testing {

class ServiceProcess {
public:
    // Starts `binary args…` with the extra environment; does not wait.
    ServiceProcess(const std::string& binary, const std::vector<std::string>& args,
                   const std::map<std::string, std::string>& env);
    ~ServiceProcess();
    ServiceProcess(const ServiceProcess&) = delete;
    ServiceProcess& operator=(const ServiceProcess&) = delete;

    // Waits until GET /healthz answers 200 on `port` or the process exits; false on exit or timeout.
    bool waitUntilHealthy(int port, int timeout_ms = 20000);
    // SIGTERM and wait; returns the exit status (-1 when killed by a signal).
    int stop(int timeout_ms = 30000);
    void kill9();
    bool running();
    // Waits for the process to exit by itself (e.g. a command); returns the exit status.
    int wait(int timeout_ms = 60000);
    std::string log() const;

private:
    pid_t pid_ = -1;
    int status_ = 0;
    std::string log_path_;
};

// Runs a command to completion and returns its exit status and its combined output.
struct CommandResult {
    int status = -1;
    std::string output;
};
CommandResult runCommand(const std::string& binary, const std::vector<std::string>& args,
                         const std::map<std::string, std::string>& env = {});

}  // namespace tnt::testing
