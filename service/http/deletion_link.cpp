#include "service/http/deletion_link.h"

#include <fstream>
#include <stdexcept>

#include "service/crypto/digest.h"
#include "service/crypto/random_secret.h"

namespace tnt::http {

DeletionLinks::DeletionLinks(std::string key) : key_(std::move(key))
{
    if (key_.empty()) throw std::invalid_argument("the deletion link key is empty");
}

DeletionLinks DeletionLinks::fromKeyFile(const std::string& key_file)
{
    if (key_file.empty()) return DeletionLinks(crypto::randomToken(64));
    std::ifstream in(key_file);
    std::string line;
    if (!in || !std::getline(in, line) || line.empty()) {
        throw std::runtime_error("cannot read the secret key file " + key_file);
    }
    return DeletionLinks(line);
}

std::string DeletionLinks::sign(std::string_view slug, std::string_view response_id) const
{
    // A purpose prefix, so a deletion signature can never be replayed as a CSRF token or the reverse.
    return crypto::hmacSha256Hex(key_, "suppression\n" + std::string(slug) + "\n" + std::string(response_id));
}

std::string DeletionLinks::path(std::string_view slug, std::string_view response_id) const
{
    return "/f/" + std::string(slug) + "/supprimer/" + std::string(response_id) + "/" + sign(slug, response_id);
}

bool DeletionLinks::verify(std::string_view slug, std::string_view response_id, std::string_view signature) const
{
    return crypto::constantTimeEquals(sign(slug, response_id), signature);
}

}  // namespace tnt::http
