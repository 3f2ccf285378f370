// Exports to slow readers. One that lasts longer than the request timeouts (10 s for headers): a slow client
// reads 20 MB of CSV in about 20 s and must get all of it (Pistache counted the streamed request as unanswered
// and cut the connection with a 408 at about 11 s). And one to a reader that takes nothing: it must hold no
// worker (the service runs with a single one here) and be cut after the send timeout.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <utility>
#include <vector>
#include <thread>

#include "tests/support/http_client.h"
#include "tests/support/service_fixture.h"

using namespace tnt::testing;

namespace {

constexpr int kResponses = 20000;  // about 1 KB of CSV each: far more than the sockets' buffers
// The silent reader asks for the recent ones only (?from=2021-01-01): still several times what the sockets
// hold, and produced within the send timeout in a sanitizer build.
constexpr int kRecent = 6000;
constexpr int kSendTimeoutSeconds = 25;

class LongExportTest : public SharedServiceSuite<LongExportTest> {
protected:
    static void SetUpTestSuite()
    {
        if (!startSuite({"--workers", "1", "--send-timeout", std::to_string(kSendTimeoutSeconds)})) return;
        db->execute(
            "INSERT INTO responses (public_id, form_id, form_version_id, submitted_at, answers, answer_rows) "
            "SELECT CONCAT('L', LPAD(seq, 21, '0')), f.id, f.current_version_id, "
            "IF(seq <= " +
            std::to_string(kRecent) +
            ", NOW(6), '2020-06-01 12:00:00'), "
            "JSON_OBJECT('note', 1 + seq % 5, 'commentaire', REPEAT('é', 450)), '[]' "
            "FROM seq_1_to_" +
            std::to_string(kResponses) + " JOIN forms f ON f.slug = 'avis'");
        token = createToken(env, db->settings(), {"--name", "lent", "--scope", "form:avis"});
    }
    static inline std::string token;
};

// A connected socket with a small receive window, set before connecting so the kernel cannot grow it: the
// server's writes must wait for this reader.
int connectWithSmallWindow(int port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    const int small = 16384;
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// The value of a sample in /metrics, by its name and labels as written.
double metric(const std::string& metrics, const std::string& name)
{
    const auto at = metrics.find("\n" + name + " ");
    return at == std::string::npos ? -1 : std::stod(metrics.substr(at + name.size() + 2));
}

}  // namespace

TEST_F(LongExportTest, ASlowClientGetsTheWholeExportPastTheRequestTimeouts)
{
    // This reader takes about 20 s for the whole body.
    const int fd = connectWithSmallWindow(port);
    ASSERT_GE(fd, 0);
    const std::string request =
        "GET /api/v1/forms/avis/responses.csv HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token +
        "\r\n\r\n";
    ASSERT_EQ(::send(fd, request.data(), request.size(), MSG_NOSIGNAL), static_cast<ssize_t>(request.size()));
    std::string received;
    char buf[16384];
    const auto start = std::chrono::steady_clock::now();
    while (std::chrono::steady_clock::now() - start < std::chrono::seconds(60)) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 5000) <= 0) break;
        const auto n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;
        received.append(buf, static_cast<std::size_t>(n));
        if (received.size() >= 5 && received.compare(received.size() - 5, 5, "0\r\n\r\n") == 0) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(15));  // about 1 MB/s
    }
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ::close(fd);
    ASSERT_EQ(received.rfind("HTTP/1.1 200", 0), 0u) << received.substr(0, 200);
    EXPECT_EQ(received.find("HTTP/1.1 408"), std::string::npos) << "a 408 inside the body";
    EXPECT_TRUE(received.size() >= 5 && received.compare(received.size() - 5, 5, "0\r\n\r\n") == 0)
        << "the chunked body was cut after " << received.size() << " bytes and " << seconds << " s";
    // The body without its chunk framing: a line per response plus the header line.
    std::string body;
    for (std::size_t pos = received.find("\r\n\r\n") + 4; pos < received.size();) {
        const auto eol = received.find("\r\n", pos);
        if (eol == std::string::npos) break;
        const auto size_text = received.substr(pos, eol - pos);
        if (size_text.empty() || size_text.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) {
            ADD_FAILURE() << "broken chunk framing at byte " << pos;
            break;
        }
        const auto size = std::stoul(size_text, nullptr, 16);
        if (size == 0) break;
        body.append(received, eol + 2, size);
        pos = eol + 2 + size + 2;
    }
    EXPECT_EQ(std::count(body.begin(), body.end(), '\n'), kResponses + 1);
    EXPECT_GT(seconds, 11.0) << "the download must outlast the header timeout for this test to mean anything";
}

TEST_F(LongExportTest, AReaderThatTakesNothingHoldsNoWorkerAndIsCutAfterTheSendTimeout)
{
    const int fd = connectWithSmallWindow(port);
    ASSERT_GE(fd, 0);
    const std::string request =
        "GET /api/v1/forms/avis/responses.csv?from=2021-01-01 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
        token + "\r\n\r\n";
    ASSERT_EQ(::send(fd, request.data(), request.size(), MSG_NOSIGNAL), static_cast<ssize_t>(request.size()));

    // The export is produced whole while the reader takes nothing: its request is counted as answered, the
    // writer thread holds the connection, and the only worker is free for others. (The worker used to wait
    // for the reader, up to the send timeout per chunk.) Production takes seconds in a sanitizer build, well
    // within the send timeout.
    const std::string exported =
        R"(tnt_http_requests_total{route="/api/v1/forms/{slug}/responses.csv",method="GET",status="200"})";
    std::string during;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(kSendTimeoutSeconds);
    while (std::chrono::steady_clock::now() < deadline) {
        during = httpGet(port, "/metrics").body;
        if (metric(during, exported) == 1) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    ASSERT_EQ(metric(during, exported), 1) << "the export was not produced within the send timeout\n" << during;
    ASSERT_EQ(metric(during, "tnt_http_sends_pending"), 1) << "the silent reader was cut before the export was "
                                                              "produced, or never handed over\n"
                                                           << during;
    const std::vector<std::pair<std::string, std::string>> auth{{"Authorization", "Bearer " + token}};
    const auto stats = httpGet(port, "/api/v1/forms/avis/stats", auth);
    EXPECT_EQ(stats.status, 200) << stats.body;

    // After the send timeout without a byte taken, the connection is ended: what arrived is the head and part
    // of the body, never its last chunk.
    for (auto until = std::chrono::steady_clock::now() + std::chrono::seconds(kSendTimeoutSeconds + 10);
         std::chrono::steady_clock::now() < until &&
         metric(httpGet(port, "/metrics").body, "tnt_http_sends_pending") != 0;) {
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    std::string received;
    char buf[16384];
    bool ended = false;
    for (;;) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 3000) <= 0) break;
        const auto n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) {
            ended = true;
            break;
        }
        received.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    EXPECT_TRUE(ended) << "the silent reader still holds its connection";
    ASSERT_EQ(received.rfind("HTTP/1.1 200", 0), 0u) << received.substr(0, 200);
    EXPECT_FALSE(received.size() >= 5 && received.compare(received.size() - 5, 5, "0\r\n\r\n") == 0)
        << "a cut body must not look complete";
    EXPECT_LT(received.size(), kRecent * 900u) << "the whole export reached a reader that took nothing";
    const auto after = httpGet(port, "/metrics").body;
    EXPECT_EQ(metric(after, "tnt_http_sends_pending"), 0) << after;
}

// A client that leaves as soon as the head arrives: the workbook being made stops at the next chunk of rows
// (the writer thread sees the connection closed and the producer asks between chunks). The export log says
// so, with the rows read until then: far fewer than the 20,000 a producer that went on would have read.
TEST_F(LongExportTest, AClientThatLeavesStopsAWorkbookBeingMade)
{
    for (const std::string format : {"xlsx", "ods"}) {
        const auto logged = [&](const std::string& condition) {
            return db->count("export_log WHERE token_name = 'lent' AND kind = 'responses." + format + "' AND " +
                             condition);
        };
        const std::string whole = "scope NOT LIKE '% interrompu'";
        const std::string stopped = "scope LIKE '% interrompu' AND row_count < " + std::to_string(kResponses);
        const auto before = logged(whole);
        const auto before_stopped = logged(stopped);
        const int fd = connectWithSmallWindow(port);
        ASSERT_GE(fd, 0);
        const std::string request = "GET /api/v1/forms/avis/responses." + format +
                                    " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n\r\n";
        ASSERT_EQ(::send(fd, request.data(), request.size(), MSG_NOSIGNAL), static_cast<ssize_t>(request.size()));
        char buf[512];
        pollfd p{fd, POLLIN, 0};
        ASSERT_EQ(::poll(&p, 1, 30000), 1) << format << ": no head";
        const auto n = ::recv(fd, buf, sizeof buf, 0);
        ASSERT_GT(n, 0);
        ASSERT_EQ(std::string(buf, static_cast<std::size_t>(n)).rfind("HTTP/1.1 200", 0), 0u);
        ::close(fd);

        for (auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
             std::chrono::steady_clock::now() < until &&
             metric(httpGet(port, "/metrics").body, "tnt_http_sends_pending") != 0;) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        EXPECT_EQ(metric(httpGet(port, "/metrics").body, "tnt_http_sends_pending"), 0) << format;
        for (auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
             std::chrono::steady_clock::now() < until && logged("TRUE") == before + before_stopped;) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        EXPECT_EQ(logged(stopped), before_stopped + 1) << format << ": not stopped early, or not logged as such";
        EXPECT_EQ(logged(whole), before) << format;
        // And a whole download still works, and is logged as such.
        const std::vector<std::pair<std::string, std::string>> auth{{"Authorization", "Bearer " + token}};
        const auto complete = httpGet(port, "/api/v1/forms/avis/responses." + format + "?from=2021-01-01", auth);
        EXPECT_EQ(complete.status, 200);
        EXPECT_EQ(logged(whole), before + 1) << format;
    }
}
