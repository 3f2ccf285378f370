// The writer thread that sends what workers hand over (service/http/socket_writer.h), over a socketpair: the
// bytes arrive whole and in order, a producer never waits for its reader, and a reader that has gone or
// stalled stops the producer and frees the socket.
#include "service/http/socket_writer.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <string>
#include <thread>

using namespace tnt::http;
using namespace std::chrono_literals;

namespace {

// The server's end (handed to the writer as a duplicate, as the reactor does) and the client's end.
struct Pair {
    int server = -1;
    int client = -1;
    Pair()
    {
        int fds[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) throw std::runtime_error("socketpair");
        server = fds[0];
        client = fds[1];
        const int small = 8192;  // so that a few hundred KB cannot sit in the buffers
        ::setsockopt(server, SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
        ::setsockopt(client, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
        ::fcntl(server, F_SETFL, ::fcntl(server, F_GETFL) | O_NONBLOCK);
    }
    ~Pair()
    {
        if (server >= 0) ::close(server);
        if (client >= 0) ::close(client);
    }
    Socket handOver() const { return Socket::duplicate(server); }
};

// Reads until end of stream or `timeout` without a byte; `ended` says which.
std::string readAll(int fd, bool& ended, std::chrono::milliseconds timeout = 5000ms)
{
    std::string out;
    char buf[65536];
    ended = false;
    for (;;) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return out;
        const auto n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) {
            ended = true;
            return out;
        }
        out.append(buf, static_cast<std::size_t>(n));
    }
}

std::string pattern(std::size_t size)
{
    std::string s(size, ' ');
    for (std::size_t i = 0; i < size; ++i) s[i] = static_cast<char>('a' + (i * 7 + i / 251) % 26);
    return s;
}

bool waitFor(const std::function<bool()>& condition, std::chrono::milliseconds limit = 5000ms)
{
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
        if (condition()) return true;
        std::this_thread::sleep_for(5ms);
    }
    return condition();
}

}  // namespace

TEST(SocketWriter, TheRestOfAWholeResponseArrivesAndAKeptAliveConnectionStaysOpen)
{
    SocketWriter writer({.send_timeout = 5000ms, .spool_dir = "/tmp"});
    Pair pair;
    const auto body = pattern(1 << 20);
    writer.finish(pair.handOver(), body, false);
    std::string received;
    char buf[65536];
    while (received.size() < body.size()) {
        pollfd p{pair.client, POLLIN, 0};
        ASSERT_GT(::poll(&p, 1, 5000), 0) << "stuck after " << received.size() << " bytes";
        const auto n = ::recv(pair.client, buf, sizeof buf, 0);
        ASSERT_GT(n, 0);
        received.append(buf, static_cast<std::size_t>(n));
    }
    EXPECT_EQ(received, body);
    EXPECT_TRUE(waitFor([&] { return writer.pending() == 0; }));
    // Keep-alive: the writer let go of its duplicate, the connection itself is still open.
    pollfd p{pair.client, POLLIN, 0};
    EXPECT_EQ(::poll(&p, 1, 100), 0) << "the connection was ended";
}

TEST(SocketWriter, CloseAfterEndsTheConnectionOnceTheBytesAreSent)
{
    SocketWriter writer({.send_timeout = 5000ms, .spool_dir = "/tmp"});
    Pair pair;
    writer.finish(pair.handOver(), "HTTP/1.1 200 OK\r\n\r\n", true);
    bool ended = false;
    EXPECT_EQ(readAll(pair.client, ended), "HTTP/1.1 200 OK\r\n\r\n");
    EXPECT_TRUE(ended);
}

TEST(SocketWriter, AProducerNeverWaitsForItsReaderAndTheBodyArrivesInOrder)
{
    SocketWriter writer({.send_timeout = 5000ms, .spool_dir = "/tmp"});
    Pair pair;
    const auto body = pattern(8 << 20);  // a thousand times what the socket buffers hold
    auto spool = writer.stream(pair.handOver());
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t at = 0; at < body.size(); at += 65536) spool->append(std::string_view(body).substr(at, 65536));
    spool->finish();
    // Produced while nobody read: the producer (a worker in the service) is free again.
    const auto produced_in = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(writer.pending(), 1u);
    bool ended = false;
    const auto received = readAll(pair.client, ended);
    EXPECT_TRUE(ended);
    EXPECT_EQ(received.size(), body.size());
    EXPECT_TRUE(received == body) << "bytes out of order or lost";
    EXPECT_TRUE(waitFor([&] { return writer.pending() == 0; }));
    std::printf("8 MiB spooled in %.1f ms with no reader\n",
                std::chrono::duration<double, std::milli>(produced_in).count());
}

TEST(SocketWriter, BytesProducedLaterAreSentAsTheyCome)
{
    SocketWriter writer({.send_timeout = 5000ms, .spool_dir = "/tmp"});
    Pair pair;
    auto spool = writer.stream(pair.handOver());
    for (int i = 0; i < 5; ++i) {
        const auto piece = "piece " + std::to_string(i) + "\n";
        spool->append(piece);
        // Each piece reaches the client before the next is produced: the writer was woken for it.
        std::string got;
        char buf[64];
        while (got.size() < piece.size()) {
            pollfd p{pair.client, POLLIN, 0};
            ASSERT_GT(::poll(&p, 1, 2000), 0) << "piece " << i << " never came";
            const auto n = ::recv(pair.client, buf, sizeof buf, 0);
            ASSERT_GT(n, 0);
            got.append(buf, static_cast<std::size_t>(n));
        }
        EXPECT_EQ(got, piece);
    }
    spool->finish();
    bool ended = false;
    EXPECT_EQ(readAll(pair.client, ended), "");
    EXPECT_TRUE(ended);
}

TEST(SocketWriter, AClientThatHasGoneStopsTheProducer)
{
    SocketWriter writer({.send_timeout = 5000ms, .spool_dir = "/tmp"});
    Pair pair;
    auto spool = writer.stream(pair.handOver());
    ::close(pair.client);
    pair.client = -1;
    const auto chunk = pattern(65536);
    EXPECT_TRUE(waitFor([&] {
        try {
            spool->append(chunk);
            return false;
        } catch (const ClientGone&) {
            return true;
        }
    })) << "the producer was never told";
    EXPECT_TRUE(waitFor([&] { return writer.pending() == 0; }));
}

TEST(SocketWriter, AReaderThatTakesNothingIsCutAfterTheSendTimeout)
{
    SocketWriter writer({.send_timeout = 300ms, .spool_dir = "/tmp"});
    Pair pair;
    auto spool = writer.stream(pair.handOver());
    spool->append(pattern(1 << 20));
    EXPECT_FALSE(spool->cancelled());
    EXPECT_TRUE(waitFor([&] { return spool->cancelled(); }, 3000ms)) << "a silent reader holds its socket";
    EXPECT_THROW(spool->append("more"), ClientGone);
    EXPECT_TRUE(waitFor([&] { return writer.pending() == 0; }));
    bool ended = false;
    const auto received = readAll(pair.client, ended, 2000ms);
    EXPECT_TRUE(ended) << "the connection was not ended";
    EXPECT_LT(received.size(), std::size_t{1} << 20);
}

TEST(SocketWriter, AnAbortedBodyIsCutWhereItStopped)
{
    SocketWriter writer({.send_timeout = 5000ms, .spool_dir = "/tmp"});
    Pair pair;
    auto spool = writer.stream(pair.handOver());
    spool->append("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n");
    spool->abort();
    bool ended = false;
    EXPECT_EQ(readAll(pair.client, ended), "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n");
    EXPECT_TRUE(ended);
}

TEST(SocketWriter, ShutdownCutsWhatIsInHandAndStopsItsProducers)
{
    auto writer = std::make_unique<SocketWriter>(SocketWriter::Options{.send_timeout = 5000ms, .spool_dir = "/tmp"});
    Pair pair;
    auto spool = writer->stream(pair.handOver());
    spool->append(pattern(1 << 20));
    writer.reset();
    EXPECT_TRUE(spool->cancelled());
    EXPECT_THROW(spool->append("after"), ClientGone);
    bool ended = false;
    readAll(pair.client, ended, 2000ms);
    EXPECT_TRUE(ended);
}

TEST(SocketWriter, ASpoolDirectoryThatCannotHoldAFileIsRefusedWithItsReason)
{
    EXPECT_NO_THROW(SocketWriter::checkSpoolDir("/tmp"));
    try {
        SocketWriter::checkSpoolDir("/nonexistent/tnt-forms");
        FAIL() << "no error";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("No such file"), std::string::npos) << e.what();
    }
}
