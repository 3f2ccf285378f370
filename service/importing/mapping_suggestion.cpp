#include "service/importing/mapping_suggestion.h"

#include <array>
#include <set>

#include "service/domain/label_matching.h"

namespace tnt::importing {

using domain::normaliseLabel;

namespace {

// The submission time columns of the exports we know, best first: ours (text labels, codes), then others'.
constexpr std::array<std::string_view, 13> time_columns{"Date de soumission (heure de Paris)",
                                                        "submitted_at_paris",
                                                        "Date de soumission",
                                                        "Heure de soumission",
                                                        "Date de réponse",
                                                        "Soumis le",
                                                        "Submitted",
                                                        "Submitted Time",
                                                        "Completed Time",
                                                        "Created",
                                                        "Created time",
                                                        "Date de création",
                                                        "Date"};

}  // namespace

MappingSuggestion suggestMapping(const domain::Form& form, const std::vector<std::string>& header)
{
    MappingSuggestion suggestion;
    std::set<std::string> mappedQuestions;

    std::size_t bestTime = time_columns.size();
    for (const auto& column : header) {
        const auto name = normaliseLabel(column);
        for (std::size_t i = 0; i < bestTime; ++i) {
            if (name == normaliseLabel(time_columns[i])) {
                bestTime = i;
                suggestion.mapping.submitted_at.column = column;
            }
        }
    }
    if (suggestion.mapping.submitted_at.column.empty()) {
        suggestion.mapping.submitted_at.column = "À COMPLÉTER : colonne de la date de soumission";
    }

    for (const auto& column : header) {
        if (column == suggestion.mapping.submitted_at.column) continue;
        const auto name = normaliseLabel(column);
        const domain::Question* found = nullptr;
        bool otherText = false;
        for (const auto& question : form.questions) {
            if (!mappedQuestions.contains(question.key) &&
                (name == normaliseLabel(question.label) || name == normaliseLabel(question.key))) {
                found = &question;
                break;
            }
            if (question.allow_other && !mappedQuestions.contains(question.otherTextKey()) &&
                (name == normaliseLabel(question.otherTextKey()) ||
                 name == normaliseLabel(question.label + " " + question.other_label))) {
                found = &question;
                otherText = true;
                break;
            }
        }
        if (found == nullptr) {
            suggestion.mapping.ignore.push_back(column);
            suggestion.comments[column] = "aucune question ne porte ce libellé : à associer ou à laisser ignorée";
            continue;
        }
        const std::string target = otherText ? found->otherTextKey() : found->key;
        mappedQuestions.insert(target);
        suggestion.mapping.columns[column] = ColumnTarget{target, ""};
        suggestion.comments[column] = std::string(domain::toString(found->type));
    }
    for (const auto& question : form.questions) {
        if (!mappedQuestions.contains(question.key)) suggestion.unmatched_questions.push_back(question.key);
    }
    return suggestion;
}

}  // namespace tnt::importing
