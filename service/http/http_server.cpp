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

#include "service/http/request_head.h"
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
    // `close_after`: the request said "Connection: close" (or was HTTP/1.0 without keep-alive), so the
    // connection ends with this response.
    PistacheResponder(Http::ResponseWriter writer, bool close_after)
        : writer_(std::move(writer)), close_after_(close_after)
    {
    }

    void send(HttpResponse response) override
    {
        if (response.stream) {
            stream(response);
            return;
        }
        for (auto& [name, value] : response.headers) addHeader(writer_, std::move(name), std::move(value));
        auto sent = writer_.send(static_cast<Http::Code>(response.status), response.body);
        if (!close_after_) return;
        // Pistache 0.0.5 writes "Connection: close" but keeps the socket until its keep-alive timeout (75 s).
        // Once the response is in the socket (the promise settles on the reactor that wrote it), shutting the
        // socket down sends it, then FIN; the reactor reads the end and releases the connection.
        const std::weak_ptr<Tcp::Peer> peer = writer_.peer();
        const auto end = [peer] {
            if (const auto p = peer.lock()) ::shutdown(p->fd(), SHUT_RDWR);
        };
        sent.then([end](ssize_t) { end(); }, [end](std::exception_ptr) { end(); });
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
    bool close_after_;
};

// HTTP/1.1 connections are persistent unless a side says "Connection: close" (RFC 9112 §9.3); HTTP/1.0
// ones only when the request says "keep-alive". (Pistache 0.0.5 answered "Connection: Close" to any
// request without the header — so nginx's upstream keepalive and load generators opened a TCP connection
// per request — and then kept the socket open anyway.) Says it in the response; returns whether the
// connection ends with it.
bool answerConnection(const Http::Request& request, Http::ResponseWriter& writer)
{
    const auto connection = request.headers().tryGet<Http::Header::Connection>();
    const bool close = connection ? connection->control() == Http::ConnectionControl::Close
                                  : request.version() != Http::Version::Http11;
    writer.headers().add<Http::Header::Connection>(close ? Http::ConnectionControl::Close
                                                         : Http::ConnectionControl::KeepAlive);
    return close;
}

// What the server remembers of a connection's request head while it arrives (Tcp::Peer data).
struct HeadState {
    std::string head;  // the bytes of the head read so far
    bool checked = false;  // the head was complete and passed to the parser
    bool refused = false;  // answered early and closed: nothing more is read
};
constexpr const char* kHeadState = "tnt.head";
// More than the dispatcher's 16 KiB header limit, so that limit answers first with its own 431.
constexpr std::size_t kHeadScanLimit = 64 * 1024;

// Replaces Http::Handler's reading of requests (private in Pistache 0.0.5, so rewritten here over its
// public parser): the announced body is judged from the head before a byte of it is read or reserved, a
// kept-alive connection's next head gets the header timeout, and what the parser refuses is answered in
// the JSON shape (Pistache sent a 500 with the C++ exception's text) before the connection is closed.
class PistacheEntry final : public Http::Handler {
public:
    HTTP_PROTOTYPE(PistacheEntry)

    PistacheEntry(const Dispatcher& dispatcher, std::size_t max_body_bytes)
        : dispatcher_(dispatcher), max_body_bytes_(max_body_bytes)
    {
    }

    void onConnection(const std::shared_ptr<Tcp::Peer>& peer) override
    {
        peer->putData(ParserData, std::make_shared<Http::RequestParser>(getMaxRequestSize()));
        peer->putData(kHeadState, std::make_shared<HeadState>());
    }

    // On the connection's reactor thread.
    void onInput(const char* buffer, size_t len, const std::shared_ptr<Tcp::Peer>& peer) override
    {
        auto state = std::static_pointer_cast<HeadState>(peer->getData(kHeadState));
        if (state->refused) return;
        auto parser = getParser(peer);
        if (parser->step()->id() != Http::Private::BodyStep::Id) {
            if (state->checked) *state = HeadState{};  // the previous request is done: a new head starts
            if (state->head.empty() && peer->isIdle()) {
                // The first bytes of a new request on a kept-alive connection: an idle connection has the
                // keep-alive timeout (75 s); its new head gets the header timeout, counted from now.
                parser->reset();
                peer->setIdle(false);
            }
            if (state->head.size() < kHeadScanLimit) state->head.append(buffer, std::min(len, kHeadScanLimit));
            if (const auto length = requestHeadLength(state->head)) {
                state->checked = true;
                if (auto refusal =
                        refuseAnnouncedBody(std::string_view(state->head).substr(0, *length), max_body_bytes_)) {
                    return refuse(*refusal, *state, peer);
                }
            }
        }
        try {
            if (!parser->feed(buffer, len)) return refuse(payloadTooLarge(max_body_bytes_), *state, peer);
            if (parser->parse() != Http::Private::State::Done) return;
        } catch (const std::exception&) {
            // A malformed request line or header (Http::HttpError), a value the parser could not take.
            return refuse(ApiError(400, "bad_request", "La requête HTTP est mal formée."), *state, peer);
        }
        auto& request = parser->request;
        request.copyAddress(peer->address());
        Http::ResponseWriter writer(request.version(), transport(), this, peer);
        peer->setIdle(false);
        onRequest(request, std::move(writer));
        parser->reset();
    }

    void onRequest(const Http::Request& request, Http::ResponseWriter writer) override
    {
        const bool close_after = answerConnection(request, writer);
        dispatcher_.dispatch(toHttpRequest(request),
                             std::make_unique<PistacheResponder>(std::move(writer), close_after));
    }

    void onTimeout(const Http::Request&, Http::ResponseWriter writer) override
    {
        addHeader(writer, "Content-Type", "application/json; charset=utf-8");
        writer.send(Http::Code::Request_Timeout,
                    R"({"error":"request_timeout","message":"La requête est arrivée trop lentement."})");
    }

private:
    // Answers a request refused before it was read whole, and closes the connection: what follows on it
    // cannot be told apart from the refused request's body.
    void refuse(const ApiError& error, HeadState& state, const std::shared_ptr<Tcp::Peer>& peer)
    {
        state.refused = true;
        getParser(peer)->reset();
        HttpRequest request;
        const auto method = state.head.substr(0, std::min<std::size_t>(state.head.find(' '), 16));
        const bool token =
            !method.empty() && method.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") == std::string::npos;
        request.method = token ? method : "?";  // logged: never raw bytes
        request.peer_address = peer->address().host();
        Http::ResponseWriter writer(Http::Version::Http11, transport(), this, peer);
        writer.headers().add<Http::Header::Connection>(Http::ConnectionControl::Close);
        dispatcher_.refuse(error, request, std::make_unique<PistacheResponder>(std::move(writer), true));
    }

    const Dispatcher& dispatcher_;
    std::size_t max_body_bytes_;
};

}  // namespace

HttpServer::HttpServer(ServerOptions options, const Dispatcher& dispatcher)
    : options_(std::move(options)), dispatcher_(dispatcher)
{
}

HttpServer::~HttpServer()
{
    shutdown();
}

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
    endpoint_->setHandler(std::make_shared<PistacheEntry>(dispatcher_, options_.max_body_bytes));
    endpoint_->serveThreaded();
}

void HttpServer::shutdown()
{
    if (endpoint_) {
        endpoint_->shutdown();
        endpoint_.reset();
    }
}

int HttpServer::port() const
{
    return endpoint_ ? static_cast<int>(static_cast<uint16_t>(endpoint_->getPort())) : 0;
}

}  // namespace tnt::http
