// The SQL aggregations behind a form's statistics: counts per hour, per option, per numeric value and
// respondents per question, computed by MariaDB over the indexed answer rows — never by loading the
// responses. Unfiltered statistics read the covering index of `answers` alone.
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
    std::vector<std::pair<std::chrono::sys_seconds, std::uint64_t>> per_hour;         // UTC hour → responses
    std::map<std::string, std::map<std::string, std::uint64_t>> option_counts;        // question → option → n
    std::map<std::string, std::vector<std::pair<double, std::uint64_t>>> value_counts;  // question → value → n
    std::map<std::string, std::uint64_t> respondents;                                  // question → responses
};

class StatisticsRepository {
public:
    explicit StatisticsRepository(ConnectionPool& pool) : pool_(pool) {}

    AggregatedAnswers aggregate(const ResponseFilter& filter);

private:
    ConnectionPool& pool_;
};

}  // namespace tnt::storage
