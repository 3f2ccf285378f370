// One record of an export turned into the answers and time the submission service takes, following a
// checked mapping; and the French wording of a problem at the column a person would look at.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "service/domain/form.h"
#include "service/importing/import_mapping.h"
#include "service/importing/value_conversion.h"

namespace tnt::importing {

struct ConvertedRow {
    nlohmann::json answers = nlohmann::json::object();
    std::optional<domain::TimePoint> submitted_at;
    std::vector<std::string> problems;  // one French sentence per problem, naming its column
    std::set<std::string> unconverted;  // question keys whose cell could not be converted (left out of answers)
    bool malformed = false;  // not as many fields as the header: nothing else is looked at

    bool ok() const { return problems.empty() && submitted_at.has_value(); }
};

class RowConverter {
public:
    // `mapping` must have passed checkMapping for this form and header.
    RowConverter(const domain::Form& form, const ImportMapping& mapping, const std::vector<std::string>& header);

    ConvertedRow convert(const std::vector<std::string>& fields) const;

    // "colonne « Adresse électronique » : <message>" for an answer key of the form ("email", "fonction.autre"),
    // or "question « Vos prénom et nom » : <message>" when no column feeds it.
    std::string describe(const std::string& field, const std::string& message) const;

    // For a row already refused: the form's validation of the answers that could be converted, so the
    // reject file lists every problem of the row at once, not one per attempt.
    void addValidationProblems(ConvertedRow& row) const;

private:
    struct Column {
        std::size_t index;
        std::string name;
        const domain::Question* question;
        bool other_text;  // the column is "<key>.autre"
        std::string separator;
    };

    const domain::Form& form_;
    std::size_t width_;
    std::size_t time_index_;
    std::string time_format_;
    std::vector<Column> columns_;
    std::map<std::string, std::string> field_columns_;  // answer key → column name
    std::map<std::string, std::unique_ptr<ChoiceMatcher>> matchers_;
};

}  // namespace tnt::importing
