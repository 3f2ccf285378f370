// A folder of Mustache templates, loaded and checked once at start-up, then rendered from view models
// (JSON objects) by every request thread. The same rules for the pages (forms/pages/) and the e-mails
// (forms/mail/):
// - a template is a file NAME.mustache, named by its path in the folder without the extension
//   ("form", "partials/logout"); `{{> partials/logout}}` includes another file, resolved at load time;
// - `{{value}}` is escaped (HTML unless the file's name says otherwise); `{{{value}}}` and `{{& value}}`
//   write a value as it is, and are refused outside the few files the caller names (markup the service built
//   itself, such as the SVG charts);
// - an empty string, like false and null, is absent: `{{#help}}…{{/help}}` writes nothing for an empty help,
//   and an item's absent value never shows its parent's value of the same name;
// - a missing partial, a syntax error or a forbidden raw value stops the load with the file and the line.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace tnt::templating {

struct LoadOptions {
    // How `{{value}}` is escaped; unset: HTML (& < > " ').
    std::function<std::string(const std::string&)> escape;
    // Templates whose name ends with one of these are not HTML and keep `{{value}}` as it is (an e-mail's
    // subject and text part: ".subject", ".text").
    std::vector<std::string> plain_suffixes;
    // The only templates that may write a raw value ({{{value}}}, {{& value}}).
    std::set<std::string> raw_allowed;
    // Templates the caller renders: a folder without one of them does not load.
    std::vector<std::string> required;
};

// Every problem of a folder, one per line: "dir/partials/logout.mustache:12: section « x » jamais fermée".
class TemplateError : public std::runtime_error {
public:
    TemplateError(const std::string& dir, std::vector<std::string> problems);
    const std::vector<std::string>& problems() const { return problems_; }

private:
    std::vector<std::string> problems_;
};

class TemplateSet {
public:
    // Throws TemplateError listing every problem.
    static TemplateSet load(const std::filesystem::path& dir, const LoadOptions& options);
    // The same checks, as a list (empty when the folder loads): `tnt-forms templates check`.
    static std::vector<std::string> check(const std::filesystem::path& dir, const LoadOptions& options);

    TemplateSet(TemplateSet&&) noexcept;
    TemplateSet& operator=(TemplateSet&&) noexcept;
    ~TemplateSet();

    bool contains(const std::string& name) const;
    std::vector<std::string> names() const;

    // Thread-safe: partials are already in place and view models hold no lambda, so rendering writes nothing
    // shared. Throws std::out_of_range for an unknown name.
    std::string render(const std::string& name, const nlohmann::json& view) const;

private:
    struct Compiled;
    TemplateSet();
    std::map<std::string, std::unique_ptr<Compiled>> templates_;
};

}  // namespace tnt::templating
