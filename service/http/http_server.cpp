#include "service/http/http_server.h"

#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <pistache/net.h>
#include <pistache/peer.h>

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <sstream>

#include "service/http/request_head.h"
#include "service/http/socket_writer.h"
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

// A header line as sent: a CR or LF in a name or value (none is expected: handlers build them) becomes a space,
// so no header can ever split the response.
void appendHeader(std::string& out, std::string_view name, std::string_view value)
{
    const auto clean = [&out](std::string_view text) {
        for (const char c : text) out.push_back(c == '\r' || c == '\n' ? ' ' : c);
    };
    clean(name);
    out += ": ";
    clean(value);
    out += "\r\n";
}

std::string statusLine(int status)
{
    return "HTTP/1.1 " + std::to_string(status) + " " + Http::codeString(static_cast<Http::Code>(status)) + "\r\n";
}

// Writes the response straight to the client's socket from the thread that has it (a worker, or the reactor
// for what it refuses), on a descriptor duplicated on the reactor: no hop back to the reactor, and no call
// into Pistache's ResponseWriter, which marks the connection idle from whatever thread sends (a data race
// with the reactor reading that flag). What the socket cannot take at once, and every streamed body, goes to
// the SocketWriter's thread: a slow reader never holds a worker.
class PistacheResponder final : public Responder {
public:
    // `close_after`: the request said "Connection: close" (or was HTTP/1.0 without keep-alive), so the
    // connection ends with this response.
    PistacheResponder(Socket socket, bool close_after, SocketWriter& writer)
        : socket_(std::move(socket)), close_after_(close_after), writer_(writer)
    {
    }

    void send(HttpResponse response) override
    {
        if (response.stream) {
            stream(response);
            return;
        }
        std::string bytes = statusLine(response.status);
        bytes.reserve(bytes.size() + 512 + response.body.size());
        for (const auto& [name, value] : response.headers) appendHeader(bytes, name, value);
        appendHeader(bytes, "Connection", close_after_ ? "Close" : "Keep-Alive");  // as Pistache wrote them
        appendHeader(bytes, "Content-Length", std::to_string(response.body.size()));
        bytes += "\r\n";
        bytes += response.body;
        ssize_t sent = 0;
        do {
            sent = ::send(socket_.fd(), bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        } while (sent < 0 && errno == EINTR);
        if (sent == static_cast<ssize_t>(bytes.size())) {
            // Pistache 0.0.5 wrote "Connection: close" but kept the socket for its keep-alive timeout (75 s).
            if (close_after_) socket_.end();
            return;
        }
        if (sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return;  // the client has gone
        bytes.erase(0, static_cast<std::size_t>(std::max<ssize_t>(sent, 0)));
        writer_.finish(std::move(socket_), std::move(bytes), close_after_);
    }

private:
    // Chunked, then the connection ends. (Pistache 0.0.5's ResponseStream cannot be flushed from a worker
    // thread — pistache PR #1280 — and buffers without limit.) The worker produces as fast as the database
    // answers, into the spool; the SocketWriter sends at the client's pace.
    void stream(HttpResponse& response)
    {
        std::shared_ptr<Spool> spool;
        try {
            spool = writer_.stream(std::move(socket_));
        } catch (...) {
            socket_.end();  // no spool file (disk full?): cut, rather than leave the client waiting
            throw;
        }
        std::string head = statusLine(response.status);
        for (const auto& [name, value] : response.headers) appendHeader(head, name, value);
        head += "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        std::string frame;
        try {
            spool->append(head);
            response.stream([&](std::string_view chunk) {
                if (chunk.empty()) {  // a producer asking whether the client is still there
                    if (spool->cancelled()) throw ClientGone();
                    return;
                }
                char size[20];
                const int n = std::snprintf(size, sizeof size, "%zx\r\n", chunk.size());
                frame.assign(size, static_cast<std::size_t>(n));
                frame.append(chunk);
                frame.append("\r\n");
                spool->append(frame);
            });
            spool->append("0\r\n\r\n");
            spool->finish();
        } catch (const ClientGone&) {
            // The client went away, or took nothing for too long: the writer has ended the connection.
        } catch (...) {
            // The response has started: the only honest signal left is an incomplete chunked body.
            spool->abort();
            throw;
        }
    }

    Socket socket_;
    bool close_after_;
    SocketWriter& writer_;
};

// HTTP/1.1 connections are persistent unless a side says "Connection: close" (RFC 9112 §9.3); HTTP/1.0
// ones only when the request says "keep-alive". (Pistache 0.0.5 answered "Connection: Close" to any
// request without the header — so nginx's upstream keepalive and load generators opened a TCP connection
// per request — and then kept the socket open anyway.) Whether the connection ends with the response.
bool closesConnection(const Http::Request& request)
{
    const auto connection = request.headers().tryGet<Http::Header::Connection>();
    return connection ? connection->control() == Http::ConnectionControl::Close
                      : request.version() != Http::Version::Http11;
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

    PistacheEntry(const Dispatcher& dispatcher, std::size_t max_body_bytes, SocketWriter& writer)
        : dispatcher_(dispatcher), max_body_bytes_(max_body_bytes), writer_(writer)
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
        auto socket = Socket::duplicate(peer->fd());
        if (!socket) {
            // Out of descriptors: nothing can answer this request, so end the connection now.
            ::shutdown(peer->fd(), SHUT_RDWR);
            state->refused = true;
            return;
        }
        dispatcher_.dispatch(toHttpRequest(request), std::make_unique<PistacheResponder>(
                                                         std::move(socket), closesConnection(request), writer_));
        parser->reset();
        // The connection now waits for its response and then for its next request: Pistache's keep-alive
        // timeout applies, not the header timeout (a long export was cut by a 408 at 11 s). Set here, on
        // the reactor that reads the flag, never by the thread that answers.
        peer->setIdle(true);
    }

    // Never called: onInput above hands requests to the dispatcher itself.
    void onRequest(const Http::Request&, Http::ResponseWriter) override {}

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
        auto socket = Socket::duplicate(peer->fd());
        if (!socket) {
            ::shutdown(peer->fd(), SHUT_RDWR);
            return;
        }
        dispatcher_.refuse(error, request, std::make_unique<PistacheResponder>(std::move(socket), true, writer_));
    }

    const Dispatcher& dispatcher_;
    std::size_t max_body_bytes_;
    SocketWriter& writer_;
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
    writer_ = std::make_unique<SocketWriter>(
        SocketWriter::Options{.send_timeout = options_.send_timeout, .spool_dir = options_.spool_dir});
    endpoint_->setHandler(std::make_shared<PistacheEntry>(dispatcher_, options_.max_body_bytes, *writer_));
    endpoint_->serveThreaded();
}

void HttpServer::shutdown()
{
    if (endpoint_) {
        endpoint_->shutdown();
        endpoint_.reset();
    }
    if (writer_) writer_->shutdown();
}

std::size_t HttpServer::pendingSends() const
{
    return writer_ ? writer_->pending() : 0;
}

int HttpServer::port() const
{
    return endpoint_ ? static_cast<int>(static_cast<uint16_t>(endpoint_->getPort())) : 0;
}

}  // namespace tnt::http
