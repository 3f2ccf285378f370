// A secret that grants one right, given once to its holder and stored only as its SHA-256: a place offered
// from a waitlist (purpose "offer": accept or decline it), a respondent's draft (purpose "draft": resume and
// change it). It is signed with the service's secret key under its purpose, so that a link altered or made
// up is told apart from one whose object lapsed or was used: the first is refused (403), the second
// explained (410); and a secret of one purpose is never authentic for another.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tnt::submission {

class SignedSecrets {
public:
    // `key`: the service's secret key (crypto::readSecretKeyFile); not empty. `purpose`: what the secrets
    // grant ("offer", "draft"), part of every tag.
    SignedSecrets(std::string key, std::string purpose);

    // 48 characters of [0-9a-f]: 128 random bits, then a 64-bit tag of them under the key.
    std::string issue() const;
    // The secret of given 128 bits (32 characters of [0-9a-f], else std::invalid_argument): for a link the
    // service must be able to write again, such as an invitation's, whose bits are kept (invitations.h).
    std::string sign(std::string_view random_part) const;
    // The 128 bits of an authentic secret (its first 32 characters); nullopt when it is not authentic.
    std::optional<std::string> subject(std::string_view text) const;
    // Whether `text` is a secret this service issued (its shape and its tag), checked before any lookup.
    bool authentic(std::string_view text) const;
    // What is stored and looked up: the SHA-256 of the secret, as lowercase hex.
    static std::string hash(std::string_view secret);

private:
    std::string tag(std::string_view random_part) const;

    std::string key_;
    std::string purpose_;
};

}  // namespace tnt::submission
