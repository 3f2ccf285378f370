// The mapping of an import: which CSV column holds the submission time and which question each other
// column answers, with the file's own wordings of options. Written by hand in YAML (see README.md), or
// proposed by suggestMapping from the header. Checked against the form and the header before any row is read.
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "service/domain/form.h"

namespace tnt::importing {

struct SubmittedAtColumn {
    std::string column;
    std::string format;  // strftime-like ("%d/%m/%Y %H:%M"); empty: French or ISO 8601, detected per cell
};

struct ColumnTarget {
    std::string question;  // a question key, or "<key>.autre" for the text of "Autre"
    // Multiple choice: what joins the choices in a cell. Empty: '|' when the cell has one, else ','.
    std::string separator;
};

struct ImportMapping {
    SubmittedAtColumn submitted_at;
    std::map<std::string, ColumnTarget> columns;  // CSV column → target
    std::vector<std::string> ignore;  // columns deliberately left out (serial, IP address…)
    // question key → the file's wording of an option → option key; compared like labels (normaliseLabel).
    std::map<std::string, std::map<std::string, std::string>> values;
};

// A mapping file that cannot be read; the message is French and names the key at fault.
class MappingError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Parses the YAML text of a mapping. Throws MappingError.
ImportMapping parseImportMapping(std::string_view yaml);

// Every problem of `mapping` for this form and this header, in French: unknown questions or options, a
// column of the mapping missing from the file, a column of the file neither mapped nor ignored (so nothing
// is dropped silently), a question mapped twice. Empty when the import can start.
std::vector<std::string> checkMapping(const ImportMapping& mapping, const domain::Form& form,
                                      const std::vector<std::string>& header);

// The mapping as YAML, in the format parseImportMapping reads, columns in the order of `header` (those not in
// it after, by name); `comments` (column → text) follow the column's line, for suggestions to explain themselves.
std::string formatMappingYaml(const ImportMapping& mapping, const std::vector<std::string>& header = {},
                              const std::map<std::string, std::string>& comments = {});

}  // namespace tnt::importing
