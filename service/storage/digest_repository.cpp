#include "service/storage/digest_repository.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <algorithm>
#include <map>
#include <memory>

#include "service/storage/lease_work.h"
#include "service/storage/sql_time.h"
#include "service/storage/transaction.h"

namespace tnt::storage {

std::size_t DigestRepository::queueDue(
    std::chrono::seconds every,
    const std::function<std::optional<submission::OutgoingMail>(const DigestPeriod&)>& compose)
{
    return withLease(pool_, [&](ConnectionPool::Lease& c) {
        Transaction tx(c, Transaction::Kind::read_committed);
        std::string now;
        {
            std::unique_ptr<sql::ResultSet> rs(c.prepare("SELECT UTC_TIMESTAMP(6)").executeQuery());
            rs->next();
            now = rs->getString(1);
        }
        auto& due = c.prepare(
            "SELECT id, name, scopes, notify_email, digest_until FROM access_tokens "
            "WHERE notify_email IS NOT NULL AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?) "
            "AND digest_until <= ? - INTERVAL ? SECOND ORDER BY id LIMIT 50 FOR UPDATE SKIP LOCKED");
        due.setString(1, now);
        due.setString(2, now);
        due.setInt64(3, every.count());
        std::vector<DigestPeriod> periods;
        {
            std::unique_ptr<sql::ResultSet> rs(due.executeQuery());
            while (rs->next()) {
                DigestPeriod p;
                p.token.id = rs->getInt64(1);
                p.token.name = rs->getString(2);
                access::parseScopeText(p.token, rs->getString(3));
                p.token.notify_email = rs->getString(4);
                p.since = fromSqlDateTime(rs->getString(5));
                p.until = fromSqlDateTime(now);
                periods.push_back(std::move(p));
            }
        }
        auto& counts = c.prepare(
            "SELECT f.slug, r.group_code, COUNT(*) FROM registrations r "
            "JOIN responses s ON s.id = r.response_id JOIN forms f ON f.id = r.form_id "
            "WHERE s.submitted_at > ? AND s.submitted_at <= ? GROUP BY f.slug, r.group_code");
        auto& insert = c.prepare(
            "INSERT INTO outbox (message_id, kind, response_id, recipient, payload, created_at, next_attempt_at) "
            "VALUES (?, ?, NULL, ?, ?, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))");
        auto& close = c.prepare("UPDATE access_tokens SET digest_until = ? WHERE id = ?");
        std::size_t queued = 0;
        for (auto& p : periods) {
            counts.setString(1, toSqlDateTime(p.since));
            counts.setString(2, now);
            std::map<std::string, std::uint64_t> by_group;
            {
                std::unique_ptr<sql::ResultSet> rs(counts.executeQuery());
                while (rs->next()) {
                    const std::string slug = rs->getString(1);
                    const std::string group = rs->getString(2);
                    if (!p.token.canReadForm(slug)) continue;
                    if (!p.token.groups.empty() &&
                        std::find(p.token.groups.begin(), p.token.groups.end(), group) == p.token.groups.end()) {
                        continue;
                    }
                    by_group[group] += rs->getUInt64(3);
                }
            }
            p.registrations.assign(by_group.begin(), by_group.end());
            if (const auto mail = compose(p)) {
                insert.setString(1, mail->message_id);
                insert.setString(2, mail->kind);
                insert.setString(3, mail->recipient);
                insert.setString(4, mail->payload);
                insert.executeUpdate();
                ++queued;
            }
            close.setString(1, now);
            close.setInt64(2, p.token.id);
            close.executeUpdate();
        }
        tx.commit();
        return queued;
    });
}

}  // namespace tnt::storage
