// The steps of a form's page: one section per step (Form::stepCount). Which answers belong to a step, how a
// step's answers replace the same step's in a draft, which errors a step shows, and where "Suivant" and
// "Précédent" lead — a step whose questions visible_if all hides, given the answers so far, is skipped.
// Pure: the page handlers and the drafts build on it.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "service/domain/form.h"

namespace tnt::domain {

// Whether `answer_key` (a question key or "<key>.autre") is answered on step `step`.
bool belongsToStep(const Form& form, std::size_t step, std::string_view answer_key);

// `draft` with the answers of step `step` replaced by those of `step_answers` (its keys of other steps are
// ignored): an answer cleared on the step is cleared in the draft, the other steps' answers are kept.
nlohmann::json mergeStepAnswers(const Form& form, std::size_t step, const nlohmann::json& draft,
                                const nlohmann::json& step_answers);

// The errors (of validateAnswers on the whole draft) that step `step` shows.
std::map<std::string, std::string> stepErrors(const Form& form, std::size_t step,
                                              const std::map<std::string, std::string>& errors);

// The first step with one of `errors`; nullopt when none is on a step (an error about the whole answers).
std::optional<std::size_t> firstStepWithError(const Form& form, const std::map<std::string, std::string>& errors);

// The step after `step` that shows a question given `answers`, or stepCount() when there is none (the
// answers are ready to send).
std::size_t nextStep(const Form& form, std::size_t step, const nlohmann::json& answers);

// The step before `step` that shows a question given `answers` (0 at the latest).
std::size_t previousStep(const Form& form, std::size_t step, const nlohmann::json& answers);

// Whether `step` is the last one that shows a question given `answers` (its button sends the answers).
bool isLastStep(const Form& form, std::size_t step, const nlohmann::json& answers);

// What a step's page needs, from one validation of `answers`: whether it is the last step shown, whether a
// step before it is shown, and hiddenOnStep().
struct StepPosition {
    bool last = false;
    bool has_previous = false;
    std::set<std::string> hidden;
};
StepPosition stepPosition(const Form& form, std::size_t step, const nlohmann::json& answers);

// The questions of `step` that visible_if hides given `answers`, when the answer that hides them is given
// on another step: the step leaves them out (one controlled from the same step is shown, with its
// condition, as on a single page).
std::set<std::string> hiddenOnStep(const Form& form, std::size_t step, const nlohmann::json& answers);

// When a draft started or changed at `now` lapses: when the form stops accepting answers, and at most its
// retention (a year without retention_days) after its last change.
TimePoint draftExpiry(const Form& form, TimePoint now);

// The expiry as respondents are told it: the form's announced closing (its last second, without the grace
// the server adds) when the draft lapses with the form, else the expiry itself.
TimePoint announcedDraftExpiry(const Form& form, TimePoint expires_at);

}  // namespace tnt::domain
