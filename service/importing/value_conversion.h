// Turns one cell of an export into the answer the API would have received: option labels into option keys,
// oui/non in every spelling, decimal commas, French dates. What cannot be converted is an error naming the
// value; everything else (e-mails, phones, required answers, limits) is left to the form's validation.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "service/domain/question.h"

namespace tnt::importing {

// Finds the option a file's wording stands for: its label, its key, "key label" (Airtable's "GP3 Cybersécurité"),
// or a wording given in the mapping's `values`, all compared with normaliseLabel.
class ChoiceMatcher {
public:
    ChoiceMatcher(const domain::Question& question, const std::map<std::string, std::string>* fileWordings);

    std::optional<std::string> match(std::string_view wording) const;

private:
    std::unordered_map<std::string, std::string> keys_;  // normalised wording → option key
};

struct CellConversion {
    nlohmann::json value;  // null: no answer (an empty cell, an unticked consent)
    std::optional<std::string> other_text;  // the text of "Autre" for a choice that allows it
    std::string error;  // French sentence; value is null when set
};

// `separator` (multiple choice only): what joins the choices; empty: '|' if the cell has one, else a line
// break if it has one, else ','. Choices are matched longest first, so a label containing the separator
// ("L'attractivité du territoire (entreprises, habitants)") is still one choice. Choices that match no
// option become the "Autre" text when the question allows it, an error otherwise.
CellConversion convertCell(const domain::Question& question, const ChoiceMatcher* matcher, std::string_view raw,
                           std::string_view separator = {});

// "08/12/2021" → "2021-12-08"; anything else unchanged.
std::string frenchDateToIso(std::string_view text);

}  // namespace tnt::importing
