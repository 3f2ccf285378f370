// The changes a transaction makes to the statistics counters (schema/0002_answer_counts.sql): collected
// from the answer rows it folds in (AnswerCountFolder) or deletes, then applied with one upsert per table,
// in key order so two transactions never take the same counters' locks in opposite orders.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <tuple>

#include "service/domain/answer_validation.h"
#include "service/storage/connection_pool.h"

namespace sql {
class ResultSet;
}

namespace tnt::storage {

class AnswerCountChanges {
public:
    // One response of `form_id` with its answer rows, counted `sign` times (+1 stored, −1 deleted).
    void addResponse(unsigned form_id, std::chrono::system_clock::time_point submitted_at,
                     const std::vector<domain::AnswerRow>& rows, int sign);

    // Responses read from `rs`, one per row, whose columns are: response id, form id, submitted_at in
    // microseconds since the epoch, answer_rows (schema/0005_answer_rows.sql). Those `skip` accepts are
    // left out.
    void addResultRows(sql::ResultSet& rs, int sign, const std::function<bool(std::uint64_t)>& skip = {});

    // Applies the changes on the lease's open transaction, to one random slot.
    void apply(ConnectionPool::Lease& lease) const;

    bool empty() const { return responses_.empty(); }

private:
    // form, question, kind, option, value
    std::map<std::tuple<unsigned, std::string, int, std::string, double>, long long> answers_;
    std::map<std::pair<unsigned, long long>, long long> responses_;  // form, hour
};

}  // namespace tnt::storage
