#include "service/http/http_server.h"

#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <pistache/net.h>

#include <cctype>
#include <sstream>

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
    for (auto it = query.parameters_begin(); it != query.parameters_end(); ++it) {
        out.query.emplace(it->first, it->second);
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

class PistacheResponder final : public Responder {
public:
    explicit PistacheResponder(Http::ResponseWriter writer) : writer_(std::move(writer)) {}

    void send(HttpResponse response) override
    {
        for (auto& [name, value] : response.headers) addHeader(writer_, std::move(name), std::move(value));
        const auto code = static_cast<Http::Code>(response.status);
        if (!response.stream) {
            writer_.send(code, response.body);
            return;
        }
        auto stream = writer_.stream(code);
        response.stream([&stream](std::string_view chunk) {
            if (chunk.empty()) return true;
            stream.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
            stream.flush();
            return true;
        });
        stream.ends();
    }

private:
    Http::ResponseWriter writer_;
};

class PistacheEntry final : public Http::Handler {
public:
    HTTP_PROTOTYPE(PistacheEntry)

    explicit PistacheEntry(const Dispatcher& dispatcher) : dispatcher_(dispatcher) {}

    void onRequest(const Http::Request& request, Http::ResponseWriter writer) override
    {
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
                    .bodyTimeout(options_.body_timeout);
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
