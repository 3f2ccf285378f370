#include "service/submission/receipt_secrets.h"

#include <algorithm>
#include <stdexcept>

#include "service/crypto/digest.h"
#include "service/crypto/random_secret.h"

namespace tnt::submission {
namespace {

constexpr std::size_t kLength = 40;  // 160 bits

}  // namespace

ReceiptSecrets::ReceiptSecrets(std::string key) : key_(std::move(key))
{
    if (key_.empty()) throw std::invalid_argument("the receipt key is empty");
}

std::string ReceiptSecrets::issue(std::string_view form_slug, const std::optional<std::string>& idempotency_key) const
{
    if (!idempotency_key) return crypto::randomToken(kLength, "0123456789abcdef");
    // A purpose prefix and a length-prefixed slug: never equal to a CSRF signature or another form's secret.
    std::string text = "receipt:" + std::to_string(form_slug.size()) + ":";
    text.append(form_slug).append("|").append(*idempotency_key);
    return crypto::hmacSha256Hex(key_, text).substr(0, kLength);
}

std::string ReceiptSecrets::hash(std::string_view secret)
{
    return crypto::sha256Hex(secret);
}

bool ReceiptSecrets::wellFormed(std::string_view text)
{
    return text.size() == kLength && std::all_of(text.begin(), text.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

}  // namespace tnt::submission
