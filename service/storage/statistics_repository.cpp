#include "service/storage/statistics_repository.h"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

#include "service/storage/database_error.h"

namespace tnt::storage {
namespace {

bool onlyForm(const ResponseFilter& f) { return !f.from && !f.to && f.groups.empty(); }

// FROM clause and WHERE for answer rows under the filter: the answers' own index when the filter is the
// form alone, a join on the responses otherwise.
std::string answersFrom(const ResponseFilter& f)
{
    if (onlyForm(f)) return " FROM answers a WHERE a.form_id = ?";
    return " FROM answers a JOIN responses r ON r.id = a.response_id WHERE " + filterSql(f);
}

int bind(sql::PreparedStatement& st, const ResponseFilter& f)
{
    if (onlyForm(f)) {
        st.setUInt(1, f.form_id);
        return 2;
    }
    return bindFilter(st, f, 1);
}

}  // namespace

// Unfiltered statistics from the counters (schema/0002_answer_counts.sql): a few hundred rows whatever
// the number of responses.
AggregatedAnswers StatisticsRepository::fromCounters(unsigned form_id)
{
    auto lease = pool_.acquire();
    AggregatedAnswers out;
    try {
        {
            auto& st = lease.prepare(
                "SELECT hour, SUM(n) AS total FROM response_counts WHERE form_id = ? GROUP BY hour HAVING total <> 0 "
                "ORDER BY hour");
            st.setUInt(1, form_id);
            std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
            while (rs->next()) {
                const auto n = static_cast<std::uint64_t>(rs->getInt64(2));
                out.per_hour.emplace_back(std::chrono::sys_seconds(std::chrono::hours(rs->getInt64(1))), n);
                out.responses += n;
            }
        }
        auto& st = lease.prepare(
            "SELECT question_key, kind, option_key, value_key, SUM(n) AS total FROM answer_counts WHERE form_id = ? "
            "GROUP BY question_key, kind, option_key, value_key HAVING total <> 0");
        st.setUInt(1, form_id);
        std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
        while (rs->next()) {
            const auto n = static_cast<std::uint64_t>(rs->getInt64(5));
            switch (rs->getInt(2)) {
            case 0:
                out.respondents[rs->getString(1)] = n;
                break;
            case 1:
                out.option_counts[rs->getString(1)][rs->getString(3)] = n;
                break;
            default:
                out.value_counts[rs->getString(1)].emplace_back(rs->getDouble(4), n);
                break;
            }
        }
    } catch (const sql::SQLException& e) {
        if (isConnectionLost(e)) lease.markBroken();
        throw;
    }
    return out;
}

AggregatedAnswers StatisticsRepository::aggregate(const ResponseFilter& filter)
{
    if (onlyForm(filter)) return fromCounters(filter.form_id);
    return scan(filter);
}

AggregatedAnswers StatisticsRepository::scan(const ResponseFilter& filter)
{
    auto lease = pool_.acquire();
    AggregatedAnswers out;
    try {
        {
            auto& st = lease.prepare(
                "SELECT TIMESTAMPDIFF(HOUR, '1970-01-01 00:00:00', r.submitted_at) AS h, COUNT(*) "
                "FROM responses r WHERE " + filterSql(filter) + " GROUP BY h ORDER BY h");
            bindFilter(st, filter, 1);
            std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
            while (rs->next()) {
                const auto n = rs->getUInt64(2);
                out.per_hour.emplace_back(std::chrono::sys_seconds(std::chrono::hours(rs->getInt64(1))), n);
                out.responses += n;
            }
        }
        {
            auto& st = lease.prepare("SELECT a.question_key, a.option_key, COUNT(*)" + answersFrom(filter) +
                                     " AND a.option_key <> '' GROUP BY a.question_key, a.option_key");
            bind(st, filter);
            std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
            while (rs->next()) out.option_counts[rs->getString(1)][rs->getString(2)] = rs->getUInt64(3);
        }
        {
            auto& st = lease.prepare("SELECT a.question_key, a.num_value, COUNT(*)" + answersFrom(filter) +
                                     " AND a.num_value IS NOT NULL GROUP BY a.question_key, a.num_value");
            bind(st, filter);
            std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
            while (rs->next()) out.value_counts[rs->getString(1)].emplace_back(rs->getDouble(2), rs->getUInt64(3));
        }
        {
            auto& st = lease.prepare("SELECT a.question_key, COUNT(DISTINCT a.response_id)" + answersFrom(filter) +
                                     " GROUP BY a.question_key");
            bind(st, filter);
            std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
            while (rs->next()) out.respondents[rs->getString(1)] = rs->getUInt64(2);
        }
    } catch (const sql::SQLException& e) {
        if (isConnectionLost(e)) lease.markBroken();
        throw;
    }
    return out;
}

}  // namespace tnt::storage
