// What a response export looks like: the columns planned from a form's questions (across all its versions)
// and each response turned into the cells of one row. Plain structs, independent of the service's domain
// types, so the export can be tested without a database and the domain can change without breaking CSVs.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "exports/csv_dialect.h"
#include "exports/row_sink.h"
#include "exports/paris_time.h"

namespace tnt::exports {

enum class QuestionKind {
    text,
    long_text,
    email,
    phone,
    date,
    number,
    scale,
    nps,
    single_choice,
    multiple_choice,
    yes_no
};

struct ExportOption {
    std::string key;
    std::string label;
};

struct ExportQuestion {
    std::string key;
    std::string label;
    QuestionKind kind = QuestionKind::text;
    // For choices: the union of the options of every version, so an old answer still finds its column.
    std::vector<ExportOption> options;
    // The question offers "Autre, précisez": its text is stored under "<key>.autre" and gets its own column.
    bool hasOther = false;
    // Only in older versions of the form: exported after the current questions.
    bool removed = false;
    // The options are all the reader may see: a chosen key outside them is left out instead of exported
    // as is (a group pilot sees only their own groups, not the others a registrant joined).
    bool onlyListedOptions = false;
};

enum class LabelMode {
    text,  // headers and choices as people read them ("Oui", "Cybersécurité")
    codes,  // keys, for re-import and analysis tools ("1", "gp5")
};

enum class MultipleChoiceLayout {
    column_per_option,  // one 0/1 column per option: what pilots sum in a spreadsheet
    joined,  // one column, labels joined by " | " (labels often contain commas, never '|')
};

struct ExportOptions {
    LabelMode labels = LabelMode::text;
    MultipleChoiceLayout multiple = MultipleChoiceLayout::column_per_option;
    CsvDialect dialect = CsvDialect::excel();  // for the decimal separator of numbers
    // A registration form: a last column with the state of the sign-up in each group ("GP1 : inscrit ;
    // GP3 : en liste d'attente"), given to the formatter with each row.
    bool registrationStates = false;
    std::vector<std::string> registrationGroups{};  // the groups whose states it shows; empty: every group
};

struct ExportColumn {
    enum class Source { response_id, submitted_at, updated_at, answer, option_flag, other_text, registrations };
    Source source;
    std::string header;
    std::size_t question = 0;  // index into ColumnPlan::questions, for answer columns
    std::size_t option = 0;  // index into that question's options, for option_flag
};

struct ColumnPlan {
    std::vector<ExportQuestion> questions;  // in export order: current questions, then removed ones
    std::vector<ExportColumn> columns;
    ExportOptions options;

    std::vector<std::string> headers() const;
};

// Response id, submission time (Paris), then the questions in form order with removed ones last; a
// multiple choice spreads over one column per option when asked; an "other" text follows its question;
// then the time of the respondent's last change (Paris; empty when never changed), and last the
// registrations' states when asked.
// Every header is unique (the importer, pandas and pivot tables need it): the "autre" option's flag is
// "<key>.autre_coche" beside the text's "<key>.autre", and any header still repeated (two questions with
// the same label) gets " (2)", " (3)"….
ColumnPlan planColumns(std::vector<ExportQuestion> questions, const ExportOptions& options);

// Turns responses into rows, keeping what is worth keeping between rows (the time zone period, the cells'
// string capacity) so that exporting millions of rows allocates little. One per export; not thread-safe.
class ExportRowFormatter {
public:
    explicit ExportRowFormatter(const ColumnPlan& plan);
    explicit ExportRowFormatter(ColumnPlan&&) = delete;  // it keeps a reference: the plan must outlive it

    // `answers` is a JSON object: key → string | number | bool | array of option keys, and "<key>.autre"
    // → the other text. Missing or null answers give empty cells (not 0s: "not answered" is not "no").
    // `registrations`: the text of the registrations column, when the plan has one.
    // `updatedAt`: when the respondent last changed the answers, if ever.
    void format(std::string_view responsePublicId, SubmissionTime submittedAt, const nlohmann::json& answers,
                std::vector<ExportCell>& row, std::string_view registrations = {},
                std::optional<SubmissionTime> updatedAt = std::nullopt);

private:
    const ColumnPlan& plan_;
    ParisTimeFormatter parisTime_;
    std::string otherKey_;  // "<key>.autre", rebuilt in place for each row
};

std::vector<ExportCell> formatRow(const ColumnPlan& plan, std::string_view responsePublicId, SubmissionTime submittedAt,
                                  const nlohmann::json& answers);

}  // namespace tnt::exports
