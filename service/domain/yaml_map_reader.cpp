// Checked reading of YAML mappings for the form loader.
#include "service/domain/yaml_map_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "service/domain/field_formats.h"

namespace tnt::domain {

namespace {

std::string joinKeys(std::span<const std::string_view> keys)
{
    std::string out;
    for (std::string_view key : keys) {
        if (!out.empty()) {
            out += ", ";
        }
        out += key;
    }
    return out;
}

}  // namespace

void DiagnosticSink::at(const YAML::Mark& mark, std::string message)
{
    // yaml-cpp counts from 0; editors count from 1.
    out_->push_back(Diagnostic{file_, mark.line + 1, mark.column + 1, std::move(message)});
}

bool checkUtf8(std::string_view text, DiagnosticSink& sink)
{
    int line = 0;
    for (std::size_t start = 0; start < text.size(); ++line) {
        const auto end = std::min(text.find('\n', start), text.size());
        if (!isValidUtf8(text.substr(start, end - start))) {
            YAML::Mark mark;
            mark.line = line;
            sink.at(mark, "le fichier doit être en UTF-8 : cette ligne contient des octets non valides");
            return false;
        }
        start = end + 1;
    }
    return true;
}

YamlMapReader::YamlMapReader(const YAML::Node& node, const YAML::Mark& at, std::string_view what,
                             std::span<const std::string_view> allowedKeys, DiagnosticSink& sink)
    : mark_(node.IsMap() ? node.Mark() : at), what_(what), sink_(&sink)
{
    if (!node.IsMap()) {
        sink.at(at, std::string(what) + " doit être une table de clés (clé: valeur)");
        return;
    }
    valid_ = true;
    for (auto it = node.begin(); it != node.end(); ++it) {
        const YAML::Node keyNode = it->first;
        if (!keyNode.IsScalar()) {
            sink.at(keyNode, "une clé doit être un simple mot");
            continue;
        }
        const std::string& key = keyNode.Scalar();
        if (const Entry* previous = find(key)) {
            sink.at(keyNode, "clé « " + key + " » en double dans " + what_ + " (déjà définie ligne " +
                                 std::to_string(previous->key_mark.line + 1) + ")");
            continue;
        }
        bool known = false;
        for (std::string_view allowed : allowedKeys) {
            known = known || allowed == key;
        }
        if (!known) {
            sink.at(keyNode,
                    "clé inconnue « " + key + " » dans " + what_ + " (clés possibles : " + joinKeys(allowedKeys) + ")");
            continue;
        }
        entries_.push_back(Entry{key, keyNode.Mark(), it->second});
    }
}

const YamlMapReader::Entry* YamlMapReader::find(std::string_view key) const
{
    for (const Entry& entry : entries_) {
        if (entry.key == key) {
            return &entry;
        }
    }
    return nullptr;
}

std::optional<YAML::Node> YamlMapReader::node(std::string_view key) const
{
    const Entry* entry = find(key);
    if (!entry) {
        return std::nullopt;
    }
    return entry->value;
}

YAML::Mark YamlMapReader::valueMark(std::string_view key) const
{
    const Entry* entry = find(key);
    if (!entry) {
        return mark_;
    }
    // An empty value's mark points past the line; its key is what the author wrote.
    if (entry->value.IsNull() || entry->value.Mark().line < 0) {
        return entry->key_mark;
    }
    return entry->value.Mark();
}

void YamlMapReader::errorAtValue(std::string_view key, std::string message)
{
    sink_->at(valueMark(key), std::move(message));
}

std::optional<std::string> YamlMapReader::string(std::string_view key, bool required)
{
    const Entry* entry = find(key);
    if (!entry || entry->value.IsNull()) {
        if (required) {
            if (entry) {
                sink_->at(entry->key_mark, "« " + std::string(key) + " » ne peut pas être vide");
            } else {
                sink_->at(mark_, "clé « " + std::string(key) + " » obligatoire manquante dans " + what_);
            }
        }
        return std::nullopt;
    }
    if (!entry->value.IsScalar()) {
        errorAtValue(key, "« " + std::string(key) + " » doit être un texte");
        return std::nullopt;
    }
    if (required && entry->value.Scalar().empty()) {
        errorAtValue(key, "« " + std::string(key) + " » ne peut pas être vide");
        return std::nullopt;
    }
    return entry->value.Scalar();
}

std::optional<bool> YamlMapReader::boolean(std::string_view key)
{
    const Entry* entry = find(key);
    if (!entry) {
        return std::nullopt;
    }
    if (entry->value.IsScalar()) {
        if (entry->value.Scalar() == "true") {
            return true;
        }
        if (entry->value.Scalar() == "false") {
            return false;
        }
    }
    errorAtValue(key, "« " + std::string(key) + " » doit valoir true ou false");
    return std::nullopt;
}

std::optional<long long> YamlMapReader::integer(std::string_view key)
{
    const Entry* entry = find(key);
    if (!entry) {
        return std::nullopt;
    }
    if (entry->value.IsScalar()) {
        const std::string& text = entry->value.Scalar();
        long long value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec == std::errc{} && end == text.data() + text.size() && !text.empty()) {
            return value;
        }
    }
    errorAtValue(key, "« " + std::string(key) + " » doit être un nombre entier");
    return std::nullopt;
}

std::optional<double> YamlMapReader::number(std::string_view key)
{
    const Entry* entry = find(key);
    if (!entry) {
        return std::nullopt;
    }
    if (entry->value.IsScalar()) {
        const std::string& text = entry->value.Scalar();
        double value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec == std::errc{} && end == text.data() + text.size() && !text.empty() && std::isfinite(value)) {
            return value;
        }
    }
    errorAtValue(key, "« " + std::string(key) + " » doit être un nombre");
    return std::nullopt;
}

std::optional<std::vector<std::pair<std::string, YAML::Mark>>> YamlMapReader::stringList(std::string_view key,
                                                                                         bool scalarAllowed)
{
    const Entry* entry = find(key);
    if (!entry) {
        return std::nullopt;
    }
    std::vector<std::pair<std::string, YAML::Mark>> out;
    if (scalarAllowed && entry->value.IsScalar()) {
        out.emplace_back(entry->value.Scalar(), entry->value.Mark());
        return out;
    }
    if (!entry->value.IsSequence()) {
        errorAtValue(key, "« " + std::string(key) + " » doit être une liste");
        return std::nullopt;
    }
    bool ok = true;
    for (const YAML::Node& item : entry->value) {
        if (!item.IsScalar()) {
            sink_->at(item, "les éléments de « " + std::string(key) + " » doivent être des textes");
            ok = false;
            continue;
        }
        out.emplace_back(item.Scalar(), item.Mark());
    }
    if (!ok) {
        return std::nullopt;
    }
    return out;
}

}  // namespace tnt::domain
