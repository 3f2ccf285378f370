// nginx in front of two tnt-forms instances, as deployed: deploy/nginx-tnt-forms.conf and its proxy snippet,
// templated onto free ports and a temporary directory. The requests Pistache 0.0.5 answers badly (negative or
// huge Content-Length, conflicting framing, pipelining) stop at nginx or are re-framed by it; the service's
// own guarantees hold through it; both rate limits key on the client nginx saw, never on X-Forwarded-For.
//
// The client speaks TLS (OpenSSL) to the production listener, with a self-signed certificate made for the
// suite and not checked. Each test connects from a loopback address of its own (127.0.0.x, bound before
// connecting): nginx sees distinct clients that are not the trusted proxy 127.0.0.1, as in production, so the
// /metrics allow list denies them and no test spends another's rate-limit bucket.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <thread>

#include "tests/support/service_fixture.h"

using namespace tnt::testing;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

struct Response {
    int status = 0;  // 0: none came; -1: bytes that are not a response (stray bytes on the connection)
    std::map<std::string, std::string> headers;  // names lowercased
    std::string body;

    std::string header(const std::string& name) const
    {
        const auto it = headers.find(name);
        return it == headers.end() ? std::string() : it->second;
    }
    nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
    // The service adds its security headers to every answer; nginx's own pages (400, 403, 413, 429) have none.
    bool fromService() const { return !header("content-security-policy").empty(); }
};

std::string lower(std::string s)
{
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// The first whole response at the start of `buffer`, removed from it; nullopt while bytes are missing.
// `head`: it answers a HEAD, so no body whatever Content-Length says. `closed`: no byte will come any more.
std::optional<Response> takeResponse(std::string& buffer, bool head, bool closed)
{
    const auto end = buffer.find("\r\n\r\n");
    if (end == std::string::npos) return std::nullopt;
    Response r;
    if (buffer.rfind("HTTP/1.1 ", 0) != 0) {
        r.status = -1;
        r.body = std::exchange(buffer, {});
        return r;
    }
    r.status = std::stoi(buffer.substr(9, 3));
    for (auto at = buffer.find("\r\n") + 2; at < end;) {
        const auto eol = buffer.find("\r\n", at);
        const auto line = buffer.substr(at, eol - at);
        const auto colon = line.find(':');
        if (colon != std::string::npos) {
            auto& slot = r.headers[lower(line.substr(0, colon))];
            const auto value = line.substr(line.find_first_not_of(' ', colon + 1));
            slot = slot.empty() ? value : slot + ", " + value;
        }
        at = eol + 2;
    }
    auto at = end + 4;
    if (head || r.status == 204 || r.status == 304) {
    } else if (const auto length = r.header("content-length"); !length.empty()) {
        const auto size = std::stoul(length);
        if (buffer.size() < at + size) return std::nullopt;
        r.body = buffer.substr(at, size);
        at += size;
    } else if (lower(r.header("transfer-encoding")).find("chunked") != std::string::npos) {
        for (std::size_t size = 1; size > 0;) {
            const auto eol = buffer.find("\r\n", at);
            if (eol == std::string::npos) return std::nullopt;
            size = std::stoul(buffer.substr(at, eol - at), nullptr, 16);
            if (buffer.size() < eol + 2 + size + 2) return std::nullopt;
            r.body.append(buffer, eol + 2, size);
            at = eol + 2 + size + 2;
        }
    } else {
        if (!closed) return std::nullopt;
        r.body = buffer.substr(at);
        at = buffer.size();
    }
    buffer.erase(0, at);
    return r;
}

// One TLS connection to nginx from the loopback address `from`.
class TlsClient {
public:
    TlsClient(SSL_CTX* tls, int port, const std::string& from)
    {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in local{};
        local.sin_family = AF_INET;
        ::inet_pton(AF_INET, from.c_str(), &local.sin_addr);
        sockaddr_in nginx{};
        nginx.sin_family = AF_INET;
        nginx.sin_port = htons(static_cast<uint16_t>(port));
        nginx.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0 ||
            ::connect(fd_, reinterpret_cast<sockaddr*>(&nginx), sizeof nginx) != 0) {
            return;
        }
        ssl_ = SSL_new(tls);
        SSL_set_fd(ssl_, fd_);
        if (SSL_connect(ssl_) != 1) {
            SSL_free(ssl_);
            ssl_ = nullptr;
        }
    }
    ~TlsClient()
    {
        if (ssl_) SSL_free(ssl_);
        if (fd_ >= 0) ::close(fd_);
    }
    TlsClient(const TlsClient&) = delete;
    TlsClient& operator=(const TlsClient&) = delete;

    bool connected() const { return ssl_ != nullptr; }

    // Sends `raw` as it is; false when nginx stopped reading (it may have answered already: receive()).
    bool send(const std::string& raw)
    {
        for (std::size_t sent = 0; ssl_ && sent < raw.size();) {
            const int n =
                SSL_write(ssl_, raw.data() + sent, static_cast<int>(std::min<std::size_t>(raw.size() - sent, 65536)));
            if (n <= 0) return false;
            sent += static_cast<std::size_t>(n);
        }
        return ssl_ != nullptr;
    }

    // The next response on the connection; status 0 when none came within `timeout_ms`.
    Response receive(bool head = false, int timeout_ms = 10000)
    {
        const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
        while (ssl_) {
            if (auto r = takeResponse(buffer_, head, closed_)) return *r;
            if (closed_ || !readSome(deadline)) break;
        }
        return {};
    }

    // True when nginx closes the connection within `timeout_ms`; what it sent before stays in pending().
    bool waitClosed(int timeout_ms)
    {
        const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
        while (ssl_ && !closed_ && readSome(deadline)) {
        }
        return closed_;
    }
    const std::string& pending() const { return buffer_; }

private:
    // Reads what arrives before `deadline`: false on timeout; the end of the stream sets closed_.
    bool readSome(Clock::time_point deadline)
    {
        if (SSL_pending(ssl_) == 0) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
            pollfd p{fd_, POLLIN, 0};
            if (left <= 0 || ::poll(&p, 1, static_cast<int>(left)) <= 0) return false;
        }
        char chunk[16384];
        const int n = SSL_read(ssl_, chunk, sizeof chunk);
        if (n > 0) {
            buffer_.append(chunk, static_cast<std::size_t>(n));
        } else if (SSL_get_error(ssl_, n) != SSL_ERROR_WANT_READ) {  // WANT_READ: a TLS 1.3 ticket, no data
            closed_ = true;
        }
        return true;
    }

    int fd_ = -1;
    SSL* ssl_ = nullptr;
    std::string buffer_;
    bool closed_ = false;
};

std::string get(const std::string& target, bool close = true)
{
    return "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n";
}

std::string postJson(const std::string& target, const std::string& body, const std::string& extra_headers = "")
{
    return "POST " + target +
           " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\n" + extra_headers +
           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

const std::string kSubmission = R"({"answers":{"note":4}})";

std::string readFile(const fs::path& path)
{
    std::ifstream in(path);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// `text` with each `from` replaced by its `to`; a `from` not found fails the test, so a changed production
// file is never tested half-templated (e.g. still listening on 443, or with the real certificate paths).
std::string templated(std::string text, const std::vector<std::pair<std::string, std::string>>& replacements)
{
    for (const auto& [from, to] : replacements) {
        auto at = text.find(from);
        if (at == std::string::npos) ADD_FAILURE() << "not in the nginx configuration any more: " << from;
        for (; at != std::string::npos; at = text.find(from, at + to.size())) text.replace(at, from.size(), to);
    }
    return text;
}

bool pollUntil(const std::function<bool()>& done, int timeout_ms)
{
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    while (!done()) {
        if (Clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

}  // namespace

class NginxEdgeTest : public ::testing::Test {
protected:
    // Shortened from the production 10 s so that the slow-header test lasts 2 s.
    static constexpr int kHeaderTimeoutSeconds = 2;
    // Per instance; two instances behind least_conn accept 2 × 3 from one client.
    static constexpr int kRateLimit = 3;

    static inline TestEnvironment env;
    static inline std::unique_ptr<TestDatabase> db;
    static inline std::vector<int> service_ports;
    static inline std::vector<std::unique_ptr<ServiceProcess>> services;
    static inline std::unique_ptr<ServiceProcess> nginx;
    static inline fs::path dir;
    static inline int port = 0;  // nginx's TLS listener
    static inline SSL_CTX* tls = nullptr;

    static void SetUpTestSuite()
    {
        auto found = testEnvironment();
        if (!found) return;
        env = *found;
        db = std::make_unique<TestDatabase>(env);
        std::string dir_template = ::testing::TempDir() + "tnt-nginx-XXXXXX";
        dir = ::mkdtemp(dir_template.data());
        fs::create_directories(dir / "static/dsfr");
        std::ofstream(dir / "static/dsfr/dsfr.min.css") << ":root{--dsfr:1}\n";
        // One key for both instances: a receipt link made by one opens on the other.
        std::ofstream(dir / "secret-key") << "clef-de-la-suite-nginx-0123456789abcdef\n";
        const auto cert =
            runCommand("/usr/bin/openssl",
                       {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                        "-keyout", (dir / "key.pem").string(), "-out", (dir / "cert.pem").string()});
        ASSERT_EQ(cert.status, 0) << cert.output;

        for (int i = 0; i < 2; ++i) {
            service_ports.push_back(freePort());
            services.push_back(std::make_unique<ServiceProcess>(
                env.binary,
                std::vector<std::string>{"serve", "--listen", "127.0.0.1:" + std::to_string(service_ports.back()),
                                         "--forms", env.source_dir + "/tests/e2e/data/forms", "--schema",
                                         env.source_dir + "/schema", "--secret-key-file", (dir / "secret-key").string(),
                                         "--rate-limit", std::to_string(kRateLimit), "--pilot-auth-limit", "0",
                                         "--trusted-proxy", "127.0.0.1/32"},
                databaseEnvironment(db->settings())));
        }
        for (int i = 0; i < 2; ++i) ASSERT_TRUE(services[i]->waitUntilHealthy(service_ports[i])) << services[i]->log();

        port = freePort();
        const auto d = dir.string();
        std::ofstream(dir / "proxy.conf") << readFile(env.source_dir + "/deploy/nginx-proxy-snippet.conf");
        std::ofstream(dir / "tnt-forms.conf") << templated(
            readFile(env.source_dir + "/deploy/nginx-tnt-forms.conf"),
            {{"listen 80;", "listen 127.0.0.1:" + std::to_string(freePort()) + ";"},
             {"listen 443 ssl http2;", "listen 127.0.0.1:" + std::to_string(port) + " ssl http2;"},
             {"listen [::]:80;", ""},  // the test machine may have no IPv6
             {"listen [::]:443 ssl http2;", ""},
             {"127.0.0.1:8080", "127.0.0.1:" + std::to_string(service_ports[0])},
             {"127.0.0.1:8081", "127.0.0.1:" + std::to_string(service_ports[1])},
             {"/etc/ssl/tnt-forms/fullchain.pem", d + "/cert.pem"},
             {"/etc/ssl/tnt-forms/privkey.pem", d + "/key.pem"},
             {"/etc/nginx/snippets/tnt-forms-proxy.conf", d + "/proxy.conf"},
             {"/opt/tnt-forms/static/dsfr/", d + "/static/dsfr/"},
             {"/var/log/nginx/access.log", d + "/access.log"},
             {"client_header_timeout 10s;", "client_header_timeout " + std::to_string(kHeaderTimeoutSeconds) + "s;"}});
        // What Debian's /etc/nginx/nginx.conf gives the site, with every path in the temporary directory.
        std::ofstream(dir / "nginx.conf") << "events { worker_connections 256; }\n"
                                             "http {\n"
                                             "    access_log "
                                          << d
                                          << "/access.log;\n"
                                             "    client_body_temp_path "
                                          << d
                                          << "/body;\n"
                                             "    proxy_temp_path "
                                          << d
                                          << "/proxy;\n"
                                             "    fastcgi_temp_path "
                                          << d
                                          << "/fastcgi;\n"
                                             "    uwsgi_temp_path "
                                          << d
                                          << "/uwsgi;\n"
                                             "    scgi_temp_path "
                                          << d
                                          << "/scgi;\n"
                                             "    include "
                                          << d
                                          << "/tnt-forms.conf;\n"
                                             "}\n";
        // master_process off: one process, so a test killed half-way leaves no orphan worker on the port
        // (and, as root, no worker switching to nobody, who could not read the temporary directory).
        nginx =
            std::make_unique<ServiceProcess>("/usr/sbin/nginx",
                                             std::vector<std::string>{"-p", d, "-c", d + "/nginx.conf", "-g",
                                                                      "daemon off; master_process off; pid " + d +
                                                                          "/nginx.pid; error_log " + d + "/error.log;"},
                                             std::map<std::string, std::string>{});

        // nginx may close while a refused body is still being written: EPIPE for SSL_write, not a dead test
        // (set after the children started, which keep the default).
        ::signal(SIGPIPE, SIG_IGN);
        tls = SSL_CTX_new(TLS_client_method());
        // A TLS 1.3 ticket read while waiting for data makes SSL_read return, not block past our poll.
        SSL_CTX_clear_mode(tls, SSL_MODE_AUTO_RETRY);
        const bool up =
            pollUntil([] { return !nginx->running() || exchange("127.0.0.1", get("/healthz")).status == 200; }, 10000);
        ASSERT_TRUE(up && nginx->running()) << nginx->log() << readFile(dir / "error.log");
    }

    static void TearDownTestSuite()
    {
        if (nginx) nginx->stop();
        nginx.reset();
        services.clear();
        service_ports.clear();
        db.reset();
        if (tls) SSL_CTX_free(tls);
        tls = nullptr;
        if (!dir.empty()) fs::remove_all(dir);
    }

    void SetUp() override
    {
        if (!db) GTEST_SKIP() << "no test database: run through deploy/test.sh";
        ASSERT_TRUE(nginx && nginx->running()) << "nginx did not start";
    }

    // One request on a connection of its own, from `from`; `raw` is sent byte for byte.
    static Response exchange(const std::string& from, const std::string& raw, bool head = false)
    {
        TlsClient client(tls, port, from);
        if (!client.connected()) return {};
        client.send(raw);
        return client.receive(head);
    }

    // Both instances still up and answering, asked directly rather than through nginx.
    static void expectInstancesAnswer()
    {
        for (std::size_t i = 0; i < services.size(); ++i) {
            EXPECT_TRUE(services[i]->running()) << services[i]->log();
            EXPECT_EQ(httpGet(service_ports[i], "/healthz").status, 200) << "instance " << i;
        }
    }
};

TEST_F(NginxEdgeTest, APageAndASubmissionGoThroughWithTheSecurityHeaders)
{
    const std::string from = "127.0.0.11";
    const auto page = exchange(from, get("/f/avis"));
    EXPECT_EQ(page.status, 200) << page.body;
    EXPECT_NE(page.body.find("<form"), std::string::npos);
    EXPECT_NE(page.header("content-security-policy").find("frame-ancestors 'none'"), std::string::npos);
    EXPECT_EQ(page.header("x-content-type-options"), "nosniff");
    EXPECT_EQ(page.header("x-frame-options"), "DENY");
    EXPECT_EQ(page.header("referrer-policy"), "no-referrer");
    EXPECT_EQ(page.header("strict-transport-security"), "max-age=31536000; includeSubDomains") << "nginx's HSTS";

    const auto stored = db->count("responses");
    const auto created = exchange(from, postJson("/api/v1/forms/avis/responses", kSubmission));
    ASSERT_EQ(created.status, 201) << created.body;
    const auto receipt_url = created.json().value("receipt_url", "");
    ASSERT_EQ(receipt_url.rfind("/f/avis/merci/", 0), 0u) << created.body;
    EXPECT_EQ(db->count("responses"), stored + 1);

    // The receipt opens on whichever instance nginx picks, and its secret never reaches nginx's log.
    EXPECT_EQ(exchange(from, get(receipt_url)).status, 200);
    const auto secret = receipt_url.substr(receipt_url.rfind('/') + 1);
    EXPECT_TRUE(
        pollUntil([] { return readFile(dir / "access.log").find("GET <lien secret>") != std::string::npos; }, 3000))
        << readFile(dir / "access.log");
    EXPECT_EQ(readFile(dir / "access.log").find(secret), std::string::npos) << "the receipt's secret is logged";

    const auto css = exchange(from, get("/static/dsfr/dsfr.min.css"));
    EXPECT_EQ(css.status, 200);
    EXPECT_EQ(css.body, ":root{--dsfr:1}\n") << "served by nginx from the alias";
    EXPECT_FALSE(css.header("strict-transport-security").empty()) << "the location's add_header dropped HSTS";
}

TEST_F(NginxEdgeTest, MalformedFramingStopsAtNginxAndTheInstancesLiveOn)
{
    const std::string from = "127.0.0.12";
    const std::string start =
        "POST /api/v1/forms/avis/responses HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n";
    struct Attack {
        const char* what;
        std::string raw;
        int status;
    };
    // Straight to Pistache 0.0.5: 500 basic_string::_M_create, std::bad_alloc, the first length believed.
    const std::vector<Attack> attacks{
        {"Content-Length: -1", start + "Content-Length: -1\r\n\r\n" + kSubmission, 400},
        {"Content-Length: 100000000000000", start + "Content-Length: 100000000000000\r\n\r\n" + kSubmission, 413},
        {"two Content-Length", start + "Content-Length: 5\r\nContent-Length: 22\r\n\r\n" + kSubmission, 400},
        {"Content-Length and chunked",
         start + "Content-Length: 22\r\nTransfer-Encoding: chunked\r\n\r\n16\r\n" + kSubmission + "\r\n0\r\n\r\n", 400},
    };
    const auto stored = db->count("responses");
    for (const auto& attack : attacks) {
        const auto r = exchange(from, attack.raw);
        EXPECT_EQ(r.status, attack.status) << attack.what << ": " << r.body;
        EXPECT_FALSE(r.fromService()) << attack.what << ": reached the service";
        EXPECT_EQ(r.body.find("basic_string"), std::string::npos) << attack.what;
        EXPECT_EQ(r.body.find("bad_alloc"), std::string::npos) << attack.what;
    }
    EXPECT_EQ(db->count("responses"), stored);
    expectInstancesAnswer();

    // A chunked body alone is well-formed: nginx re-frames it with a Content-Length for the service.
    const auto chunked = exchange(
        from, start + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n16\r\n" + kSubmission + "\r\n0\r\n\r\n");
    EXPECT_EQ(chunked.status, 201) << chunked.body;
}

TEST_F(NginxEdgeTest, BodiesAboveOneMebibyteAre413FromNginx)
{
    const std::string from = "127.0.0.13";
    const std::string start =
        "POST /api/v1/forms/avis/responses HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n";
    const std::string body(1024 * 1024 + 1, ' ');
    const auto stored = db->count("responses");
    const auto declared = exchange(from, start + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
    EXPECT_EQ(declared.status, 413);
    EXPECT_FALSE(declared.fromService());

    // Without a length nginx counts as it reads, and stops at the limit too.
    std::string chunks = start + "Transfer-Encoding: chunked\r\n\r\n";
    for (std::size_t at = 0; at < body.size(); at += 65536) {
        const auto size = std::min<std::size_t>(65536, body.size() - at);
        std::ostringstream hex;
        hex << std::hex << size;
        chunks += hex.str() + "\r\n" + body.substr(at, size) + "\r\n";
    }
    const auto streamed = exchange(from, chunks + "0\r\n\r\n");
    EXPECT_EQ(streamed.status, 413);
    EXPECT_FALSE(streamed.fromService());
    EXPECT_EQ(db->count("responses"), stored);
    expectInstancesAnswer();
}

TEST_F(NginxEdgeTest, PipelinedRequestsAreAllAnsweredInOrder)
{
    TlsClient client(tls, port, "127.0.0.14");
    ASSERT_TRUE(client.connected());
    ASSERT_TRUE(client.send(get("/api/v1/forms/avis", false) + get("/healthz", false) + get("/api/v1/forms/futur")));
    const auto first = client.receive();
    const auto second = client.receive();
    const auto third = client.receive();
    EXPECT_EQ(first.status, 200);
    EXPECT_EQ(first.json().value("slug", ""), "avis") << first.body;
    EXPECT_EQ(second.status, 200);
    EXPECT_EQ(second.json().value("status", ""), "ok") << second.body;
    EXPECT_EQ(third.status, 200);
    EXPECT_EQ(third.json().value("slug", ""), "futur") << third.body;
    expectInstancesAnswer();
}

TEST_F(NginxEdgeTest, MetricsAreDeniedOutsideTheAllowListWhateverTheSpelling)
{
    const std::string outside = "127.0.0.15";  // loopback, but not the allowed 127.0.0.1
    for (const std::string target : {"/metrics", "/%6Detrics", "//metrics", "/metrics?format=text"}) {
        const auto r = exchange(outside, get(target));
        EXPECT_EQ(r.status, 403) << target;
        EXPECT_EQ(r.body.find("tnt_http_requests_total"), std::string::npos) << target;
    }
    // The slash reaches the service (location /), which sends it to the one spelling, denied above.
    const auto slash = exchange(outside, get("/metrics/"));
    EXPECT_EQ(slash.status, 308);
    EXPECT_EQ(slash.header("location"), "/metrics");
    EXPECT_EQ(slash.body.find("tnt_http_requests_total"), std::string::npos);

    // The allowed address does get them: the 403 above is the allow list's, not a broken route.
    const auto allowed = exchange("127.0.0.1", get("/metrics"));
    EXPECT_EQ(allowed.status, 200);
    EXPECT_NE(allowed.body.find("tnt_http_requests_total"), std::string::npos);
}

TEST_F(NginxEdgeTest, ResponsesWithATrailingSlashIsNotFoundAndStoresNothing)
{
    const std::string from = "127.0.0.16";
    const auto stored = db->count("responses");
    for (const std::string target : {"/api/v1/forms/avis/responses/", "/api/v1/forms/avis/responses//", "/f/avis/"}) {
        const auto r = exchange(from, postJson(target, kSubmission));
        EXPECT_EQ(r.status, 404) << target << ": " << r.body;
        EXPECT_EQ(r.json().value("error", ""), "not_found") << r.body;
    }
    EXPECT_EQ(db->count("responses"), stored);
}

TEST_F(NginxEdgeTest, HeadSendsNoBodyAndTheConnectionGoesOn)
{
    TlsClient client(tls, port, "127.0.0.17");
    ASSERT_TRUE(client.connected());
    // Several rounds, so that both instances' kept-alive upstream connections serve a request after a HEAD:
    // a body sent after a HEAD's headers would be read by nginx as the start of the next response.
    for (int round = 0; round < 3; ++round) {
        ASSERT_TRUE(client.send("HEAD /f/avis HTTP/1.1\r\nHost: localhost\r\n\r\n"));
        EXPECT_EQ(client.receive(true).status, 200) << "round " << round;
        ASSERT_TRUE(client.send(get("/api/v1/forms/avis", false)));
        const auto form = client.receive();
        EXPECT_EQ(form.status, 200) << "round " << round << ": " << form.body;
        EXPECT_EQ(form.json().value("slug", ""), "avis") << form.body;

        ASSERT_TRUE(client.send("HEAD /api/v1/forms/avis/responses.csv HTTP/1.1\r\nHost: localhost\r\n\r\n"));
        EXPECT_EQ(client.receive(true).status, 405) << "an export is never run for a HEAD";
        ASSERT_TRUE(client.send(get("/healthz", false)));
        const auto health = client.receive();
        EXPECT_EQ(health.status, 200) << "round " << round << ": " << health.body;
        EXPECT_EQ(health.json().value("status", ""), "ok") << health.body;
    }
}

TEST_F(NginxEdgeTest, InvalidUtf8InPathOrQueryGetsAJsonErrorFromTheService)
{
    for (const std::string target :
         {"/api/v1/forms/%FF%FE", "/api/v1/forms/\xff\xfe", "/nulle-part/\xc3?x=\xff",
          "/api/v1/forms/avis/responses.csv?from=\xff", "/api/v1/forms/avis/responses.csv?from=%FF"}) {
        const auto r = exchange("127.0.0.18", get(target));
        EXPECT_GE(r.status, 400) << target;
        EXPECT_LT(r.status, 500) << target << ": " << r.body;
        EXPECT_TRUE(r.fromService()) << target << ": answered by nginx";
        EXPECT_FALSE(r.json().is_discarded()) << target << ": " << r.body;
        EXPECT_EQ(r.body.find('\xff'), std::string::npos) << "raw request bytes are never echoed";
    }
    expectInstancesAnswer();
}

TEST_F(NginxEdgeTest, ASlowHeaderIsCutByNginxWithoutHoldingOthersUp)
{
    TlsClient slow(tls, port, "127.0.0.19");
    ASSERT_TRUE(slow.connected());
    const auto started = Clock::now();
    ASSERT_TRUE(slow.send("GET /f/avis HTTP/1.1\r\nHost: localhost\r\n"));  // the blank line never comes

    // Meanwhile another client is answered at once.
    EXPECT_EQ(exchange("127.0.0.20", get("/healthz")).status, 200);

    EXPECT_TRUE(slow.waitClosed((kHeaderTimeoutSeconds + 4) * 1000)) << "still open after the header timeout";
    const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
    EXPECT_GE(waited, kHeaderTimeoutSeconds * 1000 - 500) << "closed before the timeout: refused, not timed out";
    EXPECT_EQ(slow.pending(), "") << "nginx closes a timed-out client without an answer";
    expectInstancesAnswer();
}

TEST_F(NginxEdgeTest, ASpoofedForwardedForCannotSpendAnotherClientsBucket)
{
    const std::string attacker = "127.0.0.21";
    const std::string victim = "127.0.0.22";
    // The attacker claims to be the victim; nginx appends the address it saw, the service believes only that.
    int accepted = 0;
    for (int i = 0; i < 10; ++i) {
        const auto r = exchange(
            attacker, postJson("/api/v1/forms/avis/responses", kSubmission, "X-Forwarded-For: " + victim + "\r\n"));
        if (r.status == 201) {
            ++accepted;
        } else {
            EXPECT_EQ(r.status, 429) << r.body;
            EXPECT_EQ(r.json().value("error", ""), "rate_limited") << "the service's limit, not nginx's: " << r.body;
        }
    }
    // Each instance accepts at most kRateLimit: exactly twice that means both instances spent their bucket
    // for the attacker's address (the one they key on), the victim's included were it keyed on the header.
    EXPECT_EQ(accepted, 2 * kRateLimit);
    for (int i = 0; i < 2; ++i) {  // whichever instance least_conn picks
        const auto r = exchange(victim, postJson("/api/v1/forms/avis/responses", kSubmission));
        EXPECT_EQ(r.status, 201) << "the victim's bucket was spent by the attacker: " << r.body;
    }
}

TEST_F(NginxEdgeTest, TheEdgeLimitCountsSubmissionsNotPageViews)
{
    const std::string from = "127.0.0.23";
    for (int i = 0; i < 15; ++i) EXPECT_EQ(exchange(from, get("/f/avis")).status, 200) << "page view " << i;

    // An unknown form: the service answers 404 without touching its own limit, so every 429 is nginx's.
    std::vector<int> statuses;
    for (int i = 0; i < 20; ++i) {  // 20 in less than 7 s even on a loaded machine: at least 2 refused
        const auto r = exchange(from, postJson("/api/v1/forms/inconnu/responses", kSubmission));
        statuses.push_back(r.status);
        if (r.status == 429) {
            EXPECT_FALSE(r.fromService()) << "the edge's 429, not the service's";
        }
    }
    // 1 r/s with a burst of 10, no delay: the first 11 pass, the rest of a quick run is refused.
    EXPECT_EQ(std::count(statuses.begin(), statuses.begin() + 11, 404), 11);
    EXPECT_GE(std::count(statuses.begin(), statuses.end(), 429), 2);
}
