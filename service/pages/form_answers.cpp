#include "service/pages/form_answers.h"

#include <algorithm>

namespace tnt::pages {
namespace {

bool blank(const std::string& text)
{
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
}

std::vector<std::string> valuesOf(const PostedFields& fields, const std::string& name)
{
    std::vector<std::string> out;
    for (const auto& [key, value] : fields) {
        if (key == name && !blank(value)) out.push_back(value);
    }
    return out;
}

}  // namespace

std::string fieldValue(const PostedFields& fields, const std::string& name)
{
    const auto values = valuesOf(fields, name);
    return values.empty() ? std::string() : values.back();
}

nlohmann::json answersFromFields(const domain::Form& form, const PostedFields& fields)
{
    nlohmann::json answers = nlohmann::json::object();
    const std::string other(domain::other_option_key);
    for (const auto& q : form.questions) {
        auto values = valuesOf(fields, q.key);
        const auto other_text = q.allow_other ? fieldValue(fields, q.otherTextKey()) : std::string();
        if (q.type == domain::QuestionType::multiple_choice) {
            if (!other_text.empty() && std::find(values.begin(), values.end(), other) == values.end()) {
                values.push_back(other);
            }
            if (!values.empty()) answers[q.key] = values;
        } else if (!values.empty()) {
            answers[q.key] = values.back();
        } else if (!other_text.empty() && q.type == domain::QuestionType::single_choice) {
            answers[q.key] = other;
        }
        const bool other_chosen = answers.contains(q.key) &&
                                  (answers[q.key] == other ||
                                   (answers[q.key].is_array() && std::find(answers[q.key].begin(), answers[q.key].end(),
                                                                           other) != answers[q.key].end()));
        if (!other_text.empty() && other_chosen) answers[q.otherTextKey()] = other_text;
    }
    return answers;
}

}  // namespace tnt::pages
