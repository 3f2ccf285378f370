// A small blocking HTTP/1.1 client for the e2e tests: one request per connection, chunked bodies
// decoded, headers lowercased. Enough to drive the real binary over loopback.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tnt::testing {

struct HttpResult {
    int status = 0;  // 0: no answer (connection refused or closed)
    std::map<std::string, std::string> headers;
    std::string body;

    std::string header(const std::string& lowercase_name) const;
    nlohmann::json json() const { return nlohmann::json::parse(body); }
};

HttpResult httpRequest(int port, const std::string& method, const std::string& target,
                       const std::vector<std::pair<std::string, std::string>>& headers = {},
                       const std::string& body = "", int timeout_ms = 10000);

inline HttpResult httpGet(int port, const std::string& target,
                          const std::vector<std::pair<std::string, std::string>>& headers = {})
{
    return httpRequest(port, "GET", target, headers);
}

HttpResult httpPostJson(int port, const std::string& target, const nlohmann::json& body,
                        std::vector<std::pair<std::string, std::string>> headers = {});

// A TCP connection to 127.0.0.1:port, or -1; the caller closes it.
int connectLoopback(int port);

// Sends `raw` on `fd` and reads until one whole response is in (or `timeout_ms`, or the server closes):
// what was received, possibly several responses or none.
std::string exchangeRaw(int fd, const std::string& raw, int timeout_ms = 5000);

// A TCP port that was free a moment ago on 127.0.0.1.
int freePort();

}  // namespace tnt::testing
