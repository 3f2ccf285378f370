#include "service/http/trusted_proxies.h"

#include <arpa/inet.h>

#include <stdexcept>

namespace tnt::http {
namespace {

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// An address as 16 bytes (IPv4 as ::ffff:a.b.c.d) and whether it was IPv4.
std::optional<std::pair<std::array<unsigned char, 16>, bool>> parseAddress(std::string_view text)
{
    const std::string s(text);
    std::array<unsigned char, 16> out{};
    in_addr v4{};
    if (::inet_pton(AF_INET, s.c_str(), &v4) == 1) {
        out[10] = 0xff;
        out[11] = 0xff;
        const auto* b = reinterpret_cast<const unsigned char*>(&v4.s_addr);
        for (std::size_t i = 0; i < 4; ++i) out[12 + i] = b[i];
        return std::pair{out, true};
    }
    in6_addr v6{};
    if (::inet_pton(AF_INET6, s.c_str(), &v6) == 1) {
        for (std::size_t i = 0; i < 16; ++i) out[i] = v6.s6_addr[i];
        return std::pair{out, false};
    }
    return std::nullopt;
}

}  // namespace

std::optional<TrustedProxies::Block> TrustedProxies::parseBlock(std::string_view text)
{
    text = trim(text);
    const auto slash = text.find('/');
    const auto address = parseAddress(text.substr(0, slash));
    if (!address) return std::nullopt;
    const int width = address->second ? 32 : 128;
    int prefix = width;
    if (slash != std::string_view::npos) {
        const auto bits = text.substr(slash + 1);
        if (bits.empty() || bits.size() > 3) return std::nullopt;
        prefix = 0;
        for (char c : bits) {
            if (c < '0' || c > '9') return std::nullopt;
            prefix = prefix * 10 + (c - '0');
        }
        if (prefix > width) return std::nullopt;
    }
    return Block{address->first, prefix + (address->second ? 96 : 0)};
}

bool TrustedProxies::validBlock(std::string_view text)
{
    return parseBlock(text).has_value();
}

TrustedProxies::TrustedProxies(const std::vector<std::string>& cidrs)
{
    for (const auto& cidr : cidrs) {
        auto block = parseBlock(cidr);
        if (!block) throw std::invalid_argument("not an address or CIDR block: " + cidr);
        blocks_.push_back(*block);
    }
}

bool TrustedProxies::trusts(std::string_view address) const
{
    const auto parsed = parseAddress(trim(address));
    if (!parsed) return false;
    const auto& bytes = parsed->first;
    for (const auto& block : blocks_) {
        bool inside = true;
        for (int bit = 0; bit < block.prefix && inside; ++bit) {
            const auto i = static_cast<std::size_t>(bit / 8);
            const int mask = 0x80 >> (bit % 8);
            inside = (bytes[i] & mask) == (block.bytes[i] & mask);
        }
        if (inside) return true;
    }
    return false;
}

std::string TrustedProxies::clientAddress(const std::string& peer,
                                          const std::optional<std::string>& forwarded_for) const
{
    if (!forwarded_for || !trusts(peer)) return peer;
    // Right to left: each trusted hop vouches for the one before it; the first untrusted one is the client.
    std::string_view rest = *forwarded_for;
    std::string client = peer;
    while (!rest.empty()) {
        const auto comma = rest.rfind(',');
        const auto entry = trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
        if (!parseAddress(entry)) break;  // garbage in the chain: believe nothing beyond the last good hop
        client = std::string(entry);
        if (!trusts(entry)) break;
    }
    return client;
}

}  // namespace tnt::http
