#include "service/reporting/form_statistics.h"

#include <map>

#include "exports/paris_time.h"

namespace tnt::reporting {
namespace {

using domain::QuestionType;

std::uint64_t lookup(const std::map<std::string, std::uint64_t>& m, const std::string& key)
{
    const auto it = m.find(key);
    return it == m.end() ? 0 : it->second;
}

std::vector<exports::OptionCount> optionCounts(const domain::Question& q,
                                               const std::map<std::string, std::uint64_t>& counts)
{
    std::vector<exports::OptionCount> out;
    if (q.type == QuestionType::departement) {
        for (const auto& [code, n] : counts) out.push_back({code, code, n});
        return out;
    }
    for (auto& choice : q.choices()) {
        const auto n = lookup(counts, choice.key);
        out.push_back({std::move(choice.key), std::move(choice.label), n});
    }
    return out;
}

std::vector<exports::ValueCount> valueCounts(const std::vector<std::pair<double, std::uint64_t>>* rows)
{
    std::vector<exports::ValueCount> out;
    if (rows == nullptr) return out;
    for (const auto& [value, n] : *rows) out.push_back({value, n});
    return out;
}

std::vector<exports::DayCount> perParisDay(const std::vector<std::pair<std::chrono::local_days, std::uint64_t>>& days)
{
    std::vector<exports::DayCount> out;
    out.reserve(days.size());
    for (const auto& [day, n] : days) out.push_back({exports::formatDay(day), n});
    return out;
}

}  // namespace

exports::FormStatistics buildStatistics(const domain::Form& form, const storage::AggregatedAnswers& a,
                                        const GroupScope& scope)
{
    exports::FormStatistics stats;
    stats.responses = a.responses;
    stats.responsesPerDay = perParisDay(a.per_day);
    static const std::map<std::string, std::uint64_t> none;
    for (const auto& q : form.questions) {
        exports::QuestionStatistics qs;
        qs.key = q.key;
        qs.label = q.label;
        const auto respondents = lookup(a.respondents, q.key);
        const auto options = a.option_counts.find(q.key);
        const auto values = a.value_counts.find(q.key);
        const auto* value_rows = values == a.value_counts.end() ? nullptr : &values->second;
        switch (q.type) {
        case QuestionType::single_choice:
        case QuestionType::multiple_choice:
        case QuestionType::yes_no:
        case QuestionType::consent:
        case QuestionType::departement: {
            auto counts = optionCounts(q, options == a.option_counts.end() ? none : options->second);
            if (q.options_from == domain::OptionsSource::groups) scope.apply(counts);
            qs.figures = exports::computeChoiceStatistics(counts, respondents, q.type == QuestionType::multiple_choice);
            break;
        }
        case QuestionType::nps:
            qs.figures = exports::computeNpsStatistics(valueCounts(value_rows));
            break;
        case QuestionType::number:
        case QuestionType::integer:
        case QuestionType::scale:
            qs.figures = exports::computeDistributionStatistics(valueCounts(value_rows));
            break;
        default:
            qs.figures = exports::TextStatistics{respondents};
            break;
        }
        stats.questions.push_back(std::move(qs));
    }
    return stats;
}

}  // namespace tnt::reporting
