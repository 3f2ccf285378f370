#include "service/storage/statistics_repository.h"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <functional>
#include <memory>

#include "service/storage/lease_work.h"
#include "service/storage/transaction.h"

namespace tnt::storage {
namespace {

bool onlyForm(const ResponseFilter& f) { return !f.from && !f.to && f.groups.empty(); }

// Sums added from several sources (counters, pending responses), turned into AggregatedAnswers at the end.
struct Totals {
    std::map<long long, std::uint64_t> per_hour;
    std::map<std::string, std::map<std::string, std::uint64_t>> option_counts;
    std::map<std::string, std::map<double, std::uint64_t>> value_counts;
    std::map<std::string, std::uint64_t> respondents;

    AggregatedAnswers result() const
    {
        AggregatedAnswers out;
        for (const auto& [hour, n] : per_hour) {
            if (n == 0) continue;
            out.per_hour.emplace_back(std::chrono::sys_seconds(std::chrono::hours(hour)), n);
            out.responses += n;
        }
        for (const auto& [question, options] : option_counts) {
            for (const auto& [option, n] : options) {
                if (n != 0) out.option_counts[question][option] = n;
            }
        }
        for (const auto& [question, values] : value_counts) {
            for (const auto& [value, n] : values) {
                if (n != 0) out.value_counts[question].emplace_back(value, n);
            }
        }
        for (const auto& [question, n] : respondents) {
            if (n != 0) out.respondents[question] = n;
        }
        return out;
    }
};

// Where the rows to aggregate come from: the FROM and WHERE of the responses (alias r) and of their
// answer rows (alias a), with the binding of their placeholders.
struct Source {
    std::string responses;
    std::string answers;
    std::function<void(sql::PreparedStatement&)> bind;
};

void runQuery(ConnectionPool::Lease& lease, const Source& source, const std::string& sql,
              const std::function<void(sql::ResultSet&)>& each)
{
    auto& st = lease.prepare(sql);
    source.bind(st);
    std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
    while (rs->next()) each(*rs);
}

// Adds the aggregates of `source`'s rows to `totals`.
void addAggregates(ConnectionPool::Lease& lease, const Source& source, Totals& totals)
{
    runQuery(lease, source,
             "SELECT TIMESTAMPDIFF(HOUR, '1970-01-01 00:00:00', r.submitted_at) AS h, COUNT(*)" + source.responses +
                 " GROUP BY h",
             [&](sql::ResultSet& rs) { totals.per_hour[rs.getInt64(1)] += rs.getUInt64(2); });
    runQuery(lease, source,
             "SELECT a.question_key, a.option_key, COUNT(*)" + source.answers +
                 " AND a.option_key <> '' GROUP BY a.question_key, a.option_key",
             [&](sql::ResultSet& rs) { totals.option_counts[rs.getString(1)][rs.getString(2)] += rs.getUInt64(3); });
    runQuery(lease, source,
             "SELECT a.question_key, a.num_value, COUNT(*)" + source.answers +
                 " AND a.num_value IS NOT NULL GROUP BY a.question_key, a.num_value",
             [&](sql::ResultSet& rs) { totals.value_counts[rs.getString(1)][rs.getDouble(2)] += rs.getUInt64(3); });
    runQuery(lease, source,
             "SELECT a.question_key, COUNT(DISTINCT a.response_id)" + source.answers + " GROUP BY a.question_key",
             [&](sql::ResultSet& rs) { totals.respondents[rs.getString(1)] += rs.getUInt64(2); });
}

}  // namespace

// Unfiltered statistics: the counters (schema/0002_answer_counts.sql), a few hundred rows whatever the
// number of responses, plus the responses not yet folded into them (schema/0004_count_pending.sql), read
// in one snapshot so a fold committing meanwhile is seen whole or not at all.
AggregatedAnswers StatisticsRepository::fromCounters(unsigned form_id)
{
    return withLease(pool_, [&](ConnectionPool::Lease& lease) {
        Transaction snapshot(lease, Transaction::Kind::snapshot);
        Totals totals;
        auto bind_form = [form_id](sql::PreparedStatement& st) { st.setUInt(1, form_id); };
        runQuery(lease, {{}, {}, bind_form},
                 "SELECT hour, SUM(n) FROM response_counts WHERE form_id = ? GROUP BY hour",
                 [&](sql::ResultSet& rs) { totals.per_hour[rs.getInt64(1)] += static_cast<std::uint64_t>(rs.getInt64(2)); });
        runQuery(lease, {{}, {}, bind_form},
                 "SELECT question_key, kind, option_key, value_key, SUM(n) FROM answer_counts WHERE form_id = ? "
                 "GROUP BY question_key, kind, option_key, value_key",
                 [&](sql::ResultSet& rs) {
                     const auto n = static_cast<std::uint64_t>(rs.getInt64(5));
                     switch (rs.getInt(2)) {
                     case 0:
                         totals.respondents[rs.getString(1)] += n;
                         break;
                     case 1:
                         totals.option_counts[rs.getString(1)][rs.getString(3)] += n;
                         break;
                     default:
                         totals.value_counts[rs.getString(1)][rs.getDouble(4)] += n;
                         break;
                     }
                 });
        // STRAIGHT_JOIN: from the few pending rows to their answers, never from all the form's answers.
        addAggregates(lease,
                      {" FROM count_pending p STRAIGHT_JOIN responses r ON r.id = p.response_id WHERE r.form_id = ?",
                       " FROM count_pending p STRAIGHT_JOIN answers a ON a.response_id = p.response_id WHERE a.form_id = ?",
                       bind_form},
                      totals);
        snapshot.commit();
        return totals.result();
    });
}

AggregatedAnswers StatisticsRepository::aggregate(const ResponseFilter& filter)
{
    if (onlyForm(filter)) return fromCounters(filter.form_id);
    return scan(filter);
}

AggregatedAnswers StatisticsRepository::scan(const ResponseFilter& filter)
{
    return withLease(pool_, [&](ConnectionPool::Lease& lease) {
        Transaction snapshot(lease, Transaction::Kind::snapshot);
        Totals totals;
        addAggregates(lease,
                      {" FROM responses r WHERE " + filterSql(filter),
                       " FROM answers a JOIN responses r ON r.id = a.response_id WHERE " + filterSql(filter),
                       [&filter](sql::PreparedStatement& st) { bindFilter(st, filter, 1); }},
                      totals);
        snapshot.commit();
        return totals.result();
    });
}

}  // namespace tnt::storage
