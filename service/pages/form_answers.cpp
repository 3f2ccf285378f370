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

PostedFields fieldsFromAnswers(const domain::Form& form, const nlohmann::json& answers)
{
    PostedFields fields;
    if (!answers.is_object()) return fields;
    auto text = [](const nlohmann::json& value, const domain::Question* q) -> std::string {
        if (value.is_string()) return value.get<std::string>();
        if (value.is_boolean()) {
            if (q != nullptr && q->type == domain::QuestionType::consent) return value.get<bool>() ? "on" : "";
            return value.get<bool>() ? "oui" : "non";
        }
        if (value.is_number()) return value.dump();
        return "";
    };
    for (auto it = answers.begin(); it != answers.end(); ++it) {
        const auto* q = form.find(it.key());
        if (it.value().is_array()) {
            for (const auto& element : it.value()) {
                if (auto t = text(element, q); !t.empty()) fields.emplace_back(it.key(), std::move(t));
            }
        } else if (auto t = text(it.value(), q); !t.empty()) {
            fields.emplace_back(it.key(), std::move(t));
        }
    }
    return fields;
}

}  // namespace tnt::pages
