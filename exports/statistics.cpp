#include "exports/statistics.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace tnt::exports {

namespace {

using json = nlohmann::json;

double percent(std::uint64_t part, std::uint64_t whole)
{
    return whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

// The value at 0-based rank `rank` in the sorted, merged distribution.
double valueAtRank(const std::vector<ValueCount>& distribution, std::uint64_t rank)
{
    std::uint64_t seen = 0;
    for (const ValueCount& entry : distribution) {
        seen += entry.count;
        if (rank < seen) return entry.value;
    }
    return distribution.back().value;
}

json optional(const std::optional<double>& value)
{
    return value ? json(*value) : json(nullptr);
}

}  // namespace

ChoiceStatistics computeChoiceStatistics(std::span<const OptionCount> counts, std::uint64_t respondents, bool multiple)
{
    ChoiceStatistics statistics;
    statistics.respondents = respondents;
    statistics.multiple = multiple;
    for (const OptionCount& option : counts) statistics.answers += option.count;
    statistics.options.reserve(counts.size());
    for (const OptionCount& option : counts) {
        OptionShare share{option.key, option.label, option.count, percent(option.count, respondents), std::nullopt};
        if (multiple) share.percentOfAnswers = percent(option.count, statistics.answers);
        statistics.options.push_back(std::move(share));
    }
    return statistics;
}

DistributionStatistics computeDistributionStatistics(std::span<const ValueCount> counts)
{
    DistributionStatistics statistics;
    for (const ValueCount& entry : counts) {
        if (entry.count > 0) statistics.distribution.push_back(entry);
    }
    auto& distribution = statistics.distribution;
    std::sort(distribution.begin(), distribution.end(),
              [](const ValueCount& a, const ValueCount& b) { return a.value < b.value; });
    // Merge equal values (SQL may hand over 3 and 3.0 apart, or a caller may concatenate tables).
    std::vector<ValueCount> merged;
    for (const ValueCount& entry : distribution) {
        if (!merged.empty() && merged.back().value == entry.value) {
            merged.back().count += entry.count;
        } else {
            merged.push_back(entry);
        }
    }
    distribution = std::move(merged);
    if (distribution.empty()) return statistics;

    long double sum = 0;  // long double: millions of answers times large values stay exact enough
    for (const ValueCount& entry : distribution) {
        statistics.n += entry.count;
        sum += static_cast<long double>(entry.value) * static_cast<long double>(entry.count);
    }
    statistics.mean = static_cast<double>(sum / static_cast<long double>(statistics.n));
    statistics.min = distribution.front().value;
    statistics.max = distribution.back().value;
    const std::uint64_t n = statistics.n;
    statistics.median = n % 2 == 1 ? valueAtRank(distribution, n / 2)
                                   : (valueAtRank(distribution, n / 2 - 1) + valueAtRank(distribution, n / 2)) / 2;
    return statistics;
}

NpsStatistics computeNpsStatistics(std::span<const ValueCount> counts)
{
    NpsStatistics statistics;
    statistics.distribution = computeDistributionStatistics(counts);
    for (const ValueCount& entry : statistics.distribution.distribution) {
        if (entry.value < 0 || entry.value > 10 || entry.value != std::floor(entry.value)) {
            throw std::invalid_argument("NPS values are whole numbers from 0 to 10");
        }
        if (entry.value >= 9) {
            statistics.promoters += entry.count;
        } else if (entry.value >= 7) {
            statistics.passives += entry.count;
        } else {
            statistics.detractors += entry.count;
        }
    }
    const std::uint64_t n = statistics.distribution.n;
    if (n == 0) return statistics;
    // From counts rather than from two rounded percentages, so the score is exact before its one rounding.
    const double score = 100.0 *
                         (static_cast<double>(statistics.promoters) - static_cast<double>(statistics.detractors)) /
                         static_cast<double>(n);
    statistics.score = score;
    statistics.roundedScore = static_cast<int>(std::lround(score));
    return statistics;
}

json toJson(const ChoiceStatistics& statistics)
{
    json options = json::array();
    for (const OptionShare& option : statistics.options) {
        json entry{{"key", option.key},
                   {"label", option.label},
                   {"count", option.count},
                   {"percent_of_respondents", option.percentOfRespondents}};
        if (option.percentOfAnswers) entry["percent_of_answers"] = *option.percentOfAnswers;
        options.push_back(std::move(entry));
    }
    return {{"type", statistics.multiple ? "multiple_choice" : "single_choice"},
            {"respondents", statistics.respondents},
            {"answers", statistics.answers},
            {"options", std::move(options)}};
}

json toJson(const DistributionStatistics& statistics)
{
    json distribution = json::array();
    for (const ValueCount& entry : statistics.distribution) {
        distribution.push_back({{"value", entry.value}, {"count", entry.count}});
    }
    return {{"type", "distribution"},
            {"n", statistics.n},
            {"mean", optional(statistics.mean)},
            {"median", optional(statistics.median)},
            {"min", optional(statistics.min)},
            {"max", optional(statistics.max)},
            {"distribution", std::move(distribution)}};
}

json toJson(const NpsStatistics& statistics)
{
    json result = toJson(statistics.distribution);
    result["type"] = "nps";
    result["promoters"] = statistics.promoters;
    result["passives"] = statistics.passives;
    result["detractors"] = statistics.detractors;
    result["score"] = optional(statistics.score);
    result["rounded_score"] = statistics.roundedScore ? json(*statistics.roundedScore) : json(nullptr);
    return result;
}

json toJson(const TextStatistics& statistics)
{
    return {{"type", "text"}, {"non_empty", statistics.nonEmpty}};
}

json toJson(const QuestionStatistics& statistics)
{
    json result = std::visit([](const auto& figures) { return toJson(figures); }, statistics.figures);
    result["key"] = statistics.key;
    result["label"] = statistics.label;
    return result;
}

json toJson(const FormStatistics& statistics)
{
    json perDay = json::array();
    for (const DayCount& day : statistics.responsesPerDay) perDay.push_back({{"day", day.day}, {"count", day.count}});
    json questions = json::array();
    for (const QuestionStatistics& question : statistics.questions) questions.push_back(toJson(question));
    return {{"responses", statistics.responses},
            {"responses_per_day", std::move(perDay)},
            {"questions", std::move(questions)}};
}

}  // namespace tnt::exports
