// Sends what a worker thread cannot wait for: the rest of a response the client's socket had no room for, and
// every streamed body (exports). One thread waits on all those sockets at once (epoll), so a worker hands a
// socket over and goes back to requests: a slow or silent reader costs a descriptor and a spool file, never a
// thread. Plain POSIX, no Pistache: unit tests drive it over socketpair().
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace tnt::http {

// A client socket this process owns: a descriptor duplicated from the connection's own on its reactor
// thread, so it names that client even when the connection's descriptor is closed and its number reused.
class Socket {
public:
    Socket() = default;
    explicit Socket(int fd) : fd_(fd) {}
    ~Socket();
    Socket(Socket&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
    Socket& operator=(Socket&& other) noexcept;
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;

    // Duplicates `fd` (close-on-exec); an empty Socket when that fails.
    static Socket duplicate(int fd);

    int fd() const { return fd_; }
    explicit operator bool() const { return fd_ >= 0; }
    // Ends the connection for both sides (the reactor reading it sees its end at once), then closes.
    void end();

private:
    int fd_ = -1;
};

// The producer of a streamed body was told to stop: the client has gone, or took nothing for too long.
struct ClientGone : std::runtime_error {
    ClientGone() : std::runtime_error("the client has gone") {}
};

class Wakeup;

// A streamed response on its way: the producer (a worker) appends its bytes — head, chunk framing and all —
// and the SocketWriter's thread sends them as the client takes them. The bytes wait in an unlinked temporary
// file, so a slow reader's backlog costs disk (in the page cache first), not the server's memory, and the
// producer never waits for the client.
class Spool {
public:
    Spool(int file, std::shared_ptr<Wakeup> wakeup);
    ~Spool();
    Spool(const Spool&) = delete;
    Spool& operator=(const Spool&) = delete;

    // Throws ClientGone once the writer has given up on the client; std::runtime_error when the file cannot
    // take the bytes (disk full).
    void append(std::string_view bytes);
    // The body is complete: the connection ends once it is sent.
    void finish();
    // The producer failed half-way: the connection is cut, so the client sees an incomplete body.
    void abort();
    bool cancelled() const { return cancelled_.load(); }

private:
    friend class SocketWriter;
    void notify();

    int file_;
    std::shared_ptr<Wakeup> wakeup_;
    std::atomic<std::uint64_t> produced_{0};
    std::atomic<bool> finished_{false};
    std::atomic<bool> aborted_{false};
    std::atomic<bool> cancelled_{false};  // set by the writer: the producer must stop
    std::atomic<bool> waiting_{false};  // the writer has sent everything and waits for more
};

class SocketWriter {
public:
    struct Options {
        // A client whose socket takes nothing for this long is cut (and its producer stopped).
        std::chrono::milliseconds send_timeout{30000};
        // Where spool files are made, unlinked at once (O_TMPFILE).
        std::string spool_dir = "/var/tmp";
    };

    explicit SocketWriter(Options options);
    ~SocketWriter();
    SocketWriter(const SocketWriter&) = delete;
    SocketWriter& operator=(const SocketWriter&) = delete;

    // Sends `rest`, then ends the connection when `close_after`, or just lets go of the socket.
    void finish(Socket socket, std::string rest, bool close_after);
    // Starts a streamed body on `socket`; the connection ends with it. Throws std::runtime_error when no
    // spool file can be made, and then leaves `socket` to the caller.
    std::shared_ptr<Spool> stream(Socket&& socket);
    // Sockets in hand: being sent or waiting for their producer.
    std::size_t pending() const { return pending_.load(); }
    // Cuts what is still in hand and stops the thread (the destructor does it too).
    void shutdown();

    // Makes and removes a spool file: throws std::runtime_error, with the reason, when `dir` cannot hold one.
    static void checkSpoolDir(const std::string& dir);

private:
    struct Entry;
    enum class Outcome { wait, release, end };  // wait for room or bytes; let go of the socket; end the connection
    void handOver(std::unique_ptr<Entry> entry);
    void run();
    Outcome progress(Entry& entry, std::chrono::steady_clock::time_point now);

    Options options_;
    int epoll_ = -1;
    std::shared_ptr<Wakeup> wakeup_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<Entry>> inbox_;  // handed over, not yet taken by the thread
    std::atomic<bool> stopping_{false};
    std::atomic<std::size_t> pending_{0};
    std::thread thread_;
};

}  // namespace tnt::http
