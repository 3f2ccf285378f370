#include "service/http/csrf.h"

#include <charconv>
#include <stdexcept>

#include "service/crypto/digest.h"
#include "service/crypto/random_secret.h"
#include "service/crypto/secret_key_file.h"

namespace tnt::http {

CsrfSigner::CsrfSigner(std::string key) : key_(std::move(key))
{
    if (key_.empty()) throw std::invalid_argument("the CSRF key is empty");
}

CsrfSigner CsrfSigner::fromKeyFile(const std::string& key_file)
{
    return CsrfSigner(crypto::readSecretKeyFile(key_file));
}

std::string CsrfSigner::sign(std::string_view scope, std::string_view issued, std::string_view nonce) const
{
    // Length-prefixed scope: no two (scope, time, nonce) triples share a signed text.
    std::string text = "csrf:" + std::to_string(scope.size()) + ":";
    text.append(scope).append("|").append(issued).append("|").append(nonce);
    return crypto::hmacSha256Hex(key_, text);
}

std::string CsrfSigner::issue(std::string_view scope, std::chrono::system_clock::time_point now) const
{
    const auto issued =
        std::to_string(std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
    const auto nonce = crypto::randomToken(16);
    return issued + "." + nonce + "." + sign(scope, issued, nonce);
}

CsrfCheck CsrfSigner::verify(std::string_view token, std::string_view scope,
                             std::chrono::system_clock::time_point now) const
{
    if (token.empty()) return CsrfCheck::missing;
    const auto first = token.find('.');
    const auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
    if (second == std::string_view::npos || token.size() > 256) return CsrfCheck::malformed;
    const auto issued = token.substr(0, first);
    const auto nonce = token.substr(first + 1, second - first - 1);
    const auto signature = token.substr(second + 1);
    long long seconds = 0;
    const auto [end, ec] = std::from_chars(issued.data(), issued.data() + issued.size(), seconds);
    if (ec != std::errc{} || end != issued.data() + issued.size() || nonce.empty()) return CsrfCheck::malformed;
    if (!crypto::constantTimeEquals(sign(scope, issued, nonce), signature)) return CsrfCheck::forged;
    const auto at = std::chrono::system_clock::time_point(std::chrono::seconds(seconds));
    if (now - at > max_age || at - now > max_skew) return CsrfCheck::expired;
    return CsrfCheck::valid;
}

}  // namespace tnt::http
