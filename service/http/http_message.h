// The service's own view of an HTTP exchange, free of Pistache types, so routing, handlers and error
// rendering are plain C++ that unit tests drive directly.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tnt::http {

struct HttpRequest {
    std::string method;  // "GET", "POST", …
    std::string path;  // without the query string, percent-decoding left to handlers
    std::multimap<std::string, std::string> query;  // names and values percent-decoded
    std::map<std::string, std::string> headers;  // names lowercased
    std::string body;
    std::string peer_address;  // the TCP peer (a reverse proxy, often); never stored, never logged
    std::string client_address;  // the client, through trusted proxies (Dispatcher); never stored, never logged
    std::map<std::string, std::string> params;  // filled by the router from the route pattern

    std::optional<std::string> header(const std::string& lowercase_name) const;
    std::optional<std::string> queryValue(const std::string& name) const;
    std::string param(const std::string& name) const;
};

// Writes one chunk of a streamed body; throws when the client has gone, which stops the producer. An empty
// chunk writes nothing and only asks: a producer that sends nothing for a while (a workbook's statistics being computed)
// calls it between steps, so a client that went away stops it there.
using ChunkWriter = std::function<void(std::string_view)>;

struct HttpResponse {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    // When set, the body is produced in chunks (chunked transfer encoding) instead of `body`.
    std::function<void(const ChunkWriter&)> stream;

    HttpResponse& header(std::string name, std::string value);

    static HttpResponse json(int status, std::string body);
    static HttpResponse text(int status, std::string body, std::string content_type = "text/plain; charset=utf-8");
    static HttpResponse html(int status, std::string body);
    static HttpResponse redirect(std::string location);  // 303 See Other
};

}  // namespace tnt::http
