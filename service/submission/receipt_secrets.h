// The respondent's receipt secret: the only right to see a receipt or to delete a response. It is given
// to the respondent once (the receipt link) and stored only as its SHA-256, so neither an export, nor a
// pilot, nor a copy of the database can rebuild a receipt link; the public response number, which pilots
// see in every export, grants nothing.
//
// With an idempotency key (the page's per-form token, an API client's Idempotency-Key) the secret is an
// HMAC of that key under the service's secret key, so a retried submission gets the same receipt link
// again; without one it is random. Whoever holds an idempotency key may therefore get the receipt by
// replaying: it is a secret of the client, never exported, like the receipt itself.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tnt::submission {

class ReceiptSecrets {
public:
    // `key`: the service's secret key (crypto::readSecretKeyFile); not empty.
    explicit ReceiptSecrets(std::string key);

    // 40 characters of [0-9a-f]: derived from (form, idempotency key) when there is a key, random otherwise.
    std::string issue(std::string_view form_slug, const std::optional<std::string>& idempotency_key) const;

    // What is stored and looked up: the SHA-256 of the secret, as lowercase hex.
    static std::string hash(std::string_view secret);

    // Whether `text` has the shape of a secret this class issues (checked before any lookup).
    static bool wellFormed(std::string_view text);

private:
    std::string key_;
};

}  // namespace tnt::submission
