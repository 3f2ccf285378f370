// SmtpClient against deploy/smtp-sink.py on a loopback port: what it reports for a message the relay keeps,
// a recipient refused or deferred, a relay that is not there, silent or drops the connection after the data.
// Skipped with a message when no python3 can import aiosmtpd (Debian's python3-aiosmtpd).
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "service/mail/mime.h"
#include "service/mail/smtp_client.h"

namespace tnt::mail {
namespace {

namespace fs = std::filesystem;
using Status = SendResult::Status;

// The first python3 that can import aiosmtpd: the one in PATH, else Debian's, which a pyenv or venv in
// PATH hides.
std::optional<std::string> aiosmtpdPython()
{
    for (const std::string candidate : {"python3", "/usr/bin/python3"}) {
        const std::string probe = candidate + " -c 'import aiosmtpd' >/dev/null 2>&1";
        if (std::system(probe.c_str()) == 0) return candidate;
    }
    return std::nullopt;
}

// deploy/smtp-sink.py as a child process on a free port, with its own Maildir.
class SmtpSink {
public:
    SmtpSink(const std::string& python, const std::vector<std::string>& options)
    {
        char pattern[] = "/tmp/tnt-mail-test.XXXXXX";
        if (::mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
        dir_ = pattern;
        const std::string script = std::string(TNT_SOURCE_DIR) + "/deploy/smtp-sink.py";
        std::vector<std::string> args{python, script, "--listen", "127.0.0.1:0", "--maildir", maildir()};
        args.insert(args.end(), options.begin(), options.end());
        const std::string log = dir_ + "/sink.log";

        int out[2];
        if (::pipe(out) != 0) throw std::runtime_error("pipe failed");
        pid_ = ::fork();
        if (pid_ == 0) {
            ::dup2(out[1], 1);
            const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            if (fd >= 0) ::dup2(fd, 2);
            ::close(out[0]);
            ::close(out[1]);
            std::vector<char*> argv;
            for (auto& a : args) argv.push_back(a.data());
            argv.push_back(nullptr);
            ::execvp(argv[0], argv.data());
            ::_exit(127);
        }
        ::close(out[1]);
        port_ = readPort(out[0]);
        ::close(out[0]);
        if (port_ == 0) {
            stop();
            throw std::runtime_error("smtp-sink did not start: " + readFile(log));
        }
    }

    ~SmtpSink()
    {
        stop();
        std::error_code ignored;
        fs::remove_all(dir_, ignored);
    }

    SmtpSink(const SmtpSink&) = delete;
    SmtpSink& operator=(const SmtpSink&) = delete;

    int port() const { return port_; }
    std::string maildir() const { return dir_ + "/mail"; }

    // The stored message containing `marker` (a Message-ID), or nothing.
    std::optional<std::string> messageWith(const std::string& marker) const
    {
        for (const auto& entry : fs::directory_iterator(maildir() + "/new")) {
            std::string content = readFile(entry.path().string());
            if (content.find(marker) != std::string::npos) return content;
        }
        return std::nullopt;
    }

    std::size_t storedCount() const
    {
        const auto entries = fs::directory_iterator(maildir() + "/new");
        return static_cast<std::size_t>(std::distance(fs::begin(entries), fs::end(entries)));
    }

private:
    static std::string readFile(const std::string& path)
    {
        std::ifstream in(path, std::ios::binary);
        std::ostringstream out;
        out << in.rdbuf();
        return out.str();
    }

    // Waits for "smtp-sink: listening on 127.0.0.1:PORT, mail in DIR".
    static int readPort(int fd)
    {
        std::string line;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
        while (line.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
            pollfd p{fd, POLLIN, 0};
            if (::poll(&p, 1, 100) <= 0) continue;
            char buffer[256];
            const ssize_t n = ::read(fd, buffer, sizeof buffer);
            if (n <= 0) break;
            line.append(buffer, static_cast<std::size_t>(n));
        }
        const std::string prefix = "smtp-sink: listening on 127.0.0.1:";
        if (line.rfind(prefix, 0) != 0) return 0;
        return std::atoi(line.c_str() + prefix.size());
    }

    void stop()
    {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGTERM);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
    }

    std::string dir_;
    pid_t pid_ = -1;
    int port_ = 0;
};

// A loopback port that refuses connections (bound, not listening) or accepts them and never speaks
// (listening, never accepting: the kernel completes the handshake), kept until destroyed.
class SilentPort {
public:
    explicit SilentPort(bool listening)
    {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
            (listening && ::listen(fd_, 4) != 0) ||
            ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
            throw std::runtime_error("cannot set up a loopback socket");
        }
        port_ = ntohs(address.sin_port);
    }
    ~SilentPort() { ::close(fd_); }
    SilentPort(const SilentPort&) = delete;
    SilentPort& operator=(const SilentPort&) = delete;
    int port() const { return port_; }

private:
    int fd_ = -1;
    int port_ = 0;
};

SmtpSettings settingsFor(int port)
{
    SmtpSettings settings;
    settings.host = "127.0.0.1";
    settings.port = port;
    settings.envelope_from = "ne-pas-repondre@tnt.example";
    settings.timeout = std::chrono::seconds(5);
    return settings;
}

std::string mimeFor(const std::string& recipient, std::string* messageId = nullptr)
{
    Message m;
    m.from_address = "ne-pas-repondre@tnt.example";
    m.from_name = "Territoires numériques";
    m.to = recipient;
    m.subject = "Inscription confirmée";
    // A line starting with '.' and one that is only '.': SMTP dot-stuffing must give them back unchanged.
    m.text = "Bonjour,\n.\n.point\nà bientôt\n";
    m.html = "<p>Bonjour</p>";
    m.attachments = {{"invitation.ics", "text/calendar; charset=UTF-8; method=PUBLISH", "BEGIN:VCALENDAR\r\n"}};
    m.message_id = newMessageId("tnt.example");
    m.date = std::chrono::system_clock::now();
    if (messageId != nullptr) *messageId = m.message_id;
    return renderMime(m);
}

class SmtpClientTest : public ::testing::Test {
protected:
    static void SetUpTestSuite()
    {
        const auto python = aiosmtpdPython();
        if (!python) return;
        sink_ = std::make_unique<SmtpSink>(*python, std::vector<std::string>{"--reject", "^refuse", "--defer", "^later",
                                                                             "--drop-after-data", "^drop"});
    }
    static void TearDownTestSuite() { sink_.reset(); }

    void SetUp() override
    {
        if (!sink_) GTEST_SKIP() << "no python3 can import aiosmtpd (Debian: python3-aiosmtpd, deploy/install-deps.sh)";
    }

    static SmtpClient client() { return SmtpClient(settingsFor(sink_->port())); }

    static std::unique_ptr<SmtpSink> sink_;
};

std::unique_ptr<SmtpSink> SmtpClientTest::sink_;

TEST_F(SmtpClientTest, SentMessageArrivesByteForByte)
{
    std::string messageId;
    const std::string mime = mimeFor("camille@example.org", &messageId);
    const SendResult result = client().send("camille@example.org", mime);
    EXPECT_EQ(result.status, Status::sent) << result.detail;
    EXPECT_EQ(result.smtp_code, 250);
    const auto stored = sink_->messageWith(messageId);
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(*stored, mime);
}

TEST_F(SmtpClientTest, RefusedRecipientIsRejectedWith550)
{
    const SendResult result = client().send("refuse.me@example.org", mimeFor("refuse.me@example.org"));
    EXPECT_EQ(result.status, Status::rejected);
    EXPECT_EQ(result.smtp_code, 550);
    EXPECT_EQ(result.detail.find("refuse.me"), std::string::npos) << result.detail;
    EXPECT_NE(result.detail.find("destinataire"), std::string::npos) << result.detail;
}

TEST_F(SmtpClientTest, DeferredRecipientIsRetriedWith451)
{
    const SendResult result = client().send("later@example.org", mimeFor("later@example.org"));
    EXPECT_EQ(result.status, Status::retry);
    EXPECT_EQ(result.smtp_code, 451);
    EXPECT_EQ(result.detail.find("later@"), std::string::npos) << result.detail;
}

TEST_F(SmtpClientTest, ConnectionDroppedAfterTheDataIsRetried)
{
    std::string messageId;
    const SendResult result = client().send("drop@example.org", mimeFor("drop@example.org", &messageId));
    EXPECT_EQ(result.status, Status::retry) << result.detail;
    EXPECT_EQ(result.detail.find("drop@"), std::string::npos) << result.detail;
    EXPECT_FALSE(sink_->messageWith(messageId).has_value());
}

TEST_F(SmtpClientTest, RequiredStartTlsThatTheRelayLacksIsRetriedNotSentInClear)
{
    SmtpSettings settings = settingsFor(sink_->port());
    settings.security = SmtpSecurity::starttls;
    std::string messageId;
    const SendResult result =
        SmtpClient(settings).send("camille@example.org", mimeFor("camille@example.org", &messageId));
    EXPECT_EQ(result.status, Status::retry) << result.detail;
    EXPECT_FALSE(sink_->messageWith(messageId).has_value());
}

TEST_F(SmtpClientTest, ConcurrentSendsEachArrive)
{
    const SmtpClient shared = client();
    const std::size_t before = sink_->storedCount();
    std::vector<std::thread> threads;
    std::vector<Status> statuses(8, Status::retry);
    for (std::size_t i = 0; i < statuses.size(); ++i) {
        threads.emplace_back([&, i] {
            const std::string to = "c" + std::to_string(i) + "@example.org";
            statuses[i] = shared.send(to, mimeFor(to)).status;
        });
    }
    for (auto& thread : threads) thread.join();
    for (const Status status : statuses) EXPECT_EQ(status, Status::sent);
    EXPECT_EQ(sink_->storedCount(), before + statuses.size());
}

TEST(SmtpClient, ClosedPortIsRetried)
{
    const SilentPort closed(false);
    const SendResult result = SmtpClient(settingsFor(closed.port())).send("camille@example.org", "x\r\n");
    EXPECT_EQ(result.status, Status::retry);
    EXPECT_EQ(result.smtp_code, 0);
    EXPECT_NE(result.detail.find("injoignable"), std::string::npos) << result.detail;
}

TEST(SmtpClient, SilentRelayTimesOutAndIsRetried)
{
    const SilentPort silent(true);
    SmtpSettings settings = settingsFor(silent.port());
    settings.timeout = std::chrono::seconds(1);
    const auto begin = std::chrono::steady_clock::now();
    const SendResult result = SmtpClient(settings).send("camille@example.org", "x\r\n");
    EXPECT_LT(std::chrono::steady_clock::now() - begin, std::chrono::seconds(3));
    EXPECT_EQ(result.status, Status::retry);
    EXPECT_NE(result.detail.find("délai"), std::string::npos) << result.detail;
}

TEST(SmtpClient, InvalidRecipientIsRejectedWithoutAConnection)
{
    const SilentPort closed(false);
    const SendResult result =
        SmtpClient(settingsFor(closed.port())).send("camille@example.org>\r\nRCPT TO:<x@example.org", "x\r\n");
    EXPECT_EQ(result.status, Status::rejected);
    EXPECT_EQ(result.smtp_code, 0);
    EXPECT_EQ(result.detail.find("camille"), std::string::npos);
}

TEST(SmtpClient, RefusesSettingsItCannotUse)
{
    SmtpSettings settings = settingsFor(25);
    settings.host = "";
    EXPECT_THROW(SmtpClient{settings}, std::invalid_argument);
    settings = settingsFor(25);
    settings.host = "relay/evil";
    EXPECT_THROW(SmtpClient{settings}, std::invalid_argument);
    settings = settingsFor(0);
    EXPECT_THROW(SmtpClient{settings}, std::invalid_argument);
    settings = settingsFor(25);
    settings.envelope_from = "a@b\r\nRCPT TO:<c@d>";
    EXPECT_THROW(SmtpClient{settings}, std::invalid_argument);
    settings = settingsFor(25);
    settings.timeout = std::chrono::seconds(0);
    EXPECT_THROW(SmtpClient{settings}, std::invalid_argument);
}

TEST(SmtpSecurityName, ParsesTheThreeNames)
{
    EXPECT_EQ(parseSmtpSecurity("none"), SmtpSecurity::none);
    EXPECT_EQ(parseSmtpSecurity("starttls"), SmtpSecurity::starttls);
    EXPECT_EQ(parseSmtpSecurity("tls"), SmtpSecurity::tls);
    EXPECT_EQ(parseSmtpSecurity("TLS"), std::nullopt);
    EXPECT_EQ(parseSmtpSecurity("ssl"), std::nullopt);
    EXPECT_EQ(parseSmtpSecurity(""), std::nullopt);
}

}  // namespace
}  // namespace tnt::mail
