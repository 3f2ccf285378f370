// The changes a transaction makes to the statistics counters: the all-time ones (schema/0002_answer_counts.sql)
// and those per Paris day and group set behind filtered statistics (schema/0015_filtered_counts.sql).
// Collected from the responses it folds in (AnswerCountFolder) or deletes, then applied with one upsert per
// table, in key order so two transactions never take the same counters' locks in opposite orders.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "exports/paris_time.h"
#include "service/domain/answer_validation.h"
#include "service/storage/connection_pool.h"

namespace sql {
class ResultSet;
}

namespace tnt::storage {

// Response id → its group set: the sorted codes of the groups its registrations name, joined by ','.
// Responses without registrations are absent (their set is "").
using GroupSetsById = std::unordered_map<std::uint64_t, std::string>;

// Reads (response id, group code) rows, ordered by response id then code, into their sets.
GroupSetsById readGroupSets(sql::ResultSet& rs);

class AnswerCountChanges {
public:
    // Responses read from `rs`, one per row, whose columns are: response id, form id, submitted_at in
    // microseconds since the epoch, answer_rows (schema/0005_answer_rows.sql); their sets from `sets`.
    // Those `skip` accepts are left out.
    void addResultRows(sql::ResultSet& rs, const GroupSetsById& sets, int sign,
                       const std::function<bool(std::uint64_t)>& skip = {});

    // Applies the changes on the lease's open transaction: the all-time counters to one random slot, the
    // filtered ones under the ids of their group sets (recorded in group_sets on first use).
    void apply(ConnectionPool::Lease& lease) const;

    bool empty() const { return responses_.empty(); }

private:
    // One response of `form_id` with its answer rows and group set, counted `sign` times (+1 stored,
    // −1 deleted).
    void addResponse(unsigned form_id, std::chrono::system_clock::time_point submitted_at,
                     const std::vector<const domain::AnswerRow*>& rows, const std::string& group_set, int sign);

    // form, question, kind, option, value
    std::map<std::tuple<unsigned, std::string, int, std::string, double>, long long> answers_;
    std::map<std::pair<unsigned, long long>, long long> responses_;  // form, hour
    // form, Paris day, group set, question, kind, option, value
    std::map<std::tuple<unsigned, int, std::string, std::string, int, std::string, double>, long long> day_answers_;
    // form, group set, question, kind, option, value
    std::map<std::tuple<unsigned, std::string, std::string, int, std::string, double>, long long> set_answers_;
    std::map<std::tuple<unsigned, int, std::string>, long long> day_responses_;  // form, Paris day, group set
    exports::ParisTimeFormatter paris_;
};

}  // namespace tnt::storage
