#include "service/storage/invitation_repository.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "service/storage/database_error.h"
#include "service/storage/lease_work.h"
#include "service/storage/outbox_repository.h"
#include "service/storage/sql_time.h"
#include "service/storage/transaction.h"

namespace tnt::storage {
namespace {

submission::InvitationState stateOf(const std::string& text)
{
    return submission::parseInvitationState(text).value_or(submission::InvitationState::invited);
}

std::string day(std::chrono::system_clock::time_point t)
{
    return toSqlDateTime(t).substr(0, 10);
}

}  // namespace

InvitationBatch InvitationRepository::add(const std::string& form_slug, const std::vector<NewInvitation>& batch,
                                          std::chrono::system_clock::time_point now, const InvitationMail& mail)
{
    return withLease(pool_, [&](ConnectionPool::Lease& lease) {
        InvitationBatch result;
        Transaction tx(lease);
        for (const auto& invitation : batch) {
            // The unique (form, address) key: a second invitation of the same address adds nothing.
            auto& st = lease.prepare(
                "INSERT INTO invitations (form_id, public_id, email, insee, departement, commune, mandate, "
                "invited_on) SELECT f.id, ?, ?, ?, ?, ?, ?, ? FROM forms f WHERE f.slug = ? "
                "ON DUPLICATE KEY UPDATE invitations.id = invitations.id");
            st.setString(1, invitation.public_id);
            st.setString(2, invitation.email);
            st.setString(3, invitation.insee);
            st.setString(4, invitation.departement);
            st.setString(5, invitation.commune);
            st.setString(6, invitation.mandate);
            st.setString(7, day(now));
            st.setString(8, form_slug);
            if (st.executeUpdate() == 0) {
                ++result.already;
                continue;
            }
            ++result.added;
            if (auto message = mail(invitation.public_id, invitation.email, invitation.commune)) {
                queueOutboxMail(lease, *message);
            }
        }
        tx.commit();
        return result;
    });
}

std::optional<submission::Invitation> InvitationRepository::find(const std::string& form_slug,
                                                                 const std::string& public_id)
{
    return withLease(pool_, [&](ConnectionPool::Lease& lease) -> std::optional<submission::Invitation> {
        auto& st = lease.prepare(
            "SELECT i.id, i.state, i.insee, i.departement, i.commune, i.mandate, i.unsubscribed FROM invitations i "
            "JOIN forms f ON f.id = i.form_id WHERE f.slug = ? AND i.public_id = ?");
        st.setString(1, form_slug);
        st.setString(2, public_id);
        std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
        if (!rs->next()) return std::nullopt;
        submission::Invitation found;
        found.id = rs->getUInt64(1);
        found.public_id = public_id;
        found.state = stateOf(rs->getString(2));
        found.insee = rs->getString(3);
        found.departement = rs->getString(4);
        found.commune = rs->getString(5);
        found.mandate = rs->getString(6);
        found.unsubscribed = rs->getBoolean(7);
        return found;
    });
}

void InvitationRepository::markStarted(std::uint64_t id)
{
    withLease(pool_, [&](ConnectionPool::Lease& lease) {
        auto& st = lease.prepare("UPDATE invitations SET state = 'started' WHERE id = ? AND state = 'invited'");
        st.setUInt64(1, id);
        st.executeUpdate();
    });
}

void InvitationRepository::markAnswered(std::uint64_t id)
{
    // Autocommit: its own transaction, after the response's; the row gets no time.
    withLease(pool_, [&](ConnectionPool::Lease& lease) {
        auto& st = lease.prepare("UPDATE invitations SET state = 'answered' WHERE id = ?");
        st.setUInt64(1, id);
        st.executeUpdate();
    });
}

bool InvitationRepository::unsubscribe(std::uint64_t id)
{
    return withLease(pool_, [&](ConnectionPool::Lease& lease) {
        auto& st = lease.prepare("UPDATE invitations SET unsubscribed = 1 WHERE id = ?");
        st.setUInt64(1, id);
        st.executeUpdate();
        auto& check = lease.prepare("SELECT 1 FROM invitations WHERE id = ?");
        check.setUInt64(1, id);
        std::unique_ptr<sql::ResultSet> rs(check.executeQuery());
        return rs->next();
    });
}

std::size_t InvitationRepository::remind(const std::string& form_slug, std::chrono::system_clock::time_point now,
                                         ReminderRule rule, std::size_t limit, bool dry_run, const InvitationMail& mail)
{
    // Due: not answered, not unsubscribed, reminded fewer than `max` times, not since `days` days. A
    // reminder queued now is not due again in this run (its time is `now`, to the microsecond).
    static const std::string due =
        "FROM invitations i JOIN forms f ON f.id = i.form_id WHERE f.slug = ? AND i.state <> 'answered' "
        "AND i.unsubscribed = 0 AND i.reminders < ? AND (i.last_reminded_at IS NULL OR i.last_reminded_at < ?)";
    const auto due_before = toSqlDateTime(now - std::chrono::hours(24) * rule.days);
    return withLease(pool_, [&](ConnectionPool::Lease& lease) -> std::size_t {
        if (dry_run) {  // a count, without locking anyone (the participation page asks on each view)
            auto& count = lease.prepare("SELECT COUNT(*) " + due);
            count.setString(1, form_slug);
            count.setInt(2, rule.max);
            count.setString(3, due_before);
            std::unique_ptr<sql::ResultSet> rs(count.executeQuery());
            return rs->next() ? static_cast<std::size_t>(rs->getUInt64(1)) : 0;
        }
        Transaction tx(lease);
        auto& st =
            lease.prepare("SELECT i.id, i.public_id, i.email, i.commune " + due + " ORDER BY i.id LIMIT ? FOR UPDATE");
        st.setString(1, form_slug);
        st.setInt(2, rule.max);
        st.setString(3, due_before);
        st.setUInt64(4, limit);
        std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
        std::vector<std::uint64_t> ids;
        std::vector<ReminderRecipient> recipients;
        while (rs->next()) {
            ids.push_back(rs->getUInt64(1));
            recipients.push_back({rs->getString(2), rs->getString(3), rs->getString(4)});
        }
        rs.reset();
        for (std::size_t i = 0; i < ids.size(); ++i) {
            const auto& r = recipients[i];
            if (auto message = mail(r.public_id, r.email, r.commune)) queueOutboxMail(lease, *message);
            auto& up =
                lease.prepare("UPDATE invitations SET reminders = reminders + 1, last_reminded_at = ? WHERE id = ?");
            up.setString(1, toSqlDateTime(now));
            up.setUInt64(2, ids[i]);
            up.executeUpdate();
        }
        tx.commit();
        return ids.size();
    });
}

std::size_t InvitationRepository::removeAll(const std::string& form_slug, bool dry_run)
{
    return withLease(pool_, [&](ConnectionPool::Lease& lease) -> std::size_t {
        auto& st = lease.prepare(dry_run ? "SELECT COUNT(*) FROM invitations i JOIN forms f ON f.id = i.form_id "
                                           "WHERE f.slug = ?"
                                         : "DELETE i FROM invitations i JOIN forms f ON f.id = i.form_id "
                                           "WHERE f.slug = ?");
        st.setString(1, form_slug);
        if (!dry_run) return static_cast<std::size_t>(st.executeUpdate());
        std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
        return rs->next() ? static_cast<std::size_t>(rs->getUInt64(1)) : 0;
    });
}

std::vector<ParticipationCount> InvitationRepository::participation(const std::string& form_slug)
{
    return withLease(pool_, [&](ConnectionPool::Lease& lease) {
        auto& st = lease.prepare(
            "SELECT i.departement, i.mandate, i.state, COUNT(*) FROM invitations i JOIN forms f ON f.id = i.form_id "
            "WHERE f.slug = ? GROUP BY i.departement, i.mandate, i.state ORDER BY i.departement, i.mandate");
        st.setString(1, form_slug);
        std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
        std::vector<ParticipationCount> counts;
        while (rs->next()) {
            counts.push_back({rs->getString(1), rs->getString(2), stateOf(rs->getString(3)), rs->getUInt64(4)});
        }
        return counts;
    });
}

}  // namespace tnt::storage
