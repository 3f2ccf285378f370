// Who the client is behind a reverse proxy. A request's X-Forwarded-For is believed only when its TCP peer
// is one of the configured trusted proxies (--trusted-proxy CIDR…); then the client is the right-most
// address of the header that is not itself a trusted proxy — the left-most entries are whatever the client
// chose to send. From any other peer the header is ignored and the client is the peer.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tnt::http {

class TrustedProxies {
public:
    TrustedProxies() = default;
    // Each entry an IPv4 or IPv6 address or CIDR block ("127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8").
    // Throws std::invalid_argument naming the first invalid entry.
    explicit TrustedProxies(const std::vector<std::string>& cidrs);

    bool trusts(std::string_view address) const;

    // The client's address: `peer` itself unless it is trusted and `forwarded_for` names someone.
    std::string clientAddress(const std::string& peer, const std::optional<std::string>& forwarded_for) const;

    // Whether `text` is an address or block these rules accept (for the configuration's checks).
    static bool validBlock(std::string_view text);

private:
    struct Block {
        std::array<unsigned char, 16> bytes{};  // IPv4 mapped into ::ffff:0:0/96
        int prefix = 0;  // bits, on the 128-bit form
    };
    static std::optional<Block> parseBlock(std::string_view text);
    std::vector<Block> blocks_;
};

}  // namespace tnt::http
