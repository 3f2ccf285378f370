#include "service/storage/statistics_repository.h"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <functional>
#include <optional>
#include <memory>
#include <string_view>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "exports/paris_time.h"
#include "service/storage/answer_rows_column.h"
#include "service/storage/lease_work.h"
#include "service/storage/transaction.h"

namespace tnt::storage {
namespace {

bool onlyForm(const ResponseFilter& f)
{
    return !f.from && !f.to && f.groups.empty();
}

// Sums added from several sources (counters, pending responses), turned into AggregatedAnswers at the end.
struct Totals {
    std::map<int, std::uint64_t> per_day;  // Paris days since 1970-01-01
    std::map<std::string, std::map<std::string, std::uint64_t>> option_counts;
    std::map<std::string, std::map<double, std::uint64_t>> value_counts;
    std::map<std::string, std::uint64_t> respondents;

    // A response's answer rows as stored, counted by their text: decoding each of a million responses cost
    // 19 µs; the distinct texts (a few hundred) are decoded once, in result().
    void addResponse(std::chrono::microseconds submitted_at, std::string_view answer_rows)
    {
        ++per_day[parisDay(std::chrono::sys_time<std::chrono::microseconds>(submitted_at))];
        questions_seen_.clear();
        forEachRawAnswerRow(answer_rows, [this](std::string_view row, std::string_view question) {
            ++find(raw_rows_, row);
            for (const auto& seen : questions_seen_) {
                if (seen == question) return;
            }
            questions_seen_.push_back(question);
            ++find(raw_questions_, question);
        });
    }

    int parisDay(std::chrono::sys_time<std::chrono::microseconds> t)
    {
        return static_cast<int>(paris_.day(t).time_since_epoch().count());
    }

    AggregatedAnswers result()
    {
        for (const auto& [text, n] : raw_rows_) {
            for (const auto& row : decodeAnswerRows("[" + text + "]")) {
                if (!row.option_key.empty()) option_counts[row.question_key][row.option_key] += n;
                if (row.number) value_counts[row.question_key][*row.number] += n;
            }
        }
        raw_rows_.clear();
        for (const auto& [text, n] : raw_questions_) respondents[nlohmann::json::parse(text).get<std::string>()] += n;
        raw_questions_.clear();
        AggregatedAnswers out;
        for (const auto& [day, n] : per_day) {
            if (n == 0) continue;
            out.per_day.emplace_back(std::chrono::local_days(std::chrono::days(day)), n);
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

private:
    struct TextHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    using TextCounts = std::unordered_map<std::string, std::uint64_t, TextHash, std::equal_to<>>;

    static std::uint64_t& find(TextCounts& counts, std::string_view text)
    {
        auto it = counts.find(text);
        if (it == counts.end()) it = counts.emplace(std::string(text), 0).first;
        return it->second;
    }

    exports::ParisTimeFormatter paris_;
    TextCounts raw_rows_;
    TextCounts raw_questions_;
    std::vector<std::string_view> questions_seen_;  // the current response's questions
};

void runQuery(ConnectionPool::Lease& lease, const std::string& sql,
              const std::function<void(sql::PreparedStatement&)>& bind,
              const std::function<void(sql::ResultSet&)>& each)
{
    auto& st = lease.prepare(sql);
    bind(st);
    std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
    while (rs->next()) each(*rs);
}

constexpr std::size_t kChunk = 5000;

// Adds the responses of `sql` to `totals`: its columns are the id, submitted_at in microseconds since the
// epoch and answer_rows; it ends with "> ? ORDER BY <id> LIMIT <kChunk>", the id after which a chunk
// starts (keyset pagination: the client never holds more than a chunk). `bind` binds the other
// placeholders and returns the index of that last one.
void addResponses(ConnectionPool::Lease& lease, const std::string& sql,
                  const std::function<int(sql::PreparedStatement&)>& bind, Totals& totals)
{
    unsigned long long after = 0;
    while (true) {
        auto& st = lease.prepare(sql);
        st.setUInt64(bind(st), after);
        std::unique_ptr<sql::ResultSet> rs(st.executeQuery());
        std::size_t n = 0;
        while (rs->next()) {
            ++n;
            after = rs->getUInt64(1);
            const auto column = rs->getString(3);
            totals.addResponse(std::chrono::microseconds(rs->getInt64(2)),
                               std::string_view(column.c_str(), column.length()));
        }
        if (n < kChunk) return;
    }
}

// Adds the rows of a counters query whose columns are question_key, kind, option_key, value_key, SUM(n).
void addAnswerCounters(sql::ResultSet& rs, Totals& totals)
{
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
}

const std::string kResponseColumns =
    "SELECT r.id, TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', r.submitted_at), r.answer_rows ";

// Adds the responses of `filter` still waiting to be folded into the counters.
void addPending(ConnectionPool::Lease& lease, const ResponseFilter& filter, Totals& totals)
{
    // STRAIGHT_JOIN: from the few pending rows to their responses, never from all the form's responses.
    addResponses(
        lease,
        kResponseColumns + "FROM count_pending p STRAIGHT_JOIN responses r ON r.id = p.response_id WHERE " +
            filterSql(filter) + " AND p.response_id > ? ORDER BY p.response_id LIMIT " + std::to_string(kChunk),
        [&filter](sql::PreparedStatement& st) { return bindFilter(st, filter, 1); }, totals);
}

// How addScanned reads: a range within two Paris days (the partial days of a filter) through the (form_id,
// submitted_at) index — each chunk sorts those days' rows, a few thousand; any other range in id order
// (kResponsesInIdOrder), where sorting the range again for every chunk would be quadratic.
enum class ScanRange { any, partial_days };

// Adds every response of `filter`, folded or not, from their answer rows.
void addScanned(ConnectionPool::Lease& lease, const ResponseFilter& filter, Totals& totals,
                ScanRange range = ScanRange::any)
{
    const std::string source = range == ScanRange::partial_days ? "responses r FORCE INDEX (ix_responses_form_time)"
                                                                : std::string(kResponsesInIdOrder);
    addResponses(
        lease,
        kResponseColumns + "FROM " + source + " WHERE " + filterSql(filter) + " AND r.id > ? ORDER BY r.id LIMIT " +
            std::to_string(kChunk),
        [&filter](sql::PreparedStatement& st) { return bindFilter(st, filter, 1); }, totals);
}

// How a filter's time range splits: the whole Paris days it covers, read from the day counters, and the
// parts of a day at either end, scanned. An unbounded side has no partial part.
struct DaySplit {
    std::optional<std::chrono::local_days> first;  // the first whole day; none: from the form's first response
    std::optional<std::chrono::local_days> end;  // the day after the last whole one; none: to the last response
    bool any_whole_day = true;
};

DaySplit splitDays(const ResponseFilter& filter)
{
    using namespace std::chrono;
    exports::ParisTimeFormatter paris;
    DaySplit split;
    if (filter.from) {
        auto day = paris.day(time_point_cast<microseconds>(*filter.from));
        if (exports::parisDayStart(day) < *filter.from) day += days(1);
        split.first = day;
    }
    if (filter.to) split.end = paris.day(time_point_cast<microseconds>(*filter.to));
    if (split.first && split.end && *split.first >= *split.end) split.any_whole_day = false;
    return split;
}

// " AND set_id IN (…)" for the filter's groups, "" without: the group sets that share a group with it.
std::string setCondition(const ResponseFilter& filter)
{
    if (filter.groups.empty()) return "";
    std::string sql = " AND set_id IN (SELECT set_id FROM group_set_members WHERE group_code IN (";
    for (std::size_t i = 0; i < filter.groups.size(); ++i) sql += i == 0 ? "?" : ", ?";
    return sql + "))";
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
        runQuery(lease, "SELECT hour, SUM(n) FROM response_counts WHERE form_id = ? GROUP BY hour", bind_form,
                 [&](sql::ResultSet& rs) {
                     const std::chrono::sys_seconds hour{std::chrono::hours(rs.getInt64(1))};
                     totals.per_day[totals.parisDay(hour)] += static_cast<std::uint64_t>(rs.getInt64(2));
                 });
        runQuery(lease,
                 "SELECT question_key, kind, option_key, value_key, SUM(n) FROM answer_counts WHERE form_id = ? "
                 "GROUP BY question_key, kind, option_key, value_key",
                 bind_form, [&](sql::ResultSet& rs) { addAnswerCounters(rs, totals); });
        ResponseFilter whole_form;
        whole_form.form_id = form_id;
        addPending(lease, whole_form, totals);
        snapshot.commit();
        return totals.result();
    });
}

// Filtered statistics, from the counters of schema/0015_filtered_counts.sql for the group sets that share a
// group with the filter: without dates, the sets' all-time counters; with dates, the day counters of the
// whole Paris days in the range, plus a scan of the parts of a day at either end of it. Plus the pending
// responses of the counted part; all in one snapshot.
AggregatedAnswers StatisticsRepository::fromDayCounters(const ResponseFilter& filter)
{
    using namespace std::chrono;
    const auto split = splitDays(filter);
    return withLease(pool_, [&](ConnectionPool::Lease& lease) {
        Transaction snapshot(lease, Transaction::Kind::snapshot);
        Totals totals;
        if (!split.any_whole_day) {
            addScanned(lease, filter, totals, ScanRange::partial_days);
            snapshot.commit();
            return totals.result();
        }
        const auto day_number = [](local_days d) { return static_cast<long long>(d.time_since_epoch().count()); };
        const auto where = [&](bool by_day) {
            std::string sql = " WHERE form_id = ?";
            if (by_day && split.first) sql += " AND day >= ?";
            if (by_day && split.end) sql += " AND day < ?";
            return sql + setCondition(filter);
        };
        const auto bind = [&](bool by_day) {
            return [&, by_day](sql::PreparedStatement& st) {
                int i = 1;
                st.setUInt(i++, filter.form_id);
                if (by_day && split.first) st.setInt64(i++, day_number(*split.first));
                if (by_day && split.end) st.setInt64(i++, day_number(*split.end));
                for (const auto& g : filter.groups) st.setString(i++, g);
            };
        };
        const bool dated = split.first || split.end;
        runQuery(lease,
                 std::string("SELECT question_key, kind, option_key, value_key, SUM(n) FROM ") +
                     (dated ? "day_answer_counts" : "set_answer_counts") + where(dated) +
                     " GROUP BY question_key, kind, option_key, value_key",
                 bind(dated), [&](sql::ResultSet& rs) { addAnswerCounters(rs, totals); });
        runQuery(
            lease, "SELECT day, SUM(n) FROM day_response_counts" + where(true) + " GROUP BY day", bind(true),
            [&](sql::ResultSet& rs) { totals.per_day[rs.getInt(1)] += static_cast<std::uint64_t>(rs.getInt64(2)); });

        ResponseFilter whole = filter;
        if (split.first) whole.from = exports::parisDayStart(*split.first);
        if (split.end) whole.to = exports::parisDayStart(*split.end);
        addPending(lease, whole, totals);
        if (split.first && filter.from && *filter.from < *whole.from) {
            ResponseFilter head = filter;
            head.to = whole.from;
            addScanned(lease, head, totals, ScanRange::partial_days);
        }
        if (split.end && filter.to && *whole.to < *filter.to) {
            ResponseFilter tail = filter;
            tail.from = whole.to;
            addScanned(lease, tail, totals, ScanRange::partial_days);
        }
        snapshot.commit();
        return totals.result();
    });
}

AggregatedAnswers StatisticsRepository::aggregate(const ResponseFilter& filter)
{
    if (onlyForm(filter)) return fromCounters(filter.form_id);
    return fromDayCounters(filter);
}

AggregatedAnswers StatisticsRepository::scan(const ResponseFilter& filter)
{
    return withLease(pool_, [&](ConnectionPool::Lease& lease) {
        Transaction snapshot(lease, Transaction::Kind::snapshot);
        Totals totals;
        addScanned(lease, filter, totals);
        snapshot.commit();
        return totals.result();
    });
}

}  // namespace tnt::storage
