#include "service/importing/row_conversion.h"

#include <algorithm>

#include "service/domain/answer_validation.h"
#include "service/domain/field_formats.h"
#include "service/importing/submission_time.h"

namespace tnt::importing {

RowConverter::RowConverter(const domain::Form& form, const ImportMapping& mapping,
                           const std::vector<std::string>& header)
    : form_(form), width_(header.size()), time_format_(mapping.submitted_at.format)
{
    const auto indexOf = [&header](const std::string& column) {
        return static_cast<std::size_t>(std::find(header.begin(), header.end(), column) - header.begin());
    };
    time_index_ = indexOf(mapping.submitted_at.column);
    for (std::size_t i = 0; i < header.size(); ++i) {
        const auto it = mapping.columns.find(header[i]);
        if (it == mapping.columns.end()) continue;
        std::string key = it->second.question;
        const bool otherText = key.ends_with(domain::other_text_suffix) && form.find(key) == nullptr;
        if (otherText) key.resize(key.size() - domain::other_text_suffix.size());
        const auto* question = form.find(key);
        if (question == nullptr) continue;  // checkMapping reported it
        columns_.push_back(Column{i, header[i], question, otherText, it->second.separator});
        field_columns_[it->second.question] = header[i];
        if (!otherText && domain::hasOptionKeys(question->type) && !matchers_.contains(key)) {
            const auto values = mapping.values.find(key);
            matchers_[key] =
                std::make_unique<ChoiceMatcher>(*question, values == mapping.values.end() ? nullptr : &values->second);
        }
    }
    // The "Autre" text found in a choice column is reported at that column when it has none of its own.
    for (const auto& column : columns_) {
        if (!column.other_text && column.question->allow_other)
            field_columns_.emplace(column.question->otherTextKey(), column.name);
    }
}

std::string RowConverter::describe(const std::string& field, const std::string& message) const
{
    const auto it = field_columns_.find(field);
    if (it != field_columns_.end()) return "colonne « " + it->second + " » : " + message;
    std::string key = field;
    if (key.ends_with(domain::other_text_suffix) && form_.find(key) == nullptr)
        key.resize(key.size() - domain::other_text_suffix.size());
    if (const auto* question = form_.find(key))
        return "question « " + question->label + " » (sans colonne) : " + message;
    return field + " : " + message;
}

void RowConverter::addValidationProblems(ConvertedRow& row) const
{
    if (row.malformed) return;
    for (const auto& [field, message] : domain::validateAnswers(form_, row.answers).errors) {
        std::string key = field;
        if (key.ends_with(domain::other_text_suffix) && form_.find(key) == nullptr) {
            key.resize(key.size() - domain::other_text_suffix.size());
        }
        if (!row.unconverted.contains(key)) row.problems.push_back(describe(field, message));
    }
}

ConvertedRow RowConverter::convert(const std::vector<std::string>& fields) const
{
    ConvertedRow row;
    if (fields.size() != width_) {
        row.problems.push_back("la ligne a " + std::to_string(fields.size()) + " colonne(s) au lieu de " +
                               std::to_string(width_) + " : un séparateur ou un guillemet mal placé ?");
        row.malformed = true;
        return row;
    }
    const auto time = parseSubmissionTime(fields[time_index_], time_format_);
    if (time.value) {
        row.submitted_at = time.value;
    } else {
        row.problems.push_back("date de soumission : " + time.error);
    }
    std::map<std::string, std::string> implicitOtherTexts;
    for (const auto& column : columns_) {
        const auto& field = fields[column.index];
        if (column.other_text) {
            const auto text = domain::trimText(field);
            if (!text.empty()) row.answers[column.question->otherTextKey()] = text;
            continue;
        }
        const auto matcher = matchers_.find(column.question->key);
        const auto cell = convertCell(*column.question, matcher == matchers_.end() ? nullptr : matcher->second.get(),
                                      field, column.separator);
        if (!cell.error.empty()) {
            row.problems.push_back("colonne « " + column.name + " » : " + cell.error);
            row.unconverted.insert(column.question->key);
            continue;
        }
        if (!cell.value.is_null()) row.answers[column.question->key] = cell.value;
        if (cell.other_text) implicitOtherTexts[column.question->otherTextKey()] = *cell.other_text;
    }
    // A column of its own for the "Autre" text wins over the unknown wording found in the choice column.
    for (auto& [key, text] : implicitOtherTexts) {
        if (!row.answers.contains(key)) row.answers[key] = std::move(text);
    }
    return row;
}

}  // namespace tnt::importing
