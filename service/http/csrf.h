// Signed CSRF tokens for the HTML posts: "<issued unix seconds>.<random nonce>.<HMAC-SHA-256 hex>" over the
// scope (a form's slug, "pilote" for the dashboard), the issue time and the nonce. Nothing is kept on the
// server: a token is good for its scope for 24 hours from its issue, whoever presents it — the cookie-less
// forms only need to prove the post came from a page this service rendered.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace tnt::http {

enum class CsrfCheck { valid, missing, malformed, forged, expired };

class CsrfSigner {
public:
    static constexpr std::chrono::hours max_age{24};
    // Tokens issued "in the future" by more than this (clock steps between restarts) are refused too.
    static constexpr std::chrono::minutes max_skew{5};

    explicit CsrfSigner(std::string key);
    // The first line of `key_file`, or a random key (tokens then die with the process) when it is empty.
    // Throws std::runtime_error naming the file when it cannot be read or is empty.
    static CsrfSigner fromKeyFile(const std::string& key_file);

    std::string issue(std::string_view scope, std::chrono::system_clock::time_point now) const;
    CsrfCheck verify(std::string_view token, std::string_view scope, std::chrono::system_clock::time_point now) const;

private:
    std::string sign(std::string_view scope, std::string_view issued, std::string_view nonce) const;

    std::string key_;
};

}  // namespace tnt::http
