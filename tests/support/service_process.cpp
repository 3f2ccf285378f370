#include "tests/support/service_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "tests/support/http_client.h"

namespace tnt::testing {
namespace {

pid_t spawn(const std::string& binary, const std::vector<std::string>& args,
            const std::map<std::string, std::string>& env, const std::string& log_path)
{
    const pid_t pid = ::fork();
    if (pid != 0) return pid;
    const int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd >= 0) {
        ::dup2(fd, 1);
        ::dup2(fd, 2);
        ::close(fd);
    }
    // The test runner may block signals; the service must see SIGTERM.
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    for (const auto& [name, value] : env) ::setenv(name.c_str(), value.c_str(), 1);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(binary.c_str()));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(binary.c_str(), argv.data());
    ::_exit(127);
}

int decode(int status)
{
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string tempLogPath()
{
    char path[] = "/tmp/tnt-forms-test-log.XXXXXX";
    const int fd = ::mkstemp(path);
    if (fd >= 0) ::close(fd);
    return path;
}

}  // namespace

ServiceProcess::ServiceProcess(const std::string& binary, const std::vector<std::string>& args,
                               const std::map<std::string, std::string>& env)
    : log_path_(tempLogPath())
{
    pid_ = spawn(binary, args, env, log_path_);
}

ServiceProcess::~ServiceProcess()
{
    if (pid_ > 0) kill9();
    ::unlink(log_path_.c_str());
}

bool ServiceProcess::running()
{
    if (pid_ <= 0) return false;
    const pid_t r = ::waitpid(pid_, &status_, WNOHANG);
    if (r == pid_) {
        pid_ = -1;
        return false;
    }
    return true;
}

bool ServiceProcess::waitUntilHealthy(int port, int timeout_ms)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (std::chrono::steady_clock::now() < deadline) {
        if (!running()) return false;
        if (httpGet(port, "/healthz").status == 200) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

int ServiceProcess::stop(int timeout_ms)
{
    if (pid_ <= 0) return decode(status_);
    ::kill(pid_, SIGTERM);
    return wait(timeout_ms);
}

int ServiceProcess::wait(int timeout_ms)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (pid_ > 0 && std::chrono::steady_clock::now() < deadline) {
        if (::waitpid(pid_, &status_, WNOHANG) == pid_) {
            pid_ = -1;
            return decode(status_);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (pid_ > 0) {
        kill9();
        return -1;
    }
    return decode(status_);
}

void ServiceProcess::kill9()
{
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status_, 0);
    pid_ = -1;
}

std::string ServiceProcess::log() const
{
    std::ifstream in(log_path_);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

CommandResult runCommand(const std::string& binary, const std::vector<std::string>& args,
                         const std::map<std::string, std::string>& env)
{
    ServiceProcess p(binary, args, env);
    CommandResult r;
    r.status = p.wait(120000);
    r.output = p.log();
    return r;
}

}  // namespace tnt::testing
