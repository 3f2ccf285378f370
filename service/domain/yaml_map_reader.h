// Internal to the form loader: reads one YAML mapping of a form file, reporting every unknown key, duplicate
// key and badly typed value as a located Diagnostic instead of throwing. yaml-cpp keeps duplicate keys in the
// node but a lookup returns only one of them, so duplicates are found here by walking the pairs.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "service/domain/diagnostic.h"

namespace tnt::domain {

// Where diagnostics of one file go.
class DiagnosticSink {
public:
    DiagnosticSink(std::string file, std::vector<Diagnostic>& out) : file_(std::move(file)), out_(&out) {}

    void at(const YAML::Mark& mark, std::string message);
    void at(const YAML::Node& node, std::string message) { at(node.Mark(), std::move(message)); }
    const std::string& file() const { return file_; }
    std::size_t count() const { return out_->size(); }

private:
    std::string file_;
    std::vector<Diagnostic>* out_;
};

// Reports the first line that is not valid UTF-8 and returns false: yaml-cpp passes such bytes through, and
// every text of a form ends up in JSON (its version digest, the API), which refuses them.
bool checkUtf8(std::string_view text, DiagnosticSink& sink);

class YamlMapReader {
public:
    // `what` names the mapping in messages ("une question", "la fenêtre"…); `at` locates a mapping that is
    // not one (the node's own mark is unreliable for empty values).
    YamlMapReader(const YAML::Node& node, const YAML::Mark& at, std::string_view what,
                  std::span<const std::string_view> allowedKeys, DiagnosticSink& sink);

    bool valid() const { return valid_; }
    bool has(std::string_view key) const { return find(key) != nullptr; }
    // The value of the first occurrence of `key`, if present.
    std::optional<YAML::Node> node(std::string_view key) const;
    // Where the value of `key` is (its key's position when the value is empty).
    YAML::Mark valueMark(std::string_view key) const;
    YAML::Mark mark() const { return mark_; }

    // Typed values. A wrong type is reported and gives nullopt; a missing required key is reported at the
    // mapping. Strings are scalars (a YAML number is read as its text).
    std::optional<std::string> string(std::string_view key, bool required = false);
    std::optional<bool> boolean(std::string_view key);
    std::optional<long long> integer(std::string_view key);
    std::optional<double> number(std::string_view key);
    // A list of strings; with `scalarAllowed`, a single scalar is read as a one-element list.
    std::optional<std::vector<std::pair<std::string, YAML::Mark>>> stringList(std::string_view key,
                                                                              bool scalarAllowed = false);

    void errorAtValue(std::string_view key, std::string message);

private:
    struct Entry {
        std::string key;
        YAML::Mark key_mark;
        YAML::Node value;
    };
    const Entry* find(std::string_view key) const;

    std::vector<Entry> entries_;
    YAML::Mark mark_;
    std::string what_;
    DiagnosticSink* sink_;
    bool valid_ = false;
};

}  // namespace tnt::domain
