// One question of a form: its type, wording and the rules its answer must follow. Keys are stable: they name
// the answer in storage and exports, so a wording can change without losing the meaning of stored answers.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace tnt::domain {

enum class QuestionType {
    short_text,
    long_text,
    email,
    phone,
    number,
    integer,
    date,
    single_choice,
    multiple_choice,
    scale,
    nps,
    yes_no,
    consent,
    departement,
};

// The words used in form files and in the JSON definition ("short_text", "single_choice", …).
std::string_view toString(QuestionType type);
std::optional<QuestionType> questionTypeFromString(std::string_view name);

// Types whose answer is one or more option keys (yes_no: "oui"/"non"; consent: "oui"), listed by
// Question::choices().
bool hasOptionKeys(QuestionType type);

// How a single choice is drawn: radio buttons for a few options, a select for long lists.
enum class ChoiceDisplay { radio, select };

struct Option {
    std::string key;  // stored and exported
    std::string label;  // shown
    std::string help;  // optional detail under the label (a group's objective)
};

// The option key that stands for "Autre" when a choice allows its own text, and the suffix of the answer key
// carrying that text: question "fonction" → answer keys "fonction" = "autre" and "fonction.autre" = "…".
inline constexpr std::string_view other_option_key = "autre";
inline constexpr std::string_view other_text_suffix = ".autre";
// The option keys of the built-in choices: yes_no answers "oui" or "non", a ticked consent "oui".
inline constexpr std::string_view yes_option_key = "oui";
inline constexpr std::string_view no_option_key = "non";

// The autocomplete tokens a form file may give a question, and the one type each fits ("off" fits all three:
// an address that is not the respondent's own). Personal fields only: the purposes of WCAG 1.3.5.
struct AutocompleteToken {
    std::string_view token;
    std::optional<QuestionType> type;  // none: short_text, email and phone
};
inline constexpr AutocompleteToken autocomplete_tokens[] = {{"name", QuestionType::short_text},
                                                            {"given-name", QuestionType::short_text},
                                                            {"family-name", QuestionType::short_text},
                                                            {"organization", QuestionType::short_text},
                                                            {"organization-title", QuestionType::short_text},
                                                            {"email", QuestionType::email},
                                                            {"tel", QuestionType::phone},
                                                            {"off", std::nullopt}};

// Shown only when an earlier question's answer is one of `values` (for a multiple choice: any of them
// selected). When hidden, the question is not required and its answer is dropped.
struct VisibleIf {
    std::string question;
    std::vector<std::string> values;
};

enum class OptionsSource { inline_list, groups };

struct Question {
    std::string key;
    QuestionType type = QuestionType::short_text;
    std::string label;
    std::string help;
    bool required = false;

    // single_choice / multiple_choice
    std::vector<Option> options;
    OptionsSource options_from = OptionsSource::inline_list;  // groups: filled from the group catalogue
    ChoiceDisplay display = ChoiceDisplay::radio;
    bool allow_other = false;
    std::string other_label = "Autre";
    std::optional<int> min_selected;
    std::optional<int> max_selected;

    // number / integer / scale (scale defaults 1–5, nps is always 0–10)
    std::optional<double> min;
    std::optional<double> max;
    std::string min_label;  // scale/nps: wording of the low end
    std::string max_label;  // scale/nps: wording of the high end

    // short_text / long_text; 0 = the type's default
    std::size_t max_length = 0;

    // short_text / email / phone: the HTML autocomplete token of a personal field ("given-name", "email"…;
    // RGAA 11.13, WCAG 1.3.5) as written in the form file; empty = the type's default (see autocompleteToken).
    std::string autocomplete;

    std::optional<VisibleIf> visible_if;

    // The answer key of the "other" text: "<key>.autre".
    std::string otherTextKey() const { return key + std::string(other_text_suffix); }
    // The choices the question offers, in the order they are shown, built-in ones included: yes_no → Oui, Non;
    // consent → Oui; single or multiple choice → its options, then « Autre » (other_label, « Autre » when empty)
    // when allow_other.
    // Empty for the other types (a département's code is its own key). Pages, statistics, exports and the
    // importer all read the vocabulary from here.
    std::vector<Option> choices() const;
    // The keys of choices(): what an answer may hold.
    std::vector<std::string> acceptedOptionKeys() const;
    // The effective text limit in characters (500 for short texts, 10,000 for long ones by default).
    std::size_t textLimit() const;
    // The autocomplete token the page sets: the form file's, else "email" for an e-mail, "tel" for a phone,
    // else none ("").
    std::string_view autocompleteToken() const;

    nlohmann::json toJson() const;
};

}  // namespace tnt::domain
