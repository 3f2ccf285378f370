#include "service/reporting/export_plan.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

#include "service/domain/question.h"

namespace tnt::reporting {
namespace {

exports::QuestionKind kindOf(const std::string& type)
{
    using exports::QuestionKind;
    static const std::map<std::string, QuestionKind> kinds{
        {"short_text", QuestionKind::text},
        {"long_text", QuestionKind::long_text},
        {"email", QuestionKind::email},
        {"phone", QuestionKind::phone},
        {"date", QuestionKind::date},
        {"number", QuestionKind::number},
        {"integer", QuestionKind::number},
        {"scale", QuestionKind::scale},
        {"nps", QuestionKind::nps},
        {"single_choice", QuestionKind::single_choice},
        {"multiple_choice", QuestionKind::multiple_choice},
        {"yes_no", QuestionKind::yes_no},
        {"consent", QuestionKind::yes_no},
        {"departement", QuestionKind::text}};  // the code ("2A") is what pilots sort and filter by
    const auto it = kinds.find(type);
    return it == kinds.end() ? QuestionKind::text : it->second;
}

// What Question::choices() reads of a stored definition (Question::toJson of one version), so an old version's
// choices are named as the current ones are.
domain::Question choiceQuestionOf(const nlohmann::json& q)
{
    domain::Question out;
    out.type = domain::questionTypeFromString(q.value("type", "short_text")).value_or(domain::QuestionType::short_text);
    if (q.contains("options") && q["options"].is_array()) {
        for (const auto& o : q["options"]) out.options.push_back({o.value("key", ""), o.value("label", ""), {}});
    }
    out.allow_other = q.value("allow_other", false);
    out.other_label = q.value("other_label", out.other_label);
    return out;
}

exports::ExportQuestion toExportQuestion(const nlohmann::json& q)
{
    exports::ExportQuestion out;
    out.key = q.value("key", "");
    out.label = q.value("label", out.key);
    out.kind = kindOf(q.value("type", "short_text"));
    const domain::Question question = choiceQuestionOf(q);
    for (auto& choice : question.choices()) out.options.push_back({std::move(choice.key), std::move(choice.label)});
    out.hasOther = question.allow_other;
    return out;
}

std::vector<nlohmann::json> questionsOf(const std::string& definition)
{
    std::vector<nlohmann::json> out;
    const auto json = nlohmann::json::parse(definition);
    for (const auto& section : json.value("sections", nlohmann::json::array())) {
        for (const auto& q : section.value("questions", nlohmann::json::array())) out.push_back(q);
    }
    return out;
}

void mergeOptions(exports::ExportQuestion& into, const exports::ExportQuestion& older)
{
    for (const auto& o : older.options) {
        const bool known =
            std::any_of(into.options.begin(), into.options.end(), [&](const auto& x) { return x.key == o.key; });
        if (!known) into.options.push_back(o);
    }
    into.hasOther = into.hasOther || older.hasOther;
}

bool offersGroups(const nlohmann::json& q)
{
    return q.value("options_from", "") == "groups";
}

}  // namespace

std::vector<exports::ExportQuestion> exportQuestions(const std::vector<std::string>& definitions,
                                                     const GroupScope& scope)
{
    if (definitions.empty()) return {};
    std::vector<exports::ExportQuestion> current;
    std::vector<std::string> groupQuestions;
    for (const auto& q : questionsOf(definitions.back())) {
        current.push_back(toExportQuestion(q));
        if (offersGroups(q)) groupQuestions.push_back(current.back().key);
    }
    std::vector<exports::ExportQuestion> removed;
    // Newest older version first, so a removed question keeps its latest wording.
    for (auto it = definitions.rbegin() + 1; it != definitions.rend(); ++it) {
        for (const auto& q : questionsOf(*it)) {
            auto older = toExportQuestion(q);
            if (offersGroups(q)) groupQuestions.push_back(older.key);
            auto same = [&](const exports::ExportQuestion& x) { return x.key == older.key; };
            if (auto c = std::find_if(current.begin(), current.end(), same); c != current.end()) {
                mergeOptions(*c, older);
            } else if (auto r = std::find_if(removed.begin(), removed.end(), same); r != removed.end()) {
                mergeOptions(*r, older);
            } else {
                older.removed = true;
                removed.push_back(std::move(older));
            }
        }
    }
    current.insert(current.end(), removed.begin(), removed.end());
    for (auto& question : current) {
        if (std::find(groupQuestions.begin(), groupQuestions.end(), question.key) != groupQuestions.end()) {
            scope.apply(question);
        }
    }
    return current;
}

exports::ColumnPlan planResponseColumns(const std::vector<std::string>& definitions, exports::ExportOptions options,
                                        const GroupScope& scope)
{
    options.registrationStates = std::any_of(definitions.begin(), definitions.end(), [](const std::string& d) {
        const auto questions = questionsOf(d);
        return std::any_of(questions.begin(), questions.end(), offersGroups);
    });
    options.registrationGroups = scope.groups;  // a group pilot sees the state in their groups only
    return exports::planColumns(exportQuestions(definitions, scope), options);
}

}  // namespace tnt::reporting
