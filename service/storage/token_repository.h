// Pilot access tokens: only the SHA-256 of a secret is stored, so a database dump gives no access.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "service/access/access_token.h"
#include "service/storage/connection_pool.h"

namespace tnt::storage {

class TokenRepository {
public:
    explicit TokenRepository(ConnectionPool& pool) : pool_(pool) {}

    // Stores the token under the hash of `secret`; returns its id.
    long long create(const access::AccessToken& token, const std::string& secret_sha256);
    std::vector<access::AccessToken> list();
    // Revokes the active token with this id, or the active tokens with this name; returns how many.
    int revokeById(long long id);
    int revokeByName(const std::string& name);
    std::optional<access::AccessToken> findBySecretHash(const std::string& secret_sha256);

private:
    ConnectionPool& pool_;
};

}  // namespace tnt::storage
