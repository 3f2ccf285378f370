#include "service/storage/response_deletion.h"

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <set>
#include <vector>

#include "service/storage/answer_counts.h"
#include "service/storage/registration_state_counts.h"
#include "service/storage/database_error.h"
#include "service/storage/lease_work.h"
#include "service/storage/sql_time.h"
#include "service/storage/transaction.h"

namespace tnt::storage {
namespace {

std::string idList(std::size_t n)
{
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s += i == 0 ? "?" : ", ?";
    return s;
}

// The response ids a bound query selects (its first column).
std::vector<std::uint64_t> selectIds(sql::PreparedStatement& st)
{
    std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
    std::vector<std::uint64_t> out;
    while (rs->next()) out.push_back(rs->getUInt64(1));
    return out;
}

std::vector<std::uint64_t> lockedIds(sql::Connection& c, const std::string& sql, const std::vector<std::uint64_t>& ids)
{
    std::unique_ptr<sql::PreparedStatement> st(c.prepareStatement(sql + " IN (" + idList(ids.size()) + ") FOR UPDATE"));
    for (std::size_t i = 0; i < ids.size(); ++i) st->setUInt64(static_cast<int>(i) + 1, ids[i]);
    return selectIds(*st);
}

// Within an open transaction: takes the `candidates` that still exist out of the statistics counters
// (unless they are still waiting to be counted), gives the groups their places back, writes a line per
// response in the deletion log (`who` and `why`, no answer), then deletes them.
// Returns how many were deleted. Locks in the folder's order — the pending rows, then the responses — so
// a deletion and a fold never deadlock; under read committed, so no gap lock holds back the submissions'
// pending rows meanwhile.
std::size_t deleteIds(ConnectionPool::Lease& lease, const std::vector<std::uint64_t>& candidates,
                      const std::string& who, const std::string& why)
{
    if (candidates.empty()) return 0;
    auto& c = lease.connection();
    const auto pending_list = lockedIds(c, "SELECT response_id FROM count_pending WHERE response_id", candidates);
    const std::set<std::uint64_t> pending(pending_list.begin(), pending_list.end());
    const auto ids = lockedIds(c, "SELECT id FROM responses WHERE id", candidates);
    if (ids.empty()) return 0;
    {
        std::unique_ptr<sql::PreparedStatement> rows(c.prepareStatement(
            "SELECT r.id, r.form_id, TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', r.submitted_at), "
            "r.answer_rows FROM responses r WHERE r.id IN (" +
            idList(ids.size()) + ")"));
        for (std::size_t i = 0; i < ids.size(); ++i) rows->setUInt64(static_cast<int>(i) + 1, ids[i]);
        std::unique_ptr<sql::PreparedStatement> groups(
            c.prepareStatement("SELECT response_id, group_code FROM registrations WHERE response_id IN (" +
                               idList(ids.size()) + ") ORDER BY response_id, group_code"));
        for (std::size_t i = 0; i < ids.size(); ++i) groups->setUInt64(static_cast<int>(i) + 1, ids[i]);
        GroupSetsById sets;
        {
            std::unique_ptr<sql::ResultSet> rs(groups->executeQuery());
            sets = readGroupSets(*rs);
        }
        std::unique_ptr<sql::ResultSet> rs(rows->executeQuery());
        AnswerCountChanges counts;
        counts.addResultRows(*rs, sets, -1, [&pending](std::uint64_t id) { return pending.contains(id); });
        if (!counts.empty()) counts.apply(lease);
    }
    std::unique_ptr<sql::PreparedStatement> places(
        c.prepareStatement("SELECT group_code, SUM(state IN ('registered', 'offered')), SUM(state = 'waitlisted') "
                           "FROM registrations WHERE response_id IN (" +
                           idList(ids.size()) + ") GROUP BY group_code ORDER BY group_code"));
    for (std::size_t i = 0; i < ids.size(); ++i) places->setUInt64(static_cast<int>(i) + 1, ids[i]);
    std::unique_ptr<sql::ResultSet> rs(places->executeQuery());
    // The places held and the places on the waitlists go back; a place freed while people wait is offered
    // to the first of them by the offers' sweep (RegistrationRepository::sweep).
    std::unique_ptr<sql::PreparedStatement> release(
        c.prepareStatement("UPDATE project_groups SET registered = GREATEST(CAST(registered AS SIGNED) - ?, 0), "
                           "waitlisted = GREATEST(CAST(waitlisted AS SIGNED) - ?, 0) WHERE code = ?"));
    while (rs->next()) {
        release->setUInt64(1, rs->getUInt64(2));
        release->setUInt64(2, rs->getUInt64(3));
        release->setString(3, rs->getString(1));
        release->executeUpdate();
    }
    // The sign-ups leave their form's counters, after their groups' rows were locked above.
    std::unique_ptr<sql::PreparedStatement> signups(
        c.prepareStatement("SELECT form_id, group_code, state, COUNT(*) FROM registrations WHERE response_id IN (" +
                           idList(ids.size()) + ") GROUP BY form_id, group_code, state"));
    for (std::size_t i = 0; i < ids.size(); ++i) signups->setUInt64(static_cast<int>(i) + 1, ids[i]);
    RegistrationCountChanges signup_counts;
    {
        std::unique_ptr<sql::ResultSet> counted(signups->executeQuery());
        while (counted->next()) {
            signup_counts[{counted->getUInt(1), counted->getString(2), counted->getString(3)}] -= counted->getInt64(4);
        }
    }
    applyRegistrationCounts(lease, signup_counts);
    std::unique_ptr<sql::PreparedStatement> audit(c.prepareStatement(
        "INSERT INTO deletion_log (form_id, response_public_id, submitted_at, deleted_by, reason, deleted_at) "
        "SELECT form_id, public_id, submitted_at, ?, ?, UTC_TIMESTAMP(6) FROM responses WHERE id IN (" +
        idList(ids.size()) + ") ORDER BY id"));
    audit->setString(1, who);
    audit->setString(2, why);
    for (std::size_t i = 0; i < ids.size(); ++i) audit->setUInt64(static_cast<int>(i) + 3, ids[i]);
    audit->executeUpdate();
    std::unique_ptr<sql::PreparedStatement> remove(
        c.prepareStatement("DELETE FROM responses WHERE id IN (" + idList(ids.size()) + ")"));
    for (std::size_t i = 0; i < ids.size(); ++i) remove->setUInt64(static_cast<int>(i) + 1, ids[i]);
    remove->executeUpdate();
    return ids.size();
}

}  // namespace

std::uint64_t ResponseDeletion::purgeOlderThan(const std::string& form_slug,
                                               std::chrono::system_clock::time_point before, bool dry_run,
                                               const std::string& why, std::size_t batch)
{
    const auto cutoff = toSqlDateTime(before);
    if (dry_run) {
        return withLease(pool_, [&](ConnectionPool::Lease& lease) {
            auto& st = lease.prepare(
                "SELECT COUNT(*) FROM responses r JOIN forms f ON f.id = r.form_id WHERE f.slug = ? AND r.submitted_at "
                "< ?");
            st.setString(1, form_slug);
            st.setString(2, cutoff);
            std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
            rs->next();
            return static_cast<std::uint64_t>(rs->getUInt64(1));
        });
    }
    std::uint64_t deleted = 0;
    while (true) {
        const auto n = withLease(pool_, [&](ConnectionPool::Lease& lease) {
            Transaction tx(lease, Transaction::Kind::read_committed);
            auto& st = lease.prepare(
                "SELECT r.id FROM responses r JOIN forms f ON f.id = r.form_id WHERE f.slug = ? AND r.submitted_at < ? "
                "ORDER BY r.id LIMIT " +
                std::to_string(batch));
            st.setString(1, form_slug);
            st.setString(2, cutoff);
            const auto ids = selectIds(st);
            const auto removed = deleteIds(lease, ids, "purge", why);
            tx.commit();
            return std::pair{ids.size(), removed};
        });
        deleted += n.second;
        if (n.first < batch) return deleted;
    }
}

ReceiptState ResponseDeletion::deleteByReceipt(const std::string& form_slug, const std::string& receipt_hash)
{
    return withLease(pool_, [&](ConnectionPool::Lease& lease) {
        Transaction tx(lease, Transaction::Kind::read_committed);
        auto& st = lease.prepare(
            "SELECT r.id, r.form_id FROM responses r JOIN forms f ON f.id = r.form_id "
            "WHERE f.slug = ? AND r.receipt_hash = ?");
        st.setString(1, form_slug);
        st.setString(2, receipt_hash);
        std::vector<std::uint64_t> ids;
        unsigned form_id = 0;
        {
            std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
            while (rs->next()) {
                ids.push_back(rs->getUInt64(1));
                form_id = rs->getUInt(2);
            }
        }
        if (deleteIds(lease, ids, "repondant", "lien de suppression du récépissé") == 0)
            return ReceiptRepository::find(lease, form_slug, receipt_hash).state;
        ReceiptRepository::recordDeleted(lease, form_id, receipt_hash);
        tx.commit();
        return ReceiptState::found;
    });
}

}  // namespace tnt::storage
