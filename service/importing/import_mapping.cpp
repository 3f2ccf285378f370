#include "service/importing/import_mapping.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>

namespace tnt::importing {
namespace {

std::string scalarAt(const YAML::Node& node, const std::string& where)
{
    if (!node.IsScalar()) throw MappingError(where + " doit être un texte");
    return node.as<std::string>();
}

ColumnTarget readTarget(const YAML::Node& node, const std::string& column)
{
    const std::string where = "columns → « " + column + " »";
    ColumnTarget target;
    if (node.IsScalar()) {
        target.question = node.as<std::string>();
    } else if (node.IsMap()) {
        for (const auto& entry : node) {
            const auto key = entry.first.as<std::string>();
            if (key == "question") {
                target.question = scalarAt(entry.second, where + " → question");
            } else if (key == "separator") {
                target.separator = scalarAt(entry.second, where + " → separator");
                if (target.separator.empty()) throw MappingError(where + " → separator ne peut pas être vide");
            } else {
                throw MappingError(where + " : clé inconnue « " + key + " » (question, separator)");
            }
        }
    } else {
        throw MappingError(where + " doit être une clé de question ou {question: …, separator: …}");
    }
    if (target.question.empty()) throw MappingError(where + " : indiquez la question (question: clé)");
    return target;
}

bool contains(const std::vector<std::string>& list, const std::string& value)
{
    return std::find(list.begin(), list.end(), value) != list.end();
}

// YAML double-quoted scalar: always quoted, since labels hold ':', '#', quotes and accents.
std::string yamlQuoted(std::string_view text)
{
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else {
            out.push_back(c);
        }
    }
    return out + "\"";
}

}  // namespace

ImportMapping parseImportMapping(std::string_view yaml)
{
    YAML::Node root;
    try {
        root = YAML::Load(std::string(yaml));
    } catch (const YAML::Exception& e) {
        throw MappingError("YAML illisible, ligne " + std::to_string(e.mark.line + 1) + " : " + e.msg);
    }
    if (!root.IsMap()) throw MappingError("la correspondance doit être un dictionnaire (submitted_at, columns, …)");
    ImportMapping mapping;
    try {
        for (const auto& entry : root) {
            const auto key = entry.first.as<std::string>();
            const YAML::Node& value = entry.second;
            if (key == "submitted_at") {
                if (value.IsScalar()) {
                    mapping.submitted_at.column = value.as<std::string>();
                } else if (value.IsMap()) {
                    for (const auto& sub : value) {
                        const auto name = sub.first.as<std::string>();
                        if (name == "column") {
                            mapping.submitted_at.column = scalarAt(sub.second, "submitted_at → column");
                        } else if (name == "format") {
                            mapping.submitted_at.format = scalarAt(sub.second, "submitted_at → format");
                        } else {
                            throw MappingError("submitted_at : clé inconnue « " + name + " » (column, format)");
                        }
                    }
                } else {
                    throw MappingError("submitted_at doit être un nom de colonne ou {column: …, format: …}");
                }
            } else if (key == "columns") {
                if (!value.IsMap()) throw MappingError("columns doit associer des colonnes à des questions");
                for (const auto& column : value) {
                    const auto name = column.first.as<std::string>();
                    mapping.columns[name] = readTarget(column.second, name);
                }
            } else if (key == "ignore") {
                if (value.IsNull()) continue;
                if (!value.IsSequence()) throw MappingError("ignore doit être une liste de colonnes");
                for (const auto& column : value) mapping.ignore.push_back(scalarAt(column, "ignore"));
            } else if (key == "values") {
                if (value.IsNull()) continue;
                if (!value.IsMap()) throw MappingError("values doit associer des questions à des libellés");
                for (const auto& question : value) {
                    const auto questionKey = question.first.as<std::string>();
                    if (!question.second.IsMap()) {
                        throw MappingError("values → " + questionKey +
                                           " doit associer des libellés à des clés d'option");
                    }
                    auto& labels = mapping.values[questionKey];
                    for (const auto& label : question.second) {
                        labels[label.first.as<std::string>()] = scalarAt(
                            label.second, "values → " + questionKey + " → « " + label.first.as<std::string>() + " »");
                    }
                }
            } else {
                throw MappingError("clé inconnue « " + key + " » (submitted_at, columns, ignore, values)");
            }
        }
    } catch (const YAML::Exception& e) {
        throw MappingError("ligne " + std::to_string(e.mark.line + 1) + " : " + e.msg);
    }
    if (mapping.submitted_at.column.empty()) {
        throw MappingError("submitted_at manque : indiquez la colonne de la date de soumission");
    }
    return mapping;
}

std::vector<std::string> checkMapping(const ImportMapping& mapping, const domain::Form& form,
                                      const std::vector<std::string>& header)
{
    std::vector<std::string> problems;
    std::set<std::string> seen;
    for (const auto& column : header) {
        if (!seen.insert(column).second)
            problems.push_back("la colonne « " + column + " » apparaît deux fois dans le fichier");
    }
    if (!contains(header, mapping.submitted_at.column)) {
        problems.push_back("submitted_at : pas de colonne « " + mapping.submitted_at.column + " » dans le fichier");
    }
    std::map<std::string, std::string> questionColumn;
    for (const auto& [column, target] : mapping.columns) {
        if (!contains(header, column)) {
            problems.push_back("columns : pas de colonne « " + column + " » dans le fichier");
        }
        std::string key = target.question;
        const bool otherText =
            key.size() > domain::other_text_suffix.size() && key.ends_with(domain::other_text_suffix);
        if (otherText) key.resize(key.size() - domain::other_text_suffix.size());
        const auto* question = form.find(key);
        if (question == nullptr) {
            problems.push_back("columns → « " + column + " » : le formulaire n'a pas de question « " + key + " »");
            continue;
        }
        if (otherText && !question->allow_other) {
            problems.push_back("columns → « " + column + " » : la question « " + key + " » n'a pas de choix « Autre »");
        }
        if (!target.separator.empty() && question->type != domain::QuestionType::multiple_choice) {
            problems.push_back("columns → « " + column + " » : separator ne sert qu'aux questions à choix multiple");
        }
        const auto [it, inserted] = questionColumn.emplace(target.question, column);
        if (!inserted) {
            problems.push_back("la question « " + target.question + " » reçoit deux colonnes : « " + it->second +
                               " » et « " + column + " »");
        }
    }
    for (const auto& column : mapping.ignore) {
        if (mapping.columns.contains(column)) {
            problems.push_back("la colonne « " + column + " » est à la fois dans columns et dans ignore");
        }
    }
    for (const auto& column : header) {
        if (column != mapping.submitted_at.column && !mapping.columns.contains(column) &&
            !contains(mapping.ignore, column)) {
            problems.push_back("la colonne « " + column +
                               " » du fichier n'est ni dans columns ni dans ignore : dites où elle va, ou ignorez-la");
        }
    }
    for (const auto& [key, labels] : mapping.values) {
        const auto* question = form.find(key);
        if (question == nullptr || !domain::hasOptionKeys(question->type)) {
            problems.push_back("values : « " + key + " » n'est pas une question à options du formulaire");
            continue;
        }
        const auto accepted = question->acceptedOptionKeys();
        for (const auto& [label, option] : labels) {
            if (!contains(accepted, option)) {
                problems.push_back("values → " + key + " → « " + label + " » : « " + option +
                                   " » n'est pas une option de la question");
            }
        }
    }
    return problems;
}

std::string formatMappingYaml(const ImportMapping& mapping, const std::vector<std::string>& header,
                              const std::map<std::string, std::string>& comments)
{
    std::vector<std::string> order;
    for (const auto& column : header) {
        if (mapping.columns.contains(column) && !contains(order, column)) order.push_back(column);
    }
    for (const auto& [column, target] : mapping.columns) {
        if (!contains(order, column)) order.push_back(column);
    }
    std::string out;
    out += "submitted_at:\n  column: " + yamlQuoted(mapping.submitted_at.column) + "\n";
    if (!mapping.submitted_at.format.empty()) out += "  format: " + yamlQuoted(mapping.submitted_at.format) + "\n";
    auto comment = [&](const std::string& column) {
        const auto it = comments.find(column);
        return it == comments.end() ? std::string() : "  # " + it->second;
    };
    out += "columns:\n";
    if (mapping.columns.empty()) out += "  {}\n";
    for (const auto& column : order) {
        const auto& target = mapping.columns.at(column);
        out += "  " + yamlQuoted(column) + ": ";
        if (target.separator.empty()) {
            out += target.question;
        } else {
            out += "{question: " + target.question + ", separator: " + yamlQuoted(target.separator) + "}";
        }
        out += comment(column) + "\n";
    }
    out += "ignore:\n";
    if (mapping.ignore.empty()) out += "  []\n";
    for (const auto& column : mapping.ignore) out += "  - " + yamlQuoted(column) + comment(column) + "\n";
    if (!mapping.values.empty()) {
        out += "values:\n";
        for (const auto& [key, labels] : mapping.values) {
            out += "  " + key + ":\n";
            for (const auto& [label, option] : labels) out += "    " + yamlQuoted(label) + ": " + option + "\n";
        }
    }
    return out;
}

}  // namespace tnt::importing
