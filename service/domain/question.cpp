// Question types by name, and a question's public JSON.
#include "service/domain/question.h"

#include <algorithm>
#include <array>
#include <utility>

namespace tnt::domain {

namespace {

constexpr std::array<std::pair<QuestionType, std::string_view>, 14> type_names = {{
    {QuestionType::short_text, "short_text"},
    {QuestionType::long_text, "long_text"},
    {QuestionType::email, "email"},
    {QuestionType::phone, "phone"},
    {QuestionType::number, "number"},
    {QuestionType::integer, "integer"},
    {QuestionType::date, "date"},
    {QuestionType::single_choice, "single_choice"},
    {QuestionType::multiple_choice, "multiple_choice"},
    {QuestionType::scale, "scale"},
    {QuestionType::nps, "nps"},
    {QuestionType::yes_no, "yes_no"},
    {QuestionType::consent, "consent"},
    {QuestionType::departement, "departement"},
}};

constexpr std::size_t short_text_limit = 500;

// Integral bounds print as integers ("5", not "5.0") so clients of integer questions get integers.
nlohmann::json numberJson(const std::optional<double>& value)
{
    if (!value) {
        return nullptr;
    }
    const auto integral = static_cast<long long>(*value);
    if (static_cast<double>(integral) == *value) {
        return integral;
    }
    return *value;
}
constexpr std::size_t long_text_limit = 10000;

}  // namespace

std::string_view toString(QuestionType type)
{
    for (const auto& [t, name] : type_names) {
        if (t == type) {
            return name;
        }
    }
    return "short_text";
}

std::optional<QuestionType> questionTypeFromString(std::string_view name)
{
    for (const auto& [t, n] : type_names) {
        if (n == name) {
            return t;
        }
    }
    return std::nullopt;
}

bool hasOptionKeys(QuestionType type)
{
    return type == QuestionType::single_choice || type == QuestionType::multiple_choice ||
           type == QuestionType::yes_no || type == QuestionType::consent;
}

namespace {

// The rule of what a question offers, written once: calls `emit(option)` for each choice in order, with the
// built-in ones. choices() copies them; acceptedOptionKeys() takes only the keys (it runs for every answer
// validated, so it copies no label).
template <class Emit>
void visitChoices(const Question& q, Emit&& emit)
{
    static const Option yes{std::string(yes_option_key), "Oui", {}};
    static const Option no{std::string(no_option_key), "Non", {}};
    switch (q.type) {
    case QuestionType::yes_no:
        emit(yes);
        emit(no);
        return;
    case QuestionType::consent:
        emit(yes);
        return;
    case QuestionType::single_choice:
    case QuestionType::multiple_choice: {
        for (const Option& option : q.options) emit(option);
        // The loader refuses an option keyed "autre" beside allow_other; older definitions read back by the
        // exports may still list it, and it must not appear twice.
        const bool listed =
            std::any_of(q.options.begin(), q.options.end(), [](const Option& o) { return o.key == other_option_key; });
        if (q.allow_other && !listed) {
            emit(Option{std::string(other_option_key), q.other_label.empty() ? "Autre" : q.other_label, {}});
        }
        return;
    }
    default:
        return;
    }
}

}  // namespace

std::vector<Option> Question::choices() const
{
    std::vector<Option> out;
    visitChoices(*this, [&out](const Option& choice) { out.push_back(choice); });
    return out;
}

std::vector<std::string> Question::acceptedOptionKeys() const
{
    std::vector<std::string> keys;
    visitChoices(*this, [&keys](const Option& choice) { keys.push_back(choice.key); });
    return keys;
}

std::size_t Question::textLimit() const
{
    if (max_length > 0) {
        return max_length;
    }
    return type == QuestionType::long_text ? long_text_limit : short_text_limit;
}

std::string_view Question::autocompleteToken() const
{
    if (!autocomplete.empty()) return autocomplete;
    if (type == QuestionType::email) return "email";
    if (type == QuestionType::phone) return "tel";
    return "";
}

nlohmann::json Question::toJson() const
{
    nlohmann::json out = {
        {"key", key}, {"type", toString(type)}, {"label", label}, {"help", help}, {"required", required}};
    switch (type) {
    case QuestionType::single_choice:
    case QuestionType::multiple_choice: {
        nlohmann::json list = nlohmann::json::array();
        for (const Option& option : options) {
            nlohmann::json o = {{"key", option.key}, {"label", option.label}};
            if (!option.help.empty()) {
                o["help"] = option.help;
            }
            list.push_back(std::move(o));
        }
        out["options"] = std::move(list);
        if (options_from == OptionsSource::groups) {
            out["options_from"] = "groups";
        }
        out["allow_other"] = allow_other;
        if (allow_other) {
            out["other_label"] = other_label;
            out["other_text_key"] = otherTextKey();
        }
        if (type == QuestionType::single_choice) {
            out["display"] = display == ChoiceDisplay::select ? "select" : "radio";
        } else {
            out["min_selected"] = min_selected ? nlohmann::json(*min_selected) : nlohmann::json(nullptr);
            out["max_selected"] = max_selected ? nlohmann::json(*max_selected) : nlohmann::json(nullptr);
        }
        break;
    }
    case QuestionType::number:
    case QuestionType::integer:
    case QuestionType::scale:
    case QuestionType::nps:
        out["min"] = numberJson(min);
        out["max"] = numberJson(max);
        if (type == QuestionType::scale || type == QuestionType::nps) {
            out["min_label"] = min_label;
            out["max_label"] = max_label;
        }
        break;
    case QuestionType::short_text:
    case QuestionType::long_text:
        out["max_length"] = textLimit();
        break;
    default:
        break;
    }
    // Only when written in the file: forms without the key keep their version.
    if (!autocomplete.empty()) out["autocomplete"] = autocomplete;
    if (visible_if) {
        out["visible_if"] = {{"question", visible_if->question}, {"equals", visible_if->values}};
    }
    return out;
}

}  // namespace tnt::domain
