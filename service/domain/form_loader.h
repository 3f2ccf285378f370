// Reading and checking the form files of forms/: every problem is collected as a located Diagnostic (the
// loader never stops at the first one), so `tnt-forms forms check` lists them all and `serve` can refuse to
// start with the reason. A form is returned only when its file has no problem.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "service/domain/diagnostic.h"
#include "service/domain/form.h"
#include "service/domain/group_catalogue.h"

namespace tnt::domain {

// The file name of the group catalogue inside a forms directory.
inline constexpr std::string_view group_catalogue_file = "groups.yaml";

struct FormSet {
    std::vector<Form> forms;  // the valid forms, sorted by slug
    std::optional<GroupCatalogue> catalogue;
    std::vector<Diagnostic> diagnostics;  // every problem of every file; empty when all is well

    bool ok() const { return diagnostics.empty(); }
    const Form* find(std::string_view slug) const;
};

// Loads `dir`/groups.yaml (if present) then every other *.yaml / *.yml file of `dir` as one form, in name
// order. Diagnostics name files as `dir / name`.
FormSet loadFormsDirectory(const std::filesystem::path& dir);

struct FormLoad {
    std::optional<Form> form;  // set only when there is no diagnostic
    std::vector<Diagnostic> diagnostics;
};

// Parses one form file's text. `file` names it in diagnostics and its stem must equal the slug.
// `catalogue` fills `options_from: groups`; without it such a question is an error.
FormLoad loadFormText(std::string_view yaml, const std::string& file, const GroupCatalogue* catalogue);

struct GroupCatalogueLoad {
    std::optional<GroupCatalogue> catalogue;  // set only when there is no diagnostic
    std::vector<Diagnostic> diagnostics;
};

// Parses the text of forms/groups.yaml.
GroupCatalogueLoad loadGroupCatalogueText(std::string_view yaml, const std::string& file);

}  // namespace tnt::domain
