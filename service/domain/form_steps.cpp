#include "service/domain/form_steps.h"

#include <algorithm>

#include "service/domain/answer_validation.h"

namespace tnt::domain {
namespace {

// The question an answer key is about: "fonction.autre" → "fonction".
std::string_view questionOf(std::string_view answer_key)
{
    const std::string_view suffix(other_text_suffix);
    if (answer_key.size() > suffix.size() && answer_key.substr(answer_key.size() - suffix.size()) == suffix) {
        return answer_key.substr(0, answer_key.size() - suffix.size());
    }
    return answer_key;
}

bool showsAQuestion(const Form& form, std::size_t step, const std::set<std::string>& hidden)
{
    if (form.single_page) return true;
    const auto& keys = form.sections.at(step).question_keys;
    return std::any_of(keys.begin(), keys.end(), [&](const std::string& key) { return hidden.count(key) == 0; });
}

std::size_t nextShown(const Form& form, std::size_t step, const std::set<std::string>& hidden)
{
    for (auto next = step + 1; next < form.stepCount(); ++next) {
        if (showsAQuestion(form, next, hidden)) return next;
    }
    return form.stepCount();
}

std::size_t previousShown(const Form& form, std::size_t step, const std::set<std::string>& hidden)
{
    for (auto previous = std::min(step, form.stepCount()); previous > 0; --previous) {
        if (showsAQuestion(form, previous - 1, hidden)) return previous - 1;
    }
    return 0;
}

}  // namespace

bool belongsToStep(const Form& form, std::size_t step, std::string_view answer_key)
{
    if (step >= form.stepCount()) return false;
    if (form.single_page) return form.find(questionOf(answer_key)) != nullptr;
    const auto& keys = form.sections[step].question_keys;
    return std::find(keys.begin(), keys.end(), questionOf(answer_key)) != keys.end();
}

namespace {

// The questions of `step` that `hidden` holds because of an answer given on another step.
std::set<std::string> hiddenFromOtherSteps(const Form& form, std::size_t step, const std::set<std::string>& hidden)
{
    std::set<std::string> out;
    if (form.single_page || step >= form.stepCount()) return out;
    for (const auto& key : form.sections[step].question_keys) {
        const auto* q = form.find(key);
        if (q == nullptr || !q->visible_if || hidden.count(key) == 0) continue;
        if (!belongsToStep(form, step, q->visible_if->question)) out.insert(key);
    }
    return out;
}

}  // namespace

nlohmann::json mergeStepAnswers(const Form& form, std::size_t step, const nlohmann::json& draft,
                                const nlohmann::json& step_answers)
{
    nlohmann::json merged = nlohmann::json::object();
    if (draft.is_object()) {
        for (auto it = draft.begin(); it != draft.end(); ++it) {
            if (!belongsToStep(form, step, it.key())) merged[it.key()] = it.value();
        }
    }
    if (step_answers.is_object()) {
        for (auto it = step_answers.begin(); it != step_answers.end(); ++it) {
            if (belongsToStep(form, step, it.key())) merged[it.key()] = it.value();
        }
    }
    return merged;
}

std::map<std::string, std::string> stepErrors(const Form& form, std::size_t step,
                                              const std::map<std::string, std::string>& errors)
{
    std::map<std::string, std::string> out;
    for (const auto& [key, message] : errors) {
        if (belongsToStep(form, step, key)) out.emplace(key, message);
    }
    return out;
}

std::optional<std::size_t> firstStepWithError(const Form& form, const std::map<std::string, std::string>& errors)
{
    for (std::size_t step = 0; step < form.stepCount(); ++step) {
        if (!stepErrors(form, step, errors).empty()) return step;
    }
    return std::nullopt;
}

std::size_t nextStep(const Form& form, std::size_t step, const nlohmann::json& answers)
{
    return nextShown(form, step, validateAnswers(form, answers).hidden);
}

std::size_t previousStep(const Form& form, std::size_t step, const nlohmann::json& answers)
{
    return previousShown(form, step, validateAnswers(form, answers).hidden);
}

bool isLastStep(const Form& form, std::size_t step, const nlohmann::json& answers)
{
    return nextStep(form, step, answers) >= form.stepCount();
}

std::set<std::string> hiddenOnStep(const Form& form, std::size_t step, const nlohmann::json& answers)
{
    return hiddenFromOtherSteps(form, step, validateAnswers(form, answers).hidden);
}

StepPosition stepPosition(const Form& form, std::size_t step, const nlohmann::json& answers)
{
    const auto hidden = validateAnswers(form, answers).hidden;
    return {.last = nextShown(form, step, hidden) >= form.stepCount(),
            .has_previous = previousShown(form, step, hidden) != step,
            .hidden = hiddenFromOtherSteps(form, step, hidden)};
}

TimePoint draftExpiry(const Form& form, TimePoint now)
{
    const auto days = form.retention_days > 0 ? form.retention_days : 365;
    const auto kept = now + std::chrono::hours(24) * days;
    const auto refused = form.window.refusesFrom();
    return refused ? std::min(kept, *refused) : kept;
}

TimePoint announcedDraftExpiry(const Form& form, TimePoint expires_at)
{
    const auto refused = form.window.refusesFrom();
    if (refused && form.window.closes_at && expires_at >= *refused) return TimePoint{*form.window.closes_at};
    return expires_at;
}

}  // namespace tnt::domain
