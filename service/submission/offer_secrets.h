// The secret of a place offered from a waitlist: the only right to accept or decline it. It is sent once,
// to the person offered the place (the offer e-mail's links), and stored only as its SHA-256. It is signed
// with the service's secret key, so that a link altered or made up is told apart from an offer that lapsed
// or was used: the first is refused (403), the second explained (410).
#pragma once

#include <string>
#include <string_view>

namespace tnt::submission {

class OfferSecrets {
public:
    // `key`: the service's secret key (crypto::readSecretKeyFile); not empty.
    explicit OfferSecrets(std::string key);

    // 48 characters of [0-9a-f]: 128 random bits, then a 64-bit tag of them under the key.
    std::string issue() const;
    // Whether `text` is a secret this service issued (its shape and its tag), checked before any lookup.
    bool authentic(std::string_view text) const;
    // What is stored and looked up: the SHA-256 of the secret, as lowercase hex.
    static std::string hash(std::string_view secret);

private:
    std::string tag(std::string_view random_part) const;

    std::string key_;
};

}  // namespace tnt::submission
