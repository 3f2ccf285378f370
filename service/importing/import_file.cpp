#include "service/importing/import_file.h"

#include <algorithm>
#include <array>
#include <set>

#include "service/domain/field_formats.h"
#include "service/domain/label_matching.h"

namespace tnt::importing {
namespace {

using domain::normaliseLabel;

bool blank(const std::string& field)
{
    return field.find_first_not_of(" \t\r\n") == std::string::npos;
}

bool isAny(const std::string& text, std::initializer_list<std::string_view> names)
{
    const auto name = normaliseLabel(text);
    return std::any_of(names.begin(), names.end(), [&](std::string_view n) { return name == normaliseLabel(n); });
}

// The columns Webform adds about the person's machine and account: never read, never stored.
bool isPersonalColumn(const std::string& name)
{
    return isAny(name, {"Adresse IP", "IP Address", "UID", "Nom d'utilisateur", "Username", "User name"});
}

// A multiple choice of `form` whose label (or key) is `text`.
const domain::Question* multipleChoiceNamed(const domain::Form& form, const std::string& text)
{
    const auto name = normaliseLabel(text);
    for (const auto& q : form.questions) {
        if (q.type == domain::QuestionType::multiple_choice &&
            (name == normaliseLabel(q.label) || name == normaliseLabel(q.key))) {
            return &q;
        }
    }
    return nullptr;
}

// The option of `question` a column is named after (its key or label); nullptr if none.
const domain::Option* optionNamed(const domain::Question& question, const std::string& text)
{
    const auto name = normaliseLabel(text);
    for (const auto& o : question.options) {
        if (name == normaliseLabel(o.key) || name == normaliseLabel(o.label)) return &o;
    }
    return nullptr;
}

}  // namespace

ImportFile::ImportFile(exports::CsvReader reader, const domain::Form& form)
    : ImportFile(std::make_unique<exports::CsvReader>(std::move(reader)), form)
{
}

ImportFile::ImportFile(std::unique_ptr<exports::RecordReader> reader, const domain::Form& form)
    : reader_(std::move(reader)), form_(form)
{
    exports::CsvRecord first;
    if (!readRaw(first)) throw ImportFileError("le fichier est vide : il faut au moins la ligne des en-têtes");
    // Webform: a title alone on its row, « Détails de la soumission » starting the next.
    const bool title_row = !first.fields.empty() && !blank(first.fields[0]) &&
                           std::all_of(first.fields.begin() + 1, first.fields.end(), blank);
    if (title_row) {
        exports::CsvRecord second;
        if (readRaw(second)) {
            if (!second.fields.empty() && isAny(second.fields[0], {"Détails de la soumission", "Submission Details"})) {
                exports::CsvRecord third;
                const bool read_third = readRaw(third);
                if (read_third && reader_->endsRowsAtLastFilledCell()) {
                    const auto width = std::max(second.fields.size(), third.fields.size());
                    second.fields.resize(width);
                    third.fields.resize(width);
                    first.fields.resize(width);
                }
                if (!read_third || third.fields.size() != second.fields.size()) {
                    throw ImportFileError("ligne " + std::to_string(second.line + 1) +
                                          " : export Webform incomplet, la troisième ligne d'en-têtes manque ou n'a "
                                          "pas autant de colonnes que la deuxième");
                }
                webform_ = true;
                width_ = third.fields.size();
                raw_header_ = {first.fields, second.fields, third.fields};
                planWebform(second.fields, third.fields);
                return;
            }
            pending_.push_back(std::move(second));
        }
    }
    header_ = first.fields;
    raw_header_ = {first.fields};
    width_ = header_.size();
}

void ImportFile::planWebform(const std::vector<std::string>& groups, const std::vector<std::string>& names)
{
    std::set<std::string> taken;
    auto add = [&](std::string name, Column column) {
        // Two columns of one name (options of two groups the form does not know): told apart.
        auto unique = name;
        for (int n = 2; taken.contains(unique); ++n) unique = name + " (" + std::to_string(n) + ")";
        taken.insert(unique);
        header_.push_back(std::move(unique));
        columns_.push_back(std::move(column));
    };
    for (std::size_t i = 0; i < names.size();) {
        if (isAny(names[i], {"Brouillon", "Draft"})) draft_column_ = i;
        if (isPersonalColumn(names[i])) {
            left_out_.push_back(names[i]);
            ++i;
            continue;
        }
        const auto* question = i > 0 && !blank(groups[i]) ? multipleChoiceNamed(form_, groups[i]) : nullptr;
        if (question == nullptr) {
            add(blank(names[i]) ? groups[i] : names[i], Column{{i}, {}});
            ++i;
            continue;
        }
        // A multiple choice of the form: its option columns, then its "other" text if it has one.
        Column choices;
        std::size_t j = i;
        for (; j < names.size() && (j == i || blank(groups[j])); ++j) {
            const auto* option = optionNamed(*question, names[j]);
            if (option == nullptr) break;
            choices.sources.push_back(j);
            choices.keys.push_back(option->key);
        }
        if (choices.sources.empty()) {  // the label matched, the options did not: columns as they are
            add(names[i], Column{{i}, {}});
            ++i;
            continue;
        }
        const bool other = question->allow_other && j < names.size() && blank(groups[j]) && !blank(names[j]) &&
                           (isAny(names[j], {question->other_label, "Autre", "Other"}) ||
                            normaliseLabel(names[j]).starts_with("autre"));
        if (other) choices.other = j;
        add(groups[i], std::move(choices));
        if (other) {
            add(groups[i] + " " + question->other_label, Column{{j}, {}});
            ++j;
        }
        i = j;
    }
}

bool ImportFile::readRaw(exports::CsvRecord& record)
{
    if (!pending_.empty()) {
        record = std::move(pending_.front());
        pending_.pop_front();
        return true;
    }
    return reader_->next(record);
}

bool ImportFile::next(exports::CsvRecord& record)
{
    exports::CsvRecord raw;
    while (readRaw(raw)) {
        // A sheet's row stops at its last filled cell: the rest are empty, not missing.
        if (reader_->endsRowsAtLastFilledCell() && raw.fields.size() < width_) raw.fields.resize(width_);
        if (std::find(raw_header_.begin(), raw_header_.end(), raw.fields) != raw_header_.end()) {
            throw ImportFileError("ligne " + std::to_string(raw.line) +
                                  " : la ligne des en-têtes se répète au milieu des données (deux exports mis bout à "
                                  "bout ?) ; retirez-la, puis importez à nouveau");
        }
        if (!webform_ || raw.fields.size() != width_) {
            record = std::move(raw);  // a short or long row: the conversion says so, with its line
            return true;
        }
        if (draft_column_ != std::string::npos && isAny(raw.fields[draft_column_], {"1", "oui", "yes"})) {
            ++drafts_;
            continue;
        }
        record.line = raw.line;
        record.fields.clear();
        for (const auto& column : columns_) {
            if (column.keys.empty()) {
                record.fields.push_back(std::move(raw.fields[column.sources.front()]));
                continue;
            }
            std::string chosen;
            for (std::size_t k = 0; k < column.sources.size(); ++k) {
                if (blank(raw.fields[column.sources[k]])) continue;
                if (!chosen.empty()) chosen += '|';
                chosen += column.keys[k];
            }
            if (column.other != std::string::npos && !blank(raw.fields[column.other])) {
                if (!chosen.empty()) chosen += '|';
                chosen += domain::other_option_key;
            }
            record.fields.push_back(std::move(chosen));
        }
        return true;
    }
    return false;
}

}  // namespace tnt::importing
