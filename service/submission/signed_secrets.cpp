#include "service/submission/signed_secrets.h"

#include <algorithm>
#include <stdexcept>

#include "service/crypto/digest.h"
#include "service/crypto/random_secret.h"

namespace tnt::submission {
namespace {

constexpr std::size_t kRandom = 32;  // 128 bits
constexpr std::size_t kTag = 16;  // 64 bits

}  // namespace

SignedSecrets::SignedSecrets(std::string key, std::string purpose) : key_(std::move(key)), purpose_(std::move(purpose))
{
    if (key_.empty()) throw std::invalid_argument("the " + purpose_ + " key is empty");
}

std::string SignedSecrets::tag(std::string_view random_part) const
{
    // A purpose prefix: never equal to a receipt secret, a CSRF signature or another purpose's tag of the same
    // text ("offer:" as the offers have always been signed, so links sent before stay valid).
    return crypto::hmacSha256Hex(key_, purpose_ + ":" + std::string(random_part)).substr(0, kTag);
}

std::string SignedSecrets::issue() const
{
    const auto random_part = crypto::randomToken(kRandom, "0123456789abcdef");
    return random_part + tag(random_part);
}

std::string SignedSecrets::sign(std::string_view random_part) const
{
    if (random_part.size() != kRandom || !std::all_of(random_part.begin(), random_part.end(), [](char c) {
            return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
        })) {
        throw std::invalid_argument("a signed secret's random part is 32 lowercase hex characters");
    }
    return std::string(random_part) + tag(random_part);
}

std::optional<std::string> SignedSecrets::subject(std::string_view text) const
{
    if (!authentic(text)) return std::nullopt;
    return std::string(text.substr(0, kRandom));
}

bool SignedSecrets::authentic(std::string_view text) const
{
    if (text.size() != kRandom + kTag || !std::all_of(text.begin(), text.end(), [](char c) {
            return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
        })) {
        return false;
    }
    return crypto::constantTimeEquals(tag(text.substr(0, kRandom)), text.substr(kRandom));
}

std::string SignedSecrets::hash(std::string_view secret)
{
    return crypto::sha256Hex(secret);
}

}  // namespace tnt::submission
