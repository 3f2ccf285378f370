#include "service/http/http_server.h"

#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <pistache/net.h>
#include <pistache/peer.h>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <sstream>

#include "service/http/urlencoded.h"

namespace tnt::http {
namespace {

using namespace Pistache;

std::string lowercase(std::string s)
{
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

HttpRequest toHttpRequest(const Http::Request& req)
{
    HttpRequest out;
    out.method = Http::methodString(req.method());
    out.path = req.resource();
    const auto& query = req.query();
    // Pistache hands the query over as sent: decode it here, once (`from=2026-12-01%2010:00`, `+` a space).
    for (auto it = query.parameters_begin(); it != query.parameters_end(); ++it) {
        out.query.emplace(percentDecode(it->first), percentDecode(it->second));
    }
    for (const auto& header : req.headers().list()) {
        std::ostringstream value;
        header->write(value);
        out.headers[lowercase(header->name())] = value.str();
    }
    for (const auto& [name, raw] : req.headers().rawList()) {
        out.headers[lowercase(name)] = raw.value();
    }
    out.body = req.body();
    out.peer_address = req.address().host();
    return out;
}

// Pistache 0.0.5 does not serialize raw headers (pistache issue #967), so every header we set travels as
// a typed header whose name is given at run time.
class NamedHeader final : public Http::Header::Header {
public:
    NamedHeader(std::string name, std::string value) : name_(std::move(name)), value_(std::move(value)) {}
    const char* name() const override { return name_.c_str(); }
    uint64_t hash() const override { return Http::Header::detail::hash(name_.c_str()); }
    void write(std::ostream& os) const override { os << value_; }

private:
    std::string name_;
    std::string value_;
};

void addHeader(Http::ResponseWriter& writer, std::string name, std::string value)
{
    writer.headers().add(std::make_shared<NamedHeader>(std::move(name), std::move(value)));
}

// Writes all of `data` to a non-blocking socket, waiting for room when it is full: a slow client slows
// the producer down instead of making the server buffer the whole body. False when the client is gone.
bool writeAll(int fd, std::string_view data, std::chrono::milliseconds timeout)
{
    while (!data.empty()) {
        const auto written = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (written > 0) {
            data.remove_prefix(static_cast<std::size_t>(written));
            continue;
        }
        if (written < 0 && errno == EINTR) continue;
        if (written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            pollfd p{fd, POLLOUT, 0};
            if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return false;
            continue;
        }
        return false;
    }
    return true;
}

class PistacheResponder final : public Responder {
public:
    explicit PistacheResponder(Http::ResponseWriter writer) : writer_(std::move(writer)) {}

    void send(HttpResponse response) override
    {
        if (response.stream) {
            stream(response);
            return;
        }
        for (auto& [name, value] : response.headers) addHeader(writer_, std::move(name), std::move(value));
        writer_.send(static_cast<Http::Code>(response.status), response.body);
    }

private:
    // Pistache 0.0.5's ResponseStream cannot be flushed from a worker thread (pistache PR #1280: "could not
    // find write data" aborts the reactor), and it buffers without limit. So a streamed body is written
    // here, on the worker, straight to a duplicate of the connection's socket: chunked, with back-pressure,
    // then the connection is closed. The duplicate keeps the socket ours even if the reactor closes its
    // descriptor meanwhile, so a reused descriptor number can never receive these bytes.
    void stream(HttpResponse& response)
    {
        const auto peer = writer_.peer();
        if (!peer) return;  // the connection is gone already
        const int fd = ::dup(peer->fd());
        if (fd < 0) throw std::runtime_error("dup() of the client socket failed");
        // Pistache counts a request as in progress until ResponseWriter::send, and answers one that lasts
        // past the header timeout (10 s) with a 408 and a closed connection: a long export was cut at about
        // 11 s. The response is under way from here on, so the peer is no longer waiting for one.
        peer->setIdle(true);
        const auto timeout = std::chrono::milliseconds(30000);
        std::string head = "HTTP/1.1 " + std::to_string(response.status) + " " +
                           Http::codeString(static_cast<Http::Code>(response.status)) + "\r\n";
        for (const auto& [name, value] : response.headers) head += name + ": " + value + "\r\n";
        head += "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        bool open = writeAll(fd, head, timeout);
        std::string frame;
        try {
            response.stream([&](std::string_view chunk) {
                if (!open) throw ClientGone();
                if (chunk.empty()) return;
                char size[20];
                const int n = std::snprintf(size, sizeof size, "%zx\r\n", chunk.size());
                frame.assign(size, static_cast<std::size_t>(n));
                frame.append(chunk);
                frame.append("\r\n");
                open = writeAll(fd, frame, timeout);
                if (!open) throw ClientGone();
            });
            if (open) writeAll(fd, "0\r\n\r\n", timeout);
        } catch (const ClientGone&) {
            // The client went away: stop producing, nothing more to send.
        } catch (...) {
            // The response has started: the only honest signal left is an incomplete chunked body.
            ::shutdown(fd, SHUT_RDWR);
            ::close(fd);
            throw;
        }
        ::shutdown(fd, SHUT_RDWR);
        ::close(fd);
    }

    struct ClientGone {};

    Http::ResponseWriter writer_;
};

// HTTP/1.1 connections are persistent unless a side says "Connection: close" (RFC 9112 §9.3). Pistache
// 0.0.5 answers "Connection: Close" to any request without a Connection header, so curl, nginx's upstream
// keepalive and load generators opened a TCP connection per request: an accept, a handshake and a close
// each time. An HTTP/1.0 request without "keep-alive" keeps Pistache's Close.
void keepHttp11Alive(const Http::Request& request, Http::ResponseWriter& writer)
{
    if (request.version() != Http::Version::Http11 || request.headers().tryGet<Http::Header::Connection>()) return;
    writer.headers().remove<Http::Header::Connection>();
    writer.headers().add<Http::Header::Connection>(Http::ConnectionControl::KeepAlive);
}

class PistacheEntry final : public Http::Handler {
public:
    HTTP_PROTOTYPE(PistacheEntry)

    explicit PistacheEntry(const Dispatcher& dispatcher) : dispatcher_(dispatcher) {}

    void onRequest(const Http::Request& request, Http::ResponseWriter writer) override
    {
        keepHttp11Alive(request, writer);
        dispatcher_.dispatch(toHttpRequest(request), std::make_unique<PistacheResponder>(std::move(writer)));
    }

    void onTimeout(const Http::Request&, Http::ResponseWriter writer) override
    {
        addHeader(writer, "Content-Type", "application/json; charset=utf-8");
        writer.send(Http::Code::Request_Timeout,
                    R"({"error":"request_timeout","message":"La requête est arrivée trop lentement."})");
    }

private:
    const Dispatcher& dispatcher_;
};

}  // namespace

HttpServer::HttpServer(ServerOptions options, const Dispatcher& dispatcher)
    : options_(std::move(options)), dispatcher_(dispatcher)
{
}

HttpServer::~HttpServer() { shutdown(); }

void HttpServer::start()
{
    Address address(options_.address, Port(static_cast<uint16_t>(options_.port)));
    endpoint_ = std::make_unique<Http::Endpoint>(address);
    auto opts = Http::Endpoint::options()
                    .threads(options_.threads)
                    .flags(Tcp::Options::ReuseAddr)
                    .maxRequestSize(options_.max_request_bytes)
                    .headerTimeout(options_.header_timeout)
                    .bodyTimeout(options_.body_timeout)
                    .keepaliveTimeout(options_.keepalive_timeout);
    endpoint_->init(opts);
    endpoint_->setHandler(std::make_shared<PistacheEntry>(dispatcher_));
    endpoint_->serveThreaded();
}

void HttpServer::shutdown()
{
    if (endpoint_) {
        endpoint_->shutdown();
        endpoint_.reset();
    }
}

int HttpServer::port() const { return endpoint_ ? static_cast<int>(static_cast<uint16_t>(endpoint_->getPort())) : 0; }

}  // namespace tnt::http
