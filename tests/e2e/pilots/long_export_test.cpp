// An export that lasts longer than the request timeouts (10 s for headers): a slow client reads 20 MB of
// CSV in about 20 s and must get all of it. Pistache counted the streamed request as unanswered and cut the connection
// with a 408 at about 11 s.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>

#include "tests/support/service_fixture.h"

using namespace tnt::testing;

namespace {

class LongExportTest : public SharedServiceSuite<LongExportTest> {
protected:
    static void SetUpTestSuite() { startSuite({}); }
};

}  // namespace

TEST_F(LongExportTest, ASlowClientGetsTheWholeExportPastTheRequestTimeouts)
{
    constexpr int kResponses = 20000;  // about 1 KB of CSV each: far more than the sockets' buffers
    db->execute(
        "INSERT INTO responses (public_id, form_id, form_version_id, submitted_at, answers, answer_rows) "
        "SELECT CONCAT('L', LPAD(seq, 21, '0')), f.id, f.current_version_id, NOW(6), "
        "JSON_OBJECT('note', 1 + seq % 5, 'commentaire', REPEAT('é', 450)), '[]' "
        "FROM seq_1_to_" +
        std::to_string(kResponses) + " JOIN forms f ON f.slug = 'avis'");
    const auto token = createToken(env, db->settings(), {"--name", "lent", "--scope", "form:avis"});

    // A small receive window, set before connecting so the kernel cannot grow it: the server's writes must
    // wait for this reader, which takes about 20 s for the whole body.
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_GE(fd, 0);
    const int small = 16384;
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
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
