#include "service/storage/answer_counts.h"

#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <random>
#include <string_view>
#include <tuple>
#include <unordered_map>
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

void bindValue(sql::PreparedStatement& st, int i, unsigned v)
{
    st.setUInt(i, v);
}
void bindValue(sql::PreparedStatement& st, int i, int v)
{
    st.setInt(i, v);
}
void bindValue(sql::PreparedStatement& st, int i, long long v)
{
    st.setInt64(i, v);
}
void bindValue(sql::PreparedStatement& st, int i, double v)
{
    st.setDouble(i, v);
}
void bindValue(sql::PreparedStatement& st, int i, const std::string& v)
{
    st.setString(i, v);
}

// Binds a counter's row from index `i`: its key's columns in order, the slot for the slotted tables, then
// the change. Returns the next free index.
template <typename Key>
int bindCounter(sql::PreparedStatement& st, int i, const Key& key, long long n, std::optional<int> slot = {})
{
    std::apply([&](const auto&... column) { (bindValue(st, i++, column), ...); }, key);
    if (slot) st.setInt(i++, *slot);
    st.setInt64(i++, n);
    return i;
}

}  // namespace

GroupSetsById readGroupSets(sql::ResultSet& rs)
{
    GroupSetsById sets;
    while (rs.next()) {
        auto& set = sets[rs.getUInt64(1)];
        if (!set.empty()) set += ',';
        set += rs.getString(2);
    }
    return sets;
}

void AnswerCountChanges::addResponse(unsigned form_id, std::chrono::system_clock::time_point submitted_at,
                                     const std::vector<const domain::AnswerRow*>& rows, const std::string& group_set,
                                     int sign)
{
    const auto hour = std::chrono::duration_cast<std::chrono::hours>(submitted_at.time_since_epoch()).count();
    const auto day = static_cast<int>(
        paris_.day(std::chrono::time_point_cast<std::chrono::microseconds>(submitted_at)).time_since_epoch().count());
    responses_[{form_id, hour}] += sign;
    day_responses_[{form_id, day, group_set}] += sign;
    auto count = [&](const std::string& question, int kind, const std::string& option, double value) {
        answers_[{form_id, question, kind, option, value}] += sign;
        day_answers_[{form_id, day, group_set, question, kind, option, value}] += sign;
        set_answers_[{form_id, group_set, question, kind, option, value}] += sign;
    };
    static const std::string no_option;
    std::vector<const std::string*> questions;  // each answered question once, whatever its rows
    for (const auto* row : rows) {
        if (std::none_of(questions.begin(), questions.end(),
                         [row](const std::string* q) { return *q == row->question_key; })) {
            questions.push_back(&row->question_key);
        }
        if (!row->option_key.empty()) count(row->question_key, 1, row->option_key, 0.0);
        if (row->number) count(row->question_key, 2, no_option, *row->number);
    }
    for (const auto* q : questions) count(*q, 0, no_option, 0.0);
}

void AnswerCountChanges::addResultRows(sql::ResultSet& rs, const GroupSetsById& sets, int sign,
                                       const std::function<bool(std::uint64_t)>& skip)
{
    static const std::string no_group;
    // The responses of a form repeat the same few rows ([question, option, number]): each distinct row's text
    // is decoded once per call, not every response's whole column.
    std::unordered_map<std::string, domain::AnswerRow> decoded;
    std::vector<const domain::AnswerRow*> rows;
    std::string text;
    while (rs.next()) {
        const auto id = rs.getUInt64(1);
        if (skip && skip(id)) continue;
        const auto submitted_at = std::chrono::system_clock::time_point(std::chrono::microseconds(rs.getInt64(3)));
        const auto column = rs.getString(4);
        rows.clear();
        forEachRawAnswerRow(std::string_view(column.c_str(), column.length()),
                            [&](std::string_view raw, std::string_view) {
                                text.assign(raw);
                                auto it = decoded.find(text);
                                if (it == decoded.end()) {
                                    auto one = decodeAnswerRows("[" + text + "]");  // checks the row's shape
                                    it = decoded.emplace(text, std::move(one.at(0))).first;
                                }
                                rows.push_back(&it->second);
                            });
        const auto set = sets.find(id);
        addResponse(rs.getUInt(2), submitted_at, rows, set == sets.end() ? no_group : set->second, sign);
    }
}

namespace {

// The id of a group set ("GA,GB"), recorded with its members on first use; 0 for no group.
unsigned groupSetId(ConnectionPool::Lease& lease, const std::string& codes)
{
    if (codes.empty()) return 0;
    auto& find = lease.prepare("SELECT id FROM group_sets WHERE codes_hash = SHA2(?, 256)");
    find.setString(1, codes);
    {
        std::unique_ptr<sql::ResultSet> rs(find.executeQuery());
        if (rs->next()) return rs->getUInt(1);
    }
    // Two folds recording the same new set: the unique hash makes the second take the first one's id.
    auto& add = lease.prepare(
        "INSERT INTO group_sets (codes_hash, codes) VALUES (SHA2(?, 256), ?) ON DUPLICATE KEY UPDATE id = "
        "LAST_INSERT_ID(id)");
    add.setString(1, codes);
    add.setString(2, codes);
    add.executeUpdate();
    unsigned id = 0;
    {
        auto& last = lease.prepare("SELECT LAST_INSERT_ID()");
        std::unique_ptr<sql::ResultSet> rs(last.executeQuery());
        rs->next();
        id = rs->getUInt(1);
    }
    auto& member = lease.prepare("INSERT IGNORE INTO group_set_members (group_code, set_id) VALUES (?, ?)");
    std::string_view rest = codes;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        member.setString(1, std::string(rest.substr(0, comma)));
        member.setUInt(2, id);
        member.executeUpdate();
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
    return id;
}

}  // namespace

void AnswerCountChanges::apply(ConnectionPool::Lease& lease) const
{
    const int slot = randomCounterSlot();
    upsert(lease, "INSERT INTO answer_counts (form_id, question_key, kind, option_key, value_key, slot, n) VALUES ",
           "(?, ?, ?, ?, ?, ?, ?)", " ON DUPLICATE KEY UPDATE n = n + VALUES(n)", answers_,
           [slot](sql::PreparedStatement& st, int i, const auto& item) {
               return bindCounter(st, i, item.first, item.second, slot);
           });
    upsert(lease, "INSERT INTO response_counts (form_id, hour, slot, n) VALUES ", "(?, ?, ?, ?)",
           " ON DUPLICATE KEY UPDATE n = n + VALUES(n)", responses_,
           [slot](sql::PreparedStatement& st, int i, const auto& item) {
               return bindCounter(st, i, item.first, item.second, slot);
           });

    // The filtered counters, keyed by set id (their primary keys' order) rather than by the sets' codes.
    std::map<std::string, unsigned> set_ids;
    for (const auto& [key, n] : day_responses_) set_ids.emplace(std::get<2>(key), 0);
    for (auto& [codes, id] : set_ids) id = groupSetId(lease, codes);
    std::map<std::tuple<unsigned, int, unsigned, std::string, int, std::string, double>, long long> day_answers;
    for (const auto& [k, n] : day_answers_) {
        day_answers[{std::get<0>(k), std::get<1>(k), set_ids.at(std::get<2>(k)), std::get<3>(k), std::get<4>(k),
                     std::get<5>(k), std::get<6>(k)}] += n;
    }
    std::map<std::tuple<unsigned, unsigned, std::string, int, std::string, double>, long long> set_answers;
    for (const auto& [k, n] : set_answers_) {
        set_answers[{std::get<0>(k), set_ids.at(std::get<1>(k)), std::get<2>(k), std::get<3>(k), std::get<4>(k),
                     std::get<5>(k)}] += n;
    }
    std::map<std::tuple<unsigned, int, unsigned>, long long> day_responses;
    for (const auto& [k, n] : day_responses_)
        day_responses[{std::get<0>(k), std::get<1>(k), set_ids.at(std::get<2>(k))}] += n;
    upsert(lease,
           "INSERT INTO day_answer_counts (form_id, day, set_id, question_key, kind, option_key, value_key, n) "
           "VALUES ",
           "(?, ?, ?, ?, ?, ?, ?, ?)", " ON DUPLICATE KEY UPDATE n = n + VALUES(n)", day_answers,
           [](sql::PreparedStatement& st, int i, const auto& item) {
               return bindCounter(st, i, item.first, item.second);
           });
    upsert(lease,
           "INSERT INTO set_answer_counts (form_id, set_id, question_key, kind, option_key, value_key, n) VALUES ",
           "(?, ?, ?, ?, ?, ?, ?)", " ON DUPLICATE KEY UPDATE n = n + VALUES(n)", set_answers,
           [](sql::PreparedStatement& st, int i, const auto& item) {
               return bindCounter(st, i, item.first, item.second);
           });
    upsert(lease, "INSERT INTO day_response_counts (form_id, day, set_id, n) VALUES ", "(?, ?, ?, ?)",
           " ON DUPLICATE KEY UPDATE n = n + VALUES(n)", day_responses,
           [](sql::PreparedStatement& st, int i, const auto& item) {
               return bindCounter(st, i, item.first, item.second);
           });
}

}  // namespace tnt::storage
