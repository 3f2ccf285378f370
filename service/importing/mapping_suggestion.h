// `import --suggest-mapping`: a mapping proposed from the header of a file, for a person to check and edit.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "service/domain/form.h"
#include "service/importing/import_mapping.h"

namespace tnt::importing {

struct MappingSuggestion {
    ImportMapping mapping;
    std::map<std::string, std::string> comments;  // column → why it was mapped or left out
    std::vector<std::string> unmatched_questions;  // question keys no column was found for
};

// Matches each header label against question labels and keys (normaliseLabel on both sides), and the
// submission time against the usual columns of framaforms ("Date de soumission", "Submitted", …) and
// Airtable ("Created", "Created time"). Columns that match nothing go to `ignore`, with a comment.
MappingSuggestion suggestMapping(const domain::Form& form, const std::vector<std::string>& header);

}  // namespace tnt::importing
