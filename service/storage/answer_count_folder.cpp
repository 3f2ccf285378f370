#include "service/storage/answer_count_folder.h"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <cstdint>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>

#include "service/storage/answer_counts.h"
#include "service/storage/lease_work.h"
#include "service/storage/transaction.h"

namespace tnt::storage {
namespace {

constexpr int kAttempts = 4;

std::uint64_t newRunMark()
{
    thread_local std::mt19937_64 engine{std::random_device{}()};
    return engine() | 1;  // never 0
}

std::size_t foldRun(ConnectionPool::Lease& lease, std::size_t limit)
{
    // Read committed: the marking UPDATE below locks the pending rows it takes and no gap, so submissions
    // adding pending rows never wait for a fold (under repeatable read, the lock on the end of the table
    // held every submission back for the length of the fold). A deletion locks the same rows first, so a
    // response is either folded here or taken out by the deletion, never both. The sums and the deletion
    // then select the marked rows only: a pending row committed meanwhile waits for the next fold.
    Transaction tx(lease, Transaction::Kind::read_committed);
    const auto mark = newRunMark();
    auto& take = lease.prepare("UPDATE count_pending SET run = ? ORDER BY response_id LIMIT " + std::to_string(limit));
    take.setUInt64(1, mark);
    const auto count = static_cast<std::size_t>(take.executeUpdate());
    if (count == 0) return 0;
    // The answer rows of the run, summed here (a GROUP BY in SQL sorted every answer row through a
    // temporary table: a quarter of the database's CPU under load); the counters then get one upsert per
    // changed counter.
    auto& rows = lease.prepare(
        "SELECT r.id, r.form_id, TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', r.submitted_at), r.answer_rows "
        "FROM count_pending p STRAIGHT_JOIN responses r ON r.id = p.response_id WHERE p.run = ?");
    rows.setUInt64(1, mark);
    auto& groups = lease.prepare(
        "SELECT g.response_id, g.group_code FROM count_pending p STRAIGHT_JOIN registrations g "
        "ON g.response_id = p.response_id WHERE p.run = ? ORDER BY g.response_id, g.group_code");
    groups.setUInt64(1, mark);
    GroupSetsById sets;
    {
        std::unique_ptr<sql::ResultSet> rs(groups.executeQuery());
        sets = readGroupSets(*rs);
    }
    AnswerCountChanges counts;
    {
        std::unique_ptr<sql::ResultSet> rs(rows.executeQuery());
        counts.addResultRows(*rs, sets, +1);
    }
    counts.apply(lease);
    auto& done = lease.prepare("DELETE FROM count_pending WHERE run = ?");
    done.setUInt64(1, mark);
    if (static_cast<std::size_t>(done.executeUpdate()) != count) {
        throw std::logic_error("a fold deleted another number of pending rows than it marked");
    }
    tx.commit();
    return count;
}

}  // namespace

std::size_t AnswerCountFolder::foldOnce(std::size_t limit)
{
    for (int attempt = 1;; ++attempt) {
        try {
            return withLease(pool_, [&](ConnectionPool::Lease& lease) { return foldRun(lease, limit); });
        } catch (const DatabaseError& e) {
            if (e.kind() != DatabaseError::Kind::conflict || attempt == kAttempts) throw;
        }
    }
}

std::size_t AnswerCountFolder::foldAll(std::size_t run)
{
    std::size_t total = 0;
    while (true) {
        const auto n = foldOnce(run);
        total += n;
        if (n < run) return total;
    }
}

}  // namespace tnt::storage
