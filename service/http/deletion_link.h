// The receipt's "delete my response" link (RGPD): /f/{slug}/supprimer/{id}/{signature}, where the
// signature is an HMAC-SHA-256 of the form and the response id under the service's secret key. Whoever
// holds the receipt link may delete that one response, and nobody can forge a link for another.
#pragma once

#include <string>
#include <string_view>

namespace tnt::http {

class DeletionLinks {
public:
    explicit DeletionLinks(std::string key);
    // The first line of `key_file` (the same secret as the CSRF tokens), or a random key when empty, in
    // which case links stop working at the next restart.
    static DeletionLinks fromKeyFile(const std::string& key_file);

    std::string path(std::string_view slug, std::string_view response_id) const;
    bool verify(std::string_view slug, std::string_view response_id, std::string_view signature) const;

private:
    std::string sign(std::string_view slug, std::string_view response_id) const;
    std::string key_;
};

}  // namespace tnt::http
