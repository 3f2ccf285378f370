#include "tests/support/http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <stdexcept>

namespace tnt::testing {
namespace {

std::string lower(std::string s)
{
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string decodeChunked(const std::string& raw)
{
    std::string out;
    std::size_t pos = 0;
    while (pos < raw.size()) {
        const auto eol = raw.find("\r\n", pos);
        if (eol == std::string::npos) break;
        const auto size = std::stoul(raw.substr(pos, eol - pos), nullptr, 16);
        if (size == 0) break;
        out.append(raw, eol + 2, size);
        pos = eol + 2 + size + 2;
    }
    return out;
}

// True when `raw` holds a whole response: headers plus Content-Length bytes, or the last chunk.
bool responseComplete(const std::string& raw)
{
    const auto header_end = raw.find("\r\n\r\n");
    if (header_end == std::string::npos) return false;
    const auto head = lower(raw.substr(0, header_end));
    const auto body_size = raw.size() - header_end - 4;
    const auto length_at = head.find("\r\ncontent-length:");
    if (length_at != std::string::npos) {
        const auto value_at = length_at + 17;
        return body_size >= std::stoul(head.substr(value_at, head.find("\r\n", value_at) - value_at));
    }
    if (head.find("transfer-encoding: chunked") != std::string::npos) {
        return raw.size() >= 5 && raw.compare(raw.size() - 5, 5, "0\r\n\r\n") == 0;
    }
    return false;  // body until the server closes
}

}  // namespace

std::string HttpResult::header(const std::string& lowercase_name) const
{
    const auto it = headers.find(lowercase_name);
    return it == headers.end() ? std::string() : it->second;
}

int connectLoopback(int port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

std::string exchangeRaw(int fd, const std::string& raw_request, int timeout_ms)
{
    std::size_t sent = 0;
    while (sent < raw_request.size()) {
        const auto n = ::send(fd, raw_request.data() + sent, raw_request.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<std::size_t>(n);
    }
    std::string raw;
    char buf[65536];
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (true) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) break;
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
        const auto n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;
        raw.append(buf, static_cast<std::size_t>(n));
        if (responseComplete(raw)) break;  // the server may keep the connection open
    }
    return raw;
}

HttpResult httpRequest(int port, const std::string& method, const std::string& target,
                       const std::vector<std::pair<std::string, std::string>>& headers, const std::string& body,
                       int timeout_ms)
{
    HttpResult result;
    const int fd = connectLoopback(port);
    if (fd < 0) return result;
    std::string request =
        method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) + "\r\nConnection: close\r\n";
    bool has_length = false;
    for (const auto& [name, value] : headers) {
        request += name + ": " + value + "\r\n";
        if (lower(name) == "content-length") has_length = true;
    }
    if (!has_length && (!body.empty() || method == "POST")) {
        request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    }
    request += "\r\n" + body;
    const auto raw = exchangeRaw(fd, request, timeout_ms);
    ::close(fd);

    const auto header_end = raw.find("\r\n\r\n");
    if (header_end == std::string::npos || raw.size() < 12) return result;
    result.status = std::stoi(raw.substr(9, 3));
    std::size_t pos = raw.find("\r\n") + 2;
    while (pos < header_end) {
        const auto eol = raw.find("\r\n", pos);
        const auto line = raw.substr(pos, eol - pos);
        const auto colon = line.find(':');
        if (colon != std::string::npos) {
            auto value = line.substr(colon + 1);
            while (!value.empty() && value.front() == ' ') value.erase(0, 1);
            const auto name = lower(line.substr(0, colon));
            auto& slot = result.headers[name];
            slot = slot.empty() ? value : slot + ", " + value;
        }
        pos = eol + 2;
    }
    result.body = raw.substr(header_end + 4);
    if (lower(result.header("transfer-encoding")).find("chunked") != std::string::npos) {
        result.body = decodeChunked(result.body);
    }
    return result;
}

HttpResult httpPostJson(int port, const std::string& target, const nlohmann::json& body,
                        std::vector<std::pair<std::string, std::string>> headers)
{
    headers.emplace_back("Content-Type", "application/json");
    return httpRequest(port, "POST", target, headers, body.dump());
}

int freePort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        throw std::runtime_error("cannot bind a free port");
    }
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    const int port = ntohs(addr.sin_port);
    ::close(fd);
    return port;
}

}  // namespace tnt::testing
