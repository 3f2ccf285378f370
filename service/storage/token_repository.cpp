#include "service/storage/token_repository.h"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "service/crypto/digest.h"
#include "service/storage/database_error.h"
#include "service/storage/lease_work.h"
#include "service/storage/sql_time.h"

namespace tnt::storage {
namespace {

constexpr const char* kColumns = "id, name, scopes, created_at, expires_at, revoked_at, secret_sha256, notify_email";

std::optional<domain::TimePoint> optionalTime(sql::ResultSet& rs, int column)
{
    if (rs.isNull(column)) return std::nullopt;
    return fromSqlDateTime(rs.getString(column));
}

// Columns 1–6 as kColumns lists them; column 8 is notify_email when `with_notify` (kColumns' queries).
access::AccessToken readToken(sql::ResultSet& rs, bool with_notify = true)
{
    access::AccessToken t;
    t.id = rs.getInt64(1);
    t.name = rs.getString(2);
    access::parseScopeText(t, rs.getString(3));
    t.created_at = optionalTime(rs, 4);
    t.expires_at = optionalTime(rs, 5);
    t.revoked_at = optionalTime(rs, 6);
    if (with_notify && !rs.isNull(8)) t.notify_email = rs.getString(8);
    return t;
}

}  // namespace

long long TokenRepository::create(const access::AccessToken& token, const std::string& secret_sha256)
{
    return withLease(pool_, [&](ConnectionPool::Lease& lease) {
        // A digest covers what came after the token: its first period starts now.
        auto& st = lease.prepare(
            "INSERT INTO access_tokens (name, secret_sha256, scopes, expires_at, notify_email, digest_until) "
            "VALUES (?, ?, ?, ?, ?, IF(? IS NULL, NULL, UTC_TIMESTAMP(6)))");
        st.setString(1, token.name);
        st.setString(2, secret_sha256);
        st.setString(3, token.scopeText());
        if (token.expires_at) {
            st.setString(4, toSqlDateTime(*token.expires_at));
        } else {
            st.setNull(4, 0);
        }
        for (int i : {5, 6}) {
            if (token.notify_email.empty()) {
                st.setNull(i, 0);
            } else {
                st.setString(i, token.notify_email);
            }
        }
        st.executeUpdate();
        std::unique_ptr<sql::ResultSet> rs(lease.prepare("SELECT LAST_INSERT_ID()").executeQuery());
        rs->next();
        return static_cast<long long>(rs->getInt64(1));
    });
}

std::vector<access::AccessToken> TokenRepository::list()
{
    return withLease(pool_, [&](ConnectionPool::Lease& lease) {
        std::unique_ptr<sql::ResultSet> rs(
            lease.prepare(std::string("SELECT ") + kColumns + " FROM access_tokens ORDER BY id").executeQuery());
        std::vector<access::AccessToken> tokens;
        while (rs->next()) tokens.push_back(readToken(*rs));
        return tokens;
    });
}

int TokenRepository::revokeById(long long id)
{
    return withLease(pool_, [&](ConnectionPool::Lease& lease) {
        auto& st =
            lease.prepare("UPDATE access_tokens SET revoked_at = UTC_TIMESTAMP(6) WHERE revoked_at IS NULL AND id = ?");
        st.setInt64(1, id);
        return st.executeUpdate();
    });
}

int TokenRepository::revokeByName(const std::string& name)
{
    return withLease(pool_, [&](ConnectionPool::Lease& lease) {
        auto& st = lease.prepare(
            "UPDATE access_tokens SET revoked_at = UTC_TIMESTAMP(6) WHERE revoked_at IS NULL AND name = ?");
        st.setString(1, name);
        return st.executeUpdate();
    });
}

std::optional<access::AccessToken> TokenRepository::findBySecretHash(const std::string& secret_sha256)
{
    return withLease(pool_, [&](ConnectionPool::Lease& lease) -> std::optional<access::AccessToken> {
        auto& st = lease.prepare(std::string("SELECT ") + kColumns + " FROM access_tokens WHERE secret_sha256 = ?");
        st.setString(1, secret_sha256);
        std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
        if (!rs->next()) return std::nullopt;
        // The index found the row; compare the stored hash in constant time all the same, so the answer's
        // timing never depends on how much of a guessed hash matched.
        if (!crypto::constantTimeEquals(std::string(rs->getString(7)), secret_sha256)) return std::nullopt;
        return readToken(*rs);
    });
}

void TokenRepository::createSession(long long token_id, const std::string& session_sha256, domain::TimePoint now)
{
    withLease(pool_, [&](ConnectionPool::Lease& lease) {
        auto& st = lease.prepare(
            "INSERT INTO pilot_sessions (session_sha256, token_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)");
        st.setString(1, session_sha256);
        st.setInt64(2, token_id);
        st.setString(3, toSqlDateTime(now));
        st.setString(4, toSqlDateTime(now));
        st.executeUpdate();
    });
}

std::optional<access::PilotSession> TokenRepository::findSession(const std::string& session_sha256)
{
    return withLease(pool_, [&](ConnectionPool::Lease& lease) -> std::optional<access::PilotSession> {
        auto& st = lease.prepare(
            "SELECT t.id, t.name, t.scopes, t.created_at, t.expires_at, t.revoked_at, s.session_sha256, "
            "s.created_at, s.last_seen_at FROM pilot_sessions s JOIN access_tokens t ON t.id = s.token_id "
            "WHERE s.session_sha256 = ?");
        st.setString(1, session_sha256);
        std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
        if (!rs->next()) return std::nullopt;
        if (!crypto::constantTimeEquals(std::string(rs->getString(7)), session_sha256)) return std::nullopt;
        access::PilotSession session;
        session.token = readToken(*rs, false);
        session.created_at = fromSqlDateTime(rs->getString(8));
        session.last_seen_at = fromSqlDateTime(rs->getString(9));
        return session;
    });
}

void TokenRepository::touchSession(const std::string& session_sha256, domain::TimePoint now)
{
    withLease(pool_, [&](ConnectionPool::Lease& lease) {
        auto& st = lease.prepare(
            "UPDATE pilot_sessions SET last_seen_at = GREATEST(last_seen_at, ?) WHERE session_sha256 = ?");
        st.setString(1, toSqlDateTime(now));
        st.setString(2, session_sha256);
        st.executeUpdate();
    });
}

void TokenRepository::deleteSession(const std::string& session_sha256)
{
    withLease(pool_, [&](ConnectionPool::Lease& lease) {
        auto& st = lease.prepare("DELETE FROM pilot_sessions WHERE session_sha256 = ?");
        st.setString(1, session_sha256);
        st.executeUpdate();
    });
}

int TokenRepository::deleteSessionsBefore(domain::TimePoint idle_cutoff, domain::TimePoint absolute_cutoff)
{
    return withLease(pool_, [&](ConnectionPool::Lease& lease) {
        auto& st = lease.prepare("DELETE FROM pilot_sessions WHERE last_seen_at <= ? OR created_at <= ?");
        st.setString(1, toSqlDateTime(idle_cutoff));
        st.setString(2, toSqlDateTime(absolute_cutoff));
        return st.executeUpdate();
    });
}

}  // namespace tnt::storage
