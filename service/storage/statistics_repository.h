// The SQL aggregations behind a form's statistics: counts per hour, per option, per numeric value and
// respondents per question. Unfiltered statistics read the counters plus the few responses not yet folded
// into them; filtered ones (dates, groups) sum the answer rows of the matching responses, read in chunks.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "service/storage/connection_pool.h"
#include "service/storage/response_filter.h"

namespace tnt::storage {

struct AggregatedAnswers {
    std::uint64_t responses = 0;
    std::vector<std::pair<std::chrono::sys_seconds, std::uint64_t>> per_hour;  // UTC hour → responses
    std::map<std::string, std::map<std::string, std::uint64_t>> option_counts;  // question → option → n
    std::map<std::string, std::vector<std::pair<double, std::uint64_t>>> value_counts;  // question → value → n
    std::map<std::string, std::uint64_t> respondents;  // question → responses
};

class StatisticsRepository {
public:
    explicit StatisticsRepository(ConnectionPool& pool) : pool_(pool) {}

    // From the counters when the filter is the form alone, by summing the responses' answer rows otherwise.
    AggregatedAnswers aggregate(const ResponseFilter& filter);
    // Always by summing the responses' answer rows (what the counters must agree with).
    AggregatedAnswers scan(const ResponseFilter& filter);

private:
    AggregatedAnswers fromCounters(unsigned form_id);

    ConnectionPool& pool_;
};

}  // namespace tnt::storage
