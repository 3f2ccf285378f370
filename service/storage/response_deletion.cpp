#include "service/storage/response_deletion.h"

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>
#include <vector>

#include "service/storage/answer_counts.h"
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

// Within an open transaction: takes the responses out of the statistics counters, gives the groups their
// places back, then deletes the responses.
void deleteIds(ConnectionPool::Lease& lease, const std::vector<std::uint64_t>& ids)
{
    if (ids.empty()) return;
    auto& c = lease.connection();
    {
        std::unique_ptr<sql::PreparedStatement> rows(c.prepareStatement(
            "SELECT r.id, r.form_id, TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', r.submitted_at), "
            "a.question_key, a.option_key, a.num_value FROM responses r LEFT JOIN answers a ON a.response_id = r.id "
            "WHERE r.id IN (" + idList(ids.size()) + ") ORDER BY r.id"));
        for (std::size_t i = 0; i < ids.size(); ++i) rows->setUInt64(static_cast<int>(i) + 1, ids[i]);
        std::unique_ptr<sql::ResultSet> rs(rows->executeQuery());
        AnswerCountChanges counts;
        std::uint64_t current = 0;
        unsigned form_id = 0;
        std::chrono::system_clock::time_point submitted_at;
        std::vector<domain::AnswerRow> answers;
        auto flush = [&] {
            if (current != 0) counts.addResponse(form_id, submitted_at, answers, -1);
            answers.clear();
        };
        while (rs->next()) {
            if (rs->getUInt64(1) != current) {
                flush();
                current = rs->getUInt64(1);
                form_id = rs->getUInt(2);
                submitted_at = std::chrono::system_clock::time_point(std::chrono::microseconds(rs->getInt64(3)));
            }
            if (rs->isNull(4)) continue;
            domain::AnswerRow row;
            row.question_key = rs->getString(4);
            row.option_key = rs->getString(5);
            if (!rs->isNull(6)) row.number = rs->getDouble(6);
            answers.push_back(std::move(row));
        }
        flush();
        counts.apply(lease);
    }
    std::unique_ptr<sql::PreparedStatement> places(c.prepareStatement(
        "SELECT group_code, COUNT(*) FROM registrations WHERE response_id IN (" + idList(ids.size()) +
        ") GROUP BY group_code ORDER BY group_code"));
    for (std::size_t i = 0; i < ids.size(); ++i) places->setUInt64(static_cast<int>(i) + 1, ids[i]);
    std::unique_ptr<sql::ResultSet> rs(places->executeQuery());
    std::unique_ptr<sql::PreparedStatement> release(
        c.prepareStatement("UPDATE project_groups SET registered = GREATEST(CAST(registered AS SIGNED) - ?, 0) WHERE code = ?"));
    while (rs->next()) {
        release->setUInt64(1, rs->getUInt64(2));
        release->setString(2, rs->getString(1));
        release->executeUpdate();
    }
    std::unique_ptr<sql::PreparedStatement> remove(
        c.prepareStatement("DELETE FROM responses WHERE id IN (" + idList(ids.size()) + ")"));
    for (std::size_t i = 0; i < ids.size(); ++i) remove->setUInt64(static_cast<int>(i) + 1, ids[i]);
    remove->executeUpdate();
}

}  // namespace

std::uint64_t ResponseDeletion::purgeOlderThan(const std::string& form_slug,
                                               std::chrono::system_clock::time_point before, bool dry_run,
                                               std::size_t batch)
{
    const auto cutoff = toSqlDateTime(before);
    if (dry_run) {
        return withLease(pool_, [&](ConnectionPool::Lease& lease) {
            auto& st = lease.prepare(
                "SELECT COUNT(*) FROM responses r JOIN forms f ON f.id = r.form_id WHERE f.slug = ? AND r.submitted_at < ?");
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
            Transaction tx(lease);
            auto& st = lease.prepare(
                "SELECT r.id FROM responses r JOIN forms f ON f.id = r.form_id WHERE f.slug = ? AND r.submitted_at < ? "
                "ORDER BY r.id LIMIT " + std::to_string(batch) + " FOR UPDATE");
            st.setString(1, form_slug);
            st.setString(2, cutoff);
            std::vector<std::uint64_t> ids;
            {
                std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
                while (rs->next()) ids.push_back(rs->getUInt64(1));
            }
            deleteIds(lease, ids);
            tx.commit();
            return ids.size();
        });
        deleted += n;
        if (n < batch) return deleted;
    }
}

bool ResponseDeletion::deleteByPublicId(const std::string& form_slug, const std::string& public_id)
{
    return withLease(pool_, [&](ConnectionPool::Lease& lease) {
        Transaction tx(lease);
        auto& st = lease.prepare(
            "SELECT r.id FROM responses r JOIN forms f ON f.id = r.form_id WHERE f.slug = ? AND r.public_id = ? FOR UPDATE");
        st.setString(1, form_slug);
        st.setString(2, public_id);
        std::vector<std::uint64_t> ids;
        {
            std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
            while (rs->next()) ids.push_back(rs->getUInt64(1));
        }
        deleteIds(lease, ids);
        tx.commit();
        return !ids.empty();
    });
}

}  // namespace tnt::storage
