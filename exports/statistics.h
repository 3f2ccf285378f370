// The statistics math of a form, pure: the storage layer aggregates in SQL and hands over counts; this
// turns them into percentages, means, medians and NPS scores. Plain structs, each with a toJson for the
// API; percentages and means are kept unrounded here and rounded only where they are shown.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace tnt::exports {

struct OptionCount {
    std::string key;
    std::string label;
    std::uint64_t count = 0;  // respondents who chose this option
};

struct OptionShare {
    std::string key;
    std::string label;
    std::uint64_t count = 0;
    double percentOfRespondents = 0;  // count / respondents to the question
    std::optional<double> percentOfAnswers;  // multiple choice only: count / all options chosen
};

struct ChoiceStatistics {
    std::uint64_t respondents = 0;  // who answered the question
    std::uint64_t answers = 0;  // options chosen in all (= respondents for a single choice)
    bool multiple = false;
    std::vector<OptionShare> options;
};

// `respondents` comes from the caller because, for multiple choices, it cannot be derived from the counts.
// Percentages of nobody are 0, not NaN.
ChoiceStatistics computeChoiceStatistics(std::span<const OptionCount> counts, std::uint64_t respondents, bool multiple);

struct ValueCount {
    double value = 0;
    std::uint64_t count = 0;
};

struct DistributionStatistics {
    std::uint64_t n = 0;
    std::optional<double> mean;  // all unset when n == 0
    std::optional<double> median;  // even n: the mean of the two middle values
    std::optional<double> min;
    std::optional<double> max;
    std::vector<ValueCount> distribution;  // ascending values, merged, no zero counts
};

// For scales, numbers and NPS questions, from a value → count table (in any order, duplicates allowed).
DistributionStatistics computeDistributionStatistics(std::span<const ValueCount> counts);

struct NpsStatistics {
    DistributionStatistics distribution;
    std::uint64_t promoters = 0;  // 9–10
    std::uint64_t passives = 0;  // 7–8
    std::uint64_t detractors = 0;  // 0–6
    std::optional<double> score;  // % promoters − % detractors, in [−100, 100], unrounded
    // The figure NPS users expect to read: a whole number, halves rounded away from zero (−12.5 → −13).
    std::optional<int> roundedScore;
};

// Throws std::invalid_argument for a value that is not a whole number from 0 to 10: that would be a bug
// upstream (validation lets nothing else in), and a silently skewed score is worse than an error.
NpsStatistics computeNpsStatistics(std::span<const ValueCount> counts);

struct TextStatistics {
    std::uint64_t nonEmpty = 0;
};

struct QuestionStatistics {
    std::string key;
    std::string label;
    std::variant<ChoiceStatistics, DistributionStatistics, NpsStatistics, TextStatistics> figures;
};

struct DayCount {
    std::string day;  // YYYY-MM-DD, Paris calendar day
    std::uint64_t count = 0;
};

struct FormStatistics {
    std::uint64_t responses = 0;
    std::vector<DayCount> responsesPerDay;
    std::vector<QuestionStatistics> questions;
};

nlohmann::json toJson(const ChoiceStatistics& statistics);
nlohmann::json toJson(const DistributionStatistics& statistics);
nlohmann::json toJson(const NpsStatistics& statistics);
nlohmann::json toJson(const TextStatistics& statistics);
nlohmann::json toJson(const QuestionStatistics& statistics);
nlohmann::json toJson(const FormStatistics& statistics);

}  // namespace tnt::exports
