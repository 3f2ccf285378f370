// Pilot access tokens: only the SHA-256 of a secret is stored, so a database dump gives no access.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "service/access/access_token.h"
#include "service/access/pilot_session.h"
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

    // The dashboard's sessions (access::PilotSession), under the hash of the cookie's session id.
    void createSession(long long token_id, const std::string& session_sha256, domain::TimePoint now);
    // The session and its token, whatever their state: the caller applies access::PilotSessionPolicy.
    std::optional<access::PilotSession> findSession(const std::string& session_sha256);
    void touchSession(const std::string& session_sha256, domain::TimePoint now);
    void deleteSession(const std::string& session_sha256);
    // Deletes the sessions last seen before `idle_cutoff` or created before `absolute_cutoff`; returns how many.
    int deleteSessionsBefore(domain::TimePoint idle_cutoff, domain::TimePoint absolute_cutoff);

private:
    ConnectionPool& pool_;
};

}  // namespace tnt::storage
