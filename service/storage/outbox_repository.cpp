#include "service/storage/outbox_repository.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "service/storage/lease_work.h"
#include "service/storage/transaction.h"

namespace tnt::storage {
namespace {

std::string clipped(const std::string& error)
{
    return error.size() <= 250 ? error : error.substr(0, 250);
}

}  // namespace

void queueOutboxMail(ConnectionPool::Lease& lease, const submission::OutgoingMail& mail,
                     std::optional<std::uint64_t> response_id)
{
    auto& st = lease.prepare(
        "INSERT INTO outbox (message_id, kind, response_id, recipient, payload, created_at, next_attempt_at) "
        "VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))");
    st.setString(1, mail.message_id);
    st.setString(2, mail.kind);
    if (response_id) {
        st.setUInt64(3, *response_id);
    } else {
        st.setNull(3, 0);
    }
    st.setString(4, mail.recipient);
    st.setString(5, mail.payload);
    st.executeUpdate();
}

std::vector<OutboxMessage> OutboxRepository::claimDue(std::size_t limit, std::chrono::seconds lease)
{
    return withLease(pool_, [&](ConnectionPool::Lease& c) {
        Transaction tx(c, Transaction::Kind::read_committed);
        auto& select = c.prepare(
            "SELECT id, message_id, kind, recipient, payload, attempts, "
            "TIMESTAMPDIFF(SECOND, created_at, UTC_TIMESTAMP(3)) FROM outbox "
            "WHERE state = 'pending' AND next_attempt_at <= UTC_TIMESTAMP(3) "
            "ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED");
        select.setUInt(1, static_cast<unsigned>(limit));
        std::vector<OutboxMessage> claimed;
        {
            std::unique_ptr<sql::ResultSet> rs(select.executeQuery());
            while (rs->next()) {
                OutboxMessage m;
                m.id = rs->getUInt64(1);
                m.message_id = rs->getString(2);
                m.kind = rs->getString(3);
                m.recipient = rs->getString(4);
                m.payload = rs->getString(5);
                m.attempts = rs->getUInt(6) + 1;
                m.age = std::chrono::seconds(rs->getInt64(7));
                claimed.push_back(std::move(m));
            }
        }
        auto& take = c.prepare(
            "UPDATE outbox SET attempts = attempts + 1, "
            "next_attempt_at = UTC_TIMESTAMP(3) + INTERVAL ? SECOND WHERE id = ?");
        for (const auto& m : claimed) {
            take.setInt64(1, lease.count());
            take.setUInt64(2, m.id);
            take.executeUpdate();
        }
        tx.commit();
        return claimed;
    });
}

void OutboxRepository::markSent(std::uint64_t id)
{
    withLease(pool_, [&](ConnectionPool::Lease& c) {
        auto& st = c.prepare(
            "UPDATE outbox SET state = 'sent', finished_at = UTC_TIMESTAMP(3), payload = NULL, recipient = '', "
            "last_error = NULL WHERE id = ?");
        st.setUInt64(1, id);
        st.executeUpdate();
    });
}

void OutboxRepository::markRetry(std::uint64_t id, std::chrono::milliseconds delay, const std::string& error)
{
    withLease(pool_, [&](ConnectionPool::Lease& c) {
        auto& st = c.prepare(
            "UPDATE outbox SET next_attempt_at = UTC_TIMESTAMP(3) + INTERVAL ? MICROSECOND, last_error = ? "
            "WHERE id = ? AND state = 'pending'");
        st.setInt64(1, std::chrono::duration_cast<std::chrono::microseconds>(delay).count());
        st.setString(2, clipped(error));
        st.setUInt64(3, id);
        st.executeUpdate();
    });
}

void OutboxRepository::markFailed(std::uint64_t id, const std::string& error)
{
    withLease(pool_, [&](ConnectionPool::Lease& c) {
        auto& st = c.prepare(
            "UPDATE outbox SET state = 'failed', finished_at = UTC_TIMESTAMP(3), payload = NULL, recipient = '', "
            "last_error = ? WHERE id = ?");
        st.setString(1, clipped(error));
        st.setUInt64(2, id);
        st.executeUpdate();
    });
}

OutboxDepth OutboxRepository::depth()
{
    return withLease(pool_, [&](ConnectionPool::Lease& c) {
        auto& st = c.prepare(
            "SELECT COUNT(*), COALESCE(MAX(CASE WHEN next_attempt_at <= UTC_TIMESTAMP(3) THEN "
            "TIMESTAMPDIFF(SECOND, next_attempt_at, UTC_TIMESTAMP(3)) END), 0) FROM outbox WHERE state = 'pending'");
        std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
        OutboxDepth d;
        if (rs->next()) {
            d.pending = rs->getUInt64(1);
            d.oldest_due = std::chrono::seconds(rs->getInt64(2));
        }
        return d;
    });
}

}  // namespace tnt::storage
