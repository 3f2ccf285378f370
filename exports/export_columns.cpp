#include "exports/export_columns.h"

#include <algorithm>
#include <set>
#include <nlohmann/json.hpp>

#include "exports/number_format.h"

namespace tnt::exports {

namespace {

using json = nlohmann::json;

constexpr std::string_view otherSuffix = ".autre";
constexpr std::string_view otherOptionKey = "autre";
// The flag of the "autre" option, in codes: "<key>.autre" is the typed text's (what the answers and the
// importer call it), so the flag takes another name.
constexpr std::string_view otherFlagSuffix = ".autre_coche";
constexpr std::string_view joinSeparator = " | ";

bool isNumeric(QuestionKind kind)
{
    return kind == QuestionKind::number || kind == QuestionKind::scale || kind == QuestionKind::nps;
}

bool isChoice(QuestionKind kind)
{
    return kind == QuestionKind::single_choice || kind == QuestionKind::multiple_choice || kind == QuestionKind::yes_no;
}

void setText(ExportCell& cell, std::string_view text)
{
    cell.kind = ExportCell::Kind::text;
    cell.value.assign(text);
}

void setNumberKind(ExportCell& cell)
{
    cell.kind = ExportCell::Kind::trusted_number;
}

bool isListed(const ExportQuestion& question, std::string_view key)
{
    return std::any_of(question.options.begin(), question.options.end(),
                       [&](const ExportOption& option) { return option.key == key; });
}

// Numbers from JSON are formatted by us, so they can be trusted not to be formulas.
void setJsonNumber(ExportCell& cell, const json& value, char decimalSeparator)
{
    cell.value.clear();
    setNumberKind(cell);
    if (value.is_number_unsigned()) {
        cell.value = std::to_string(value.get<std::uint64_t>());
    } else if (value.is_number_integer()) {
        appendInteger(cell.value, value.get<std::int64_t>());
    } else {
        appendDecimal(cell.value, value.get<double>(), decimalSeparator);
    }
}

// Invalid UTF-8 inside a stored answer must not abort a whole export: it is replaced by U+FFFD.
std::string dumpSafely(const json& value)
{
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// The label of an option key, or the key itself when the plan does not know it (so nothing is lost).
std::string_view optionText(const ExportQuestion& question, std::string_view key, LabelMode labels)
{
    if (labels == LabelMode::codes) return key;
    for (const ExportOption& option : question.options) {
        if (option.key == key) return option.label;
    }
    return key;
}

bool arrayHolds(const json& values, std::string_view key)
{
    for (const json& value : values) {
        if (value.is_string() && value.get_ref<const std::string&>() == key) return true;
    }
    return false;
}

bool isSelected(const json& value, std::string_view key)
{
    if (value.is_array()) return arrayHolds(value, key);
    return value.is_string() && value.get_ref<const std::string&>() == key;
}

void appendJoined(std::string& out, std::string_view text)
{
    if (!out.empty()) out.append(joinSeparator);
    out.append(text);
}

// Known options in the form's order (stable for pivot tables), then keys the plan does not know.
void formatChoices(const ExportQuestion& question, const json& values, LabelMode labels, ExportCell& cell)
{
    setText(cell, "");
    for (const ExportOption& option : question.options) {
        if (arrayHolds(values, option.key)) appendJoined(cell.value, optionText(question, option.key, labels));
    }
    if (question.onlyListedOptions) return;
    for (const json& value : values) {
        const std::string text = value.is_string() ? value.get<std::string>() : dumpSafely(value);
        if (!isListed(question, text)) appendJoined(cell.value, text);
    }
}

void formatAnswer(const ExportQuestion& question, const json& value, const ExportOptions& options, ExportCell& cell)
{
    const char decimalSeparator = options.dialect.decimalSeparator;
    if (value.is_null()) {
        setText(cell, "");
    } else if (value.is_boolean()) {
        if (options.labels == LabelMode::codes) {
            setText(cell, value.get<bool>() ? "1" : "0");
            setNumberKind(cell);
        } else {
            setText(cell, value.get<bool>() ? "Oui" : "Non");
        }
    } else if (value.is_number()) {
        setJsonNumber(cell, value, decimalSeparator);
    } else if (value.is_string()) {
        const auto& text = value.get_ref<const std::string&>();
        if (isChoice(question.kind)) {
            const bool hidden = question.onlyListedOptions && !isListed(question, text);
            setText(cell, hidden ? std::string_view() : optionText(question, text, options.labels));
        } else if (isNumeric(question.kind) && text.find(',') == std::string::npos && isPlainDecimalNumber(text)) {
            // A number posted as a string by an HTML form: still a number for the spreadsheet.
            setText(cell, text);
            setNumberKind(cell);
            std::replace(cell.value.begin(), cell.value.end(), '.', decimalSeparator);
        } else {
            setText(cell, text);
            if (question.kind == QuestionKind::date && isPlainDate(text)) cell.kind = ExportCell::Kind::date;
        }
    } else if (value.is_array()) {
        formatChoices(question, value, options.labels, cell);
    } else {
        setText(cell, dumpSafely(value));
    }
}

const json& answerFor(const json& answers, const std::string& key)
{
    static const json none;  // function-local, so no static constructor runs at start-up
    if (!answers.is_object()) return none;
    const auto found = answers.find(key);
    return found == answers.end() ? none : *found;
}

// Unique headers whatever the form says: a repeated one gets " (2)", " (3)"… (or "_2" in codes, which
// stay identifiers), never a name another column already has.
void makeHeadersUnique(std::vector<ExportColumn>& columns, bool codes)
{
    std::set<std::string> original;
    for (const ExportColumn& column : columns) original.insert(column.header);
    if (original.size() == columns.size()) return;
    std::set<std::string> given;
    for (ExportColumn& column : columns) {
        if (given.insert(column.header).second) continue;
        for (int n = 2;; ++n) {
            // Appended piece by piece: GCC 12 at -O2 takes `" (" + std::to_string(n)` for an overlapping copy.
            std::string candidate = column.header;
            candidate.append(codes ? "_" : " (").append(std::to_string(n)).append(codes ? "" : ")");
            if (!original.contains(candidate) && given.insert(candidate).second) {
                column.header = std::move(candidate);
                break;
            }
        }
    }
}

}  // namespace

std::vector<std::string> ColumnPlan::headers() const
{
    std::vector<std::string> names;
    names.reserve(columns.size());
    for (const ExportColumn& column : columns) names.push_back(column.header);
    return names;
}

ColumnPlan planColumns(std::vector<ExportQuestion> questions, const ExportOptions& options)
{
    ColumnPlan plan;
    plan.options = options;
    std::stable_partition(questions.begin(), questions.end(), [](const ExportQuestion& q) { return !q.removed; });
    plan.questions = std::move(questions);

    const bool codes = options.labels == LabelMode::codes;
    using Source = ExportColumn::Source;
    plan.columns.push_back({Source::response_id, codes ? "response_id" : "Identifiant de la réponse"});
    plan.columns.push_back(
        {Source::submitted_at, codes ? "submitted_at_paris" : "Date de soumission (heure de Paris)"});
    for (std::size_t q = 0; q < plan.questions.size(); ++q) {
        const ExportQuestion& question = plan.questions[q];
        const std::string& name = codes ? question.key : question.label;
        if (question.kind == QuestionKind::multiple_choice &&
            options.multiple == MultipleChoiceLayout::column_per_option) {
            for (std::size_t o = 0; o < question.options.size(); ++o) {
                const ExportOption& option = question.options[o];
                std::string header = codes ? name + "." + option.key : name + " : " + option.label;
                if (codes && question.hasOther && option.key == otherOptionKey) {
                    header = name + std::string(otherFlagSuffix);
                }
                plan.columns.push_back({Source::option_flag, std::move(header), q, o});
            }
        } else {
            plan.columns.push_back({Source::answer, name, q});
        }
        if (question.hasOther) {
            plan.columns.push_back(
                {Source::other_text, codes ? name + std::string(otherSuffix) : name + " (autre)", q});
        }
    }
    // After the questions, so that the columns pilots' sheets and import settings name keep their places;
    // the registrations' states stay the last column.
    plan.columns.push_back({Source::updated_at, codes ? "updated_at_paris" : "Date de modification (heure de Paris)"});
    if (options.registrationStates) {
        plan.columns.push_back({Source::registrations, codes ? "etat_inscriptions" : "État des inscriptions"});
    }
    makeHeadersUnique(plan.columns, codes);
    return plan;
}

ExportRowFormatter::ExportRowFormatter(const ColumnPlan& plan) : plan_(plan) {}

void ExportRowFormatter::format(std::string_view responsePublicId, SubmissionTime submittedAt, const json& answers,
                                std::vector<ExportCell>& row, std::string_view registrations,
                                std::optional<SubmissionTime> updatedAt)
{
    row.resize(plan_.columns.size());
    for (std::size_t c = 0; c < plan_.columns.size(); ++c) {
        const ExportColumn& column = plan_.columns[c];
        ExportCell& cell = row[c];
        switch (column.source) {
        case ExportColumn::Source::response_id:
            setText(cell, responsePublicId);
            break;
        case ExportColumn::Source::submitted_at:
            setText(cell, "");
            parisTime_.append(cell.value, submittedAt);
            cell.kind = ExportCell::Kind::trusted_time;
            break;
        case ExportColumn::Source::updated_at:
            setText(cell, "");
            if (updatedAt) {
                parisTime_.append(cell.value, *updatedAt);
                cell.kind = ExportCell::Kind::trusted_time;
            }
            break;
        case ExportColumn::Source::answer: {
            const ExportQuestion& question = plan_.questions[column.question];
            formatAnswer(question, answerFor(answers, question.key), plan_.options, cell);
            break;
        }
        case ExportColumn::Source::option_flag: {
            const ExportQuestion& question = plan_.questions[column.question];
            const json& value = answerFor(answers, question.key);
            if (value.is_null()) {
                setText(cell, "");
            } else {
                setText(cell, isSelected(value, question.options[column.option].key) ? "1" : "0");
                setNumberKind(cell);
            }
            break;
        }
        case ExportColumn::Source::registrations:
            setText(cell, registrations);
            break;
        case ExportColumn::Source::other_text: {
            const ExportQuestion& question = plan_.questions[column.question];
            otherKey_.assign(question.key).append(otherSuffix);
            const json& value = answerFor(answers, otherKey_);
            if (value.is_string()) {
                setText(cell, value.get_ref<const std::string&>());
            } else {
                setText(cell, value.is_null() ? std::string() : dumpSafely(value));
            }
            break;
        }
        }
    }
}

std::vector<ExportCell> formatRow(const ColumnPlan& plan, std::string_view responsePublicId, SubmissionTime submittedAt,
                                  const json& answers)
{
    std::vector<ExportCell> row;
    ExportRowFormatter(plan).format(responsePublicId, submittedAt, answers, row);
    return row;
}

}  // namespace tnt::exports
