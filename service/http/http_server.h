// The Pistache endpoint: accepts connections on the reactor threads, turns each Pistache request into
// an HttpRequest for the Dispatcher and sends what comes back. The only file that knows Pistache.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "service/http/dispatcher.h"

namespace Pistache::Http {
class Endpoint;
}

namespace tnt::http {

class SocketWriter;

struct ServerOptions {
    std::string address = "127.0.0.1";
    int port = 8080;
    int threads = 2;
    std::size_t max_body_bytes = 1 << 20;  // a larger announced Content-Length is refused before it is read
    std::size_t max_request_bytes = (1 << 20) + 65536;  // body limit plus room for headers
    std::chrono::seconds header_timeout{10};
    std::chrono::seconds body_timeout{30};
    // An idle persistent connection is closed after this (serve --keepalive-timeout). Longer than nginx's
    // upstream keepalive_timeout (60 s, deploy/nginx-tnt-forms.conf), so nginx never reuses a connection
    // the service is closing.
    std::chrono::seconds keepalive_timeout{75};
    // A client whose socket takes no byte of its response for this long is cut (serve --send-timeout).
    std::chrono::milliseconds send_timeout{30000};
    // Where streamed bodies wait for slow readers, in files unlinked at once (serve --spool-dir).
    std::string spool_dir = "/var/tmp";
    // No TLS here: Pistache 0.0.5 handshakes on its single accept thread (one silent client stalls every new
    // one). nginx terminates TLS in front (deploy/nginx-tnt-forms.conf).
};

class HttpServer {
public:
    HttpServer(ServerOptions options, const Dispatcher& dispatcher);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Binds and serves on background threads; throws std::runtime_error when the address is taken.
    void start();
    // Stops accepting and closes the connections; in-flight worker tasks finish on the worker pool.
    void shutdown();
    int port() const;
    // Responses still being sent by the writer thread (slow readers, streamed exports).
    std::size_t pendingSends() const;

private:
    ServerOptions options_;
    const Dispatcher& dispatcher_;
    std::unique_ptr<SocketWriter> writer_;
    std::unique_ptr<Pistache::Http::Endpoint> endpoint_;
};

}  // namespace tnt::http
