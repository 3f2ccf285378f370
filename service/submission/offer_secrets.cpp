#include "service/submission/offer_secrets.h"

#include <algorithm>
#include <stdexcept>

#include "service/crypto/digest.h"
#include "service/crypto/random_secret.h"

namespace tnt::submission {
namespace {

constexpr std::size_t kRandom = 32;  // 128 bits
constexpr std::size_t kTag = 16;  // 64 bits

}  // namespace

OfferSecrets::OfferSecrets(std::string key) : key_(std::move(key))
{
    if (key_.empty()) throw std::invalid_argument("the offer key is empty");
}

std::string OfferSecrets::tag(std::string_view random_part) const
{
    // A purpose prefix: never equal to a receipt secret or a CSRF signature of the same text.
    return crypto::hmacSha256Hex(key_, "offer:" + std::string(random_part)).substr(0, kTag);
}

std::string OfferSecrets::issue() const
{
    const auto random_part = crypto::randomToken(kRandom, "0123456789abcdef");
    return random_part + tag(random_part);
}

bool OfferSecrets::authentic(std::string_view text) const
{
    if (text.size() != kRandom + kTag || !std::all_of(text.begin(), text.end(), [](char c) {
            return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
        })) {
        return false;
    }
    return crypto::constantTimeEquals(tag(text.substr(0, kRandom)), text.substr(kRandom));
}

std::string OfferSecrets::hash(std::string_view secret)
{
    return crypto::sha256Hex(secret);
}

}  // namespace tnt::submission
