// Validation of submitted answers against the form being served (issue 4's rules), shared by the JSON API
// and the HTML form handler. Pure: the same input always gives the same errors or the same normalised
// answers, so the server's decision is testable without HTTP or a database.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "service/domain/form.h"

namespace tnt::domain {

// One answer row, what statistics count (stored with its response as responses.answer_rows, without
// the text, which the answers JSON keeps):
//   text types (short_text, long_text, email, phone, date): text
//   number, integer, scale, nps: number
//   single_choice, multiple_choice: one row per selected option, option_key; the "autre" row carries the
//     respondent's own text in `text`
//   yes_no: option_key "oui" or "non"; consent: option_key "oui"; departement: option_key = its code ("2A")
struct AnswerRow {
    std::string question_key;
    std::string option_key;  // "" when the question has no options
    std::optional<double> number;
    std::optional<std::string> text;

    bool operator==(const AnswerRow&) const = default;
};

struct NormalizedAnswers {
    // Canonical answers for faithful storage and export: only visible, non-empty answers, keyed by question
    // key. Strings are trimmed; emails have a lowercase domain; phones are "01 23 45 67 89"; integers,
    // scales and NPS are JSON integers, numbers JSON numbers; single choice is its option key, multiple
    // choice an array of option keys in the form's order; yes_no is "oui"/"non"; consent is true; the
    // "other" text is under "<question>.autre".
    nlohmann::json answers = nlohmann::json::object();
    std::vector<AnswerRow> rows;  // in form order
};

struct ValidationResult {
    // Field key (a question key, "<question>.autre", or an unknown key as submitted) → one French sentence.
    std::map<std::string, std::string> errors;
    NormalizedAnswers normalized;  // meaningful only when ok()
    // The questions visible_if hides given these answers (a question whose own answer is invalid hides its
    // dependants): what a step-by-step page skips. Set whether or not ok().
    std::set<std::string> hidden;

    bool ok() const { return errors.empty(); }
};

// `submitted` is a JSON object of answers as the API receives them (strings, numbers, booleans, arrays for
// multiple choice); the HTML handler passes the same shape with strings and arrays of strings, so numeric
// strings ("12,5" too), "oui"/"non"/"true"/"false" for yes_no and "on"/"true"/"oui" for consent are
// accepted. Unknown keys are rejected; a question hidden by visible_if is not required and its answer is
// dropped.
ValidationResult validateAnswers(const Form& form, const nlohmann::json& submitted);

// Whether `question` is shown given the answers already normalised (those of earlier questions).
bool isVisible(const Question& question, const nlohmann::json& normalizedAnswers);

}  // namespace tnt::domain
