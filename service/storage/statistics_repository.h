// The SQL aggregations behind a form's statistics: responses per Paris day, per option, per numeric value and
// respondents per question, from counters (schema/0002 for a whole form, 0015 per Paris day and group set
// for a filter) plus the few responses not yet folded into them: a few thousand rows whatever the number
// of responses, exact at every moment.
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
    std::vector<std::pair<std::chrono::local_days, std::uint64_t>> per_day;  // Paris day → responses
    std::map<std::string, std::map<std::string, std::uint64_t>> option_counts;  // question → option → n
    std::map<std::string, std::vector<std::pair<double, std::uint64_t>>> value_counts;  // question → value → n
    std::map<std::string, std::uint64_t> respondents;  // question → responses
};

class StatisticsRepository {
public:
    explicit StatisticsRepository(ConnectionPool& pool) : pool_(pool) {}

    // From the all-time counters when the filter is the form alone, from the day counters otherwise (the
    // parts of a day at either end of a date range are scanned).
    AggregatedAnswers aggregate(const ResponseFilter& filter);
    // Always by summing the responses' answer rows (what the counters must agree with).
    AggregatedAnswers scan(const ResponseFilter& filter);

private:
    AggregatedAnswers fromCounters(unsigned form_id);
    AggregatedAnswers fromDayCounters(const ResponseFilter& filter);

    ConnectionPool& pool_;
};

}  // namespace tnt::storage
