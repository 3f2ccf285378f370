#include "service/http/socket_writer.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <unordered_map>

namespace tnt::http {

Socket::~Socket()
{
    if (fd_ >= 0) ::close(fd_);
}

Socket& Socket::operator=(Socket&& other) noexcept
{
    if (this != &other) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = other.fd_;
        other.fd_ = -1;
    }
    return *this;
}

Socket Socket::duplicate(int fd)
{
    return Socket(::fcntl(fd, F_DUPFD_CLOEXEC, 0));
}

void Socket::end()
{
    if (fd_ < 0) return;
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    fd_ = -1;
}

// The writer thread's doorbell (an eventfd), shared with the spools so that a producer outliving the writer
// never rings a closed — or reused — descriptor.
class Wakeup {
public:
    Wakeup() : fd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC))
    {
        if (fd_ < 0) throw std::runtime_error(std::string("eventfd: ") + std::strerror(errno));
    }
    ~Wakeup() { ::close(fd_); }
    Wakeup(const Wakeup&) = delete;
    Wakeup& operator=(const Wakeup&) = delete;

    void ring() const
    {
        const std::uint64_t one = 1;
        [[maybe_unused]] const auto n = ::write(fd_, &one, sizeof one);  // EAGAIN: it is ringing already
    }
    void drain() const
    {
        std::uint64_t count = 0;
        [[maybe_unused]] const auto n = ::read(fd_, &count, sizeof count);
    }
    int fd() const { return fd_; }

private:
    int fd_;
};

Spool::Spool(int file, std::shared_ptr<Wakeup> wakeup) : file_(file), wakeup_(std::move(wakeup)) {}

Spool::~Spool()
{
    ::close(file_);
}

void Spool::append(std::string_view bytes)
{
    if (cancelled_.load()) throw ClientGone();
    // One producer: the file's own position is the end of what was produced.
    while (!bytes.empty()) {
        const auto n = ::write(file_, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw std::runtime_error(std::string("spool file: ") + std::strerror(errno));
        bytes.remove_prefix(static_cast<std::size_t>(n));
        produced_.fetch_add(static_cast<std::uint64_t>(n));
    }
    notify();
}

void Spool::finish()
{
    finished_.store(true);
    wakeup_->ring();
}

void Spool::abort()
{
    aborted_.store(true);
    wakeup_->ring();
}

void Spool::notify()
{
    // The writer says it waits before it looks at `produced_` a last time, so either it sees these bytes or
    // it is told about them here.
    if (waiting_.exchange(false)) wakeup_->ring();
}

namespace {

int makeSpoolFile(const std::string& dir)
{
    int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR)) return fd;
    // A file system without O_TMPFILE: a named file, unlinked at once.
    std::string path = dir + "/tnt-forms-spool.XXXXXX";
    fd = ::mkostemp(path.data(), O_CLOEXEC);
    if (fd >= 0) ::unlink(path.c_str());
    return fd;
}

// The writer thread must never block on one client: sendfile() has no MSG_DONTWAIT.
void makeNonBlocking(int fd)
{
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags >= 0 && (flags & O_NONBLOCK) == 0) ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

bool wouldBlock(int error)
{
    return error == EAGAIN || error == EWOULDBLOCK;
}

// sendfile() has no MSG_NOSIGNAL: a client that has gone raises SIGPIPE, which would end the process. The
// signal is blocked in the writer's thread only (it is raised for the thread that writes) and the one left
// pending by an EPIPE is taken at once, so nothing depends on how the rest of the process handles it.
void blockSigpipe()
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

void discardPendingSigpipe()
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    const timespec now{0, 0};
    while (::sigtimedwait(&set, nullptr, &now) == SIGPIPE) {
    }
}

}  // namespace

struct SocketWriter::Entry {
    Socket socket;
    std::string rest;  // a whole response's unsent bytes …
    std::size_t rest_sent = 0;
    std::shared_ptr<Spool> spool;  // … or a streamed body
    off_t spool_sent = 0;
    bool close_after = true;
    bool socket_full = false;  // the last write found no room: wait for EPOLLOUT
    std::chrono::steady_clock::time_point full_since{};
    // The client closed its side (EPOLLRDHUP) or the connection broke. A streamed body stops at once, even
    // while its producer sends nothing (a workbook's statistics being computed), as nginx stops for a client that closed.
    bool peer_closed = false;
};

SocketWriter::SocketWriter(Options options)
    : options_(std::move(options)), epoll_(::epoll_create1(EPOLL_CLOEXEC)), wakeup_(std::make_shared<Wakeup>())
{
    if (epoll_ < 0) throw std::runtime_error(std::string("epoll_create1: ") + std::strerror(errno));
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.ptr = nullptr;  // the doorbell
    ::epoll_ctl(epoll_, EPOLL_CTL_ADD, wakeup_->fd(), &event);
    thread_ = std::thread([this] { run(); });
}

SocketWriter::~SocketWriter()
{
    shutdown();
    ::close(epoll_);
}

void SocketWriter::shutdown()
{
    if (stopping_.exchange(true)) return;
    wakeup_->ring();
    if (thread_.joinable()) thread_.join();
}

void SocketWriter::checkSpoolDir(const std::string& dir)
{
    const int fd = makeSpoolFile(dir);
    if (fd < 0) throw std::runtime_error(std::string(std::strerror(errno)));
    ::close(fd);
}

void SocketWriter::finish(Socket socket, std::string rest, bool close_after)
{
    auto entry = std::make_unique<Entry>();
    entry->socket = std::move(socket);
    entry->rest = std::move(rest);
    entry->close_after = close_after;
    handOver(std::move(entry));
}

std::shared_ptr<Spool> SocketWriter::stream(Socket&& socket)
{
    const int file = makeSpoolFile(options_.spool_dir);
    if (file < 0) {
        throw std::runtime_error("no spool file in " + options_.spool_dir + ": " + std::strerror(errno));
    }
    auto spool = std::make_shared<Spool>(file, wakeup_);
    auto entry = std::make_unique<Entry>();
    entry->socket = std::move(socket);
    entry->spool = spool;
    handOver(std::move(entry));
    return spool;
}

// Into the inbox, which the writer's thread empties when rung.
void SocketWriter::handOver(std::unique_ptr<Entry> entry)
{
    makeNonBlocking(entry->socket.fd());
    pending_.fetch_add(1);
    {
        std::lock_guard lock(mutex_);
        inbox_.push_back(std::move(entry));
    }
    wakeup_->ring();
}

// Sends what it can, and says what is left to do with the socket.
SocketWriter::Outcome SocketWriter::progress(Entry& e, std::chrono::steady_clock::time_point now)
{
    const int fd = e.socket.fd();
    const auto give_up = [&e] {
        if (e.spool) e.spool->cancelled_.store(true);
        return Outcome::end;
    };
    for (;;) {
        if (e.spool && e.peer_closed) return give_up();
        if (e.socket_full) {
            return now - e.full_since > options_.send_timeout ? give_up() : Outcome::wait;
        }
        ssize_t n = 0;
        if (!e.spool) {
            if (e.rest_sent == e.rest.size()) return e.close_after ? Outcome::end : Outcome::release;
            n = ::send(fd, e.rest.data() + e.rest_sent, e.rest.size() - e.rest_sent, MSG_NOSIGNAL | MSG_DONTWAIT);
            if (n > 0) e.rest_sent += static_cast<std::size_t>(n);
        } else {
            const bool finished = e.spool->finished_.load();  // before `produced_`: then nothing follows it
            const auto produced = e.spool->produced_.load();
            const auto available = produced - static_cast<std::uint64_t>(e.spool_sent);
            if (available == 0) {
                // A streamed body ends its connection (an aborted one is thereby cut).
                if (finished || e.spool->aborted_.load()) return Outcome::end;
                e.spool->waiting_.store(true);
                if (e.spool->produced_.load() == produced) return Outcome::wait;  // rung when more comes
                continue;
            }
            n = ::sendfile(fd, e.spool->file_, &e.spool_sent, std::min<std::uint64_t>(available, 1 << 20));
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && wouldBlock(errno)) {
            e.socket_full = true;
            e.full_since = now;
            continue;
        }
        if (n < 0 && errno == EPIPE) discardPendingSigpipe();
        if (n <= 0) return give_up();  // the client has gone (EPIPE, ECONNRESET)
    }
}

void SocketWriter::run()
{
    blockSigpipe();
    std::unordered_map<Entry*, std::unique_ptr<Entry>> entries;
    std::vector<epoll_event> events(64);
    while (!stopping_.load()) {
        // Wake at least once a second to cut stalled clients.
        const int ready = ::epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), 1000);
        for (int i = 0; i < ready; ++i) {
            auto* entry = static_cast<Entry*>(events[static_cast<std::size_t>(i)].data.ptr);
            if (entry == nullptr) {
                wakeup_->drain();
            } else {
                entry->socket_full = false;  // room again, or an error the next write reports
                if ((events[static_cast<std::size_t>(i)].events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) != 0) {
                    entry->peer_closed = true;
                }
            }
        }
        {
            std::lock_guard lock(mutex_);
            for (auto& entry : inbox_) {
                epoll_event event{};
                event.events = EPOLLOUT | EPOLLRDHUP | EPOLLET;
                event.data.ptr = entry.get();
                ::epoll_ctl(epoll_, EPOLL_CTL_ADD, entry->socket.fd(), &event);
                auto* key = entry.get();
                entries.emplace(key, std::move(entry));
            }
            inbox_.clear();
        }
        const auto now = std::chrono::steady_clock::now();
        for (auto it = entries.begin(); it != entries.end();) {
            auto& entry = *it->second;
            const auto outcome = progress(entry, now);
            if (outcome != Outcome::wait) {
                // Out of the epoll set first: the connection's own descriptor shares this socket, so closing
                // ours would leave it registered, with an entry that no longer exists.
                ::epoll_ctl(epoll_, EPOLL_CTL_DEL, entry.socket.fd(), nullptr);
                if (outcome == Outcome::end) entry.socket.end();
                it = entries.erase(it);
                pending_.fetch_sub(1);
            } else {
                ++it;
            }
        }
    }
    // Stopping: what is still in hand is cut, and its producers told to stop.
    std::lock_guard lock(mutex_);
    for (auto& entry : inbox_) entries.emplace(entry.get(), std::move(entry));
    inbox_.clear();
    for (auto& [key, entry] : entries) {
        if (entry->spool) entry->spool->cancelled_.store(true);
        ::epoll_ctl(epoll_, EPOLL_CTL_DEL, entry->socket.fd(), nullptr);
        entry->socket.end();
        pending_.fetch_sub(1);
    }
}

}  // namespace tnt::http
