#include "service/storage/answer_counts.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <random>
#include <set>
#include <string_view>
#include <vector>

#include "service/storage/answer_rows_column.h"

namespace tnt::storage {
namespace {

constexpr int kSlots = 16;

// Multi-row upserts in power-of-two chunks, like the inserts, so each connection caches few statements.
template <typename Map, typename Bind>
void upsert(ConnectionPool::Lease& lease, const std::string& prefix, const char* row, const char* suffix,
            const Map& rows, Bind bind)
{
    std::vector<typename Map::const_iterator> items;
    for (auto it = rows.begin(); it != rows.end(); ++it) {
        if (it->second != 0) items.push_back(it);
    }
    std::size_t done = 0;
    while (done < items.size()) {
        std::size_t chunk = 1;
        while (chunk * 2 <= items.size() - done && chunk < 256) chunk *= 2;
        std::string sql = prefix;
        for (std::size_t i = 0; i < chunk; ++i) sql += (i == 0 ? "" : ", ") + std::string(row);
        auto& st = lease.prepare(sql + suffix);
        int index = 1;
        for (std::size_t i = 0; i < chunk; ++i) index = bind(st, index, *items[done + i]);
        st.executeUpdate();
        done += chunk;
    }
}

// One of the counters' slots, at random: concurrent writers rarely meet on a row.
int randomCounterSlot()
{
    thread_local std::minstd_rand engine{std::random_device{}()};
    return static_cast<int>(engine() % kSlots);
}

}  // namespace

void AnswerCountChanges::addResponse(unsigned form_id, std::chrono::system_clock::time_point submitted_at,
                                     const std::vector<domain::AnswerRow>& rows, int sign)
{
    const auto hour = std::chrono::duration_cast<std::chrono::hours>(submitted_at.time_since_epoch()).count();
    responses_[{form_id, hour}] += sign;
    std::set<std::string> questions;
    for (const auto& row : rows) {
        questions.insert(row.question_key);
        if (!row.option_key.empty()) answers_[{form_id, row.question_key, 1, row.option_key, 0.0}] += sign;
        if (row.number) answers_[{form_id, row.question_key, 2, std::string(), *row.number}] += sign;
    }
    for (const auto& q : questions) answers_[{form_id, q, 0, std::string(), 0.0}] += sign;
}

void AnswerCountChanges::addResultRows(sql::ResultSet& rs, int sign, const std::function<bool(std::uint64_t)>& skip)
{
    while (rs.next()) {
        if (skip && skip(rs.getUInt64(1))) continue;
        const auto submitted_at = std::chrono::system_clock::time_point(std::chrono::microseconds(rs.getInt64(3)));
        const auto column = rs.getString(4);
        addResponse(rs.getUInt(2), submitted_at, decodeAnswerRows(std::string_view(column.c_str(), column.length())),
                    sign);
    }
}

void AnswerCountChanges::apply(ConnectionPool::Lease& lease) const
{
    const int slot = randomCounterSlot();
    upsert(lease, "INSERT INTO answer_counts (form_id, question_key, kind, option_key, value_key, slot, n) VALUES ",
           "(?, ?, ?, ?, ?, ?, ?)", " ON DUPLICATE KEY UPDATE n = n + VALUES(n)", answers_,
           [slot](sql::PreparedStatement& st, int i, const auto& item) {
               const auto& [key, n] = item;
               st.setUInt(i++, std::get<0>(key));
               st.setString(i++, std::get<1>(key));
               st.setInt(i++, std::get<2>(key));
               st.setString(i++, std::get<3>(key));
               st.setDouble(i++, std::get<4>(key));
               st.setInt(i++, slot);
               st.setInt64(i++, n);
               return i;
           });
    upsert(lease, "INSERT INTO response_counts (form_id, hour, slot, n) VALUES ", "(?, ?, ?, ?)",
           " ON DUPLICATE KEY UPDATE n = n + VALUES(n)", responses_,
           [slot](sql::PreparedStatement& st, int i, const auto& item) {
               const auto& [key, n] = item;
               st.setUInt(i++, key.first);
               st.setInt64(i++, key.second);
               st.setInt(i++, slot);
               st.setInt64(i++, n);
               return i;
           });
}

}  // namespace tnt::storage
