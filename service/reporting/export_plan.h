// The columns of a response export, planned from the stored definitions of every version of a form: the
// current version's questions in its order, then the questions only older versions had, each choice with
// the union of its options across versions, so no stored answer is left without a column.
#pragma once

#include <string>
#include <vector>

#include "exports/export_columns.h"
#include "service/reporting/group_scope.h"

namespace tnt::reporting {

// `definitions`: the JSON definitions (Form::toJson) oldest first; the last one is the version served.
// The question offering the groups (`options_from: groups`) is seen through `scope`.
std::vector<exports::ExportQuestion> exportQuestions(const std::vector<std::string>& definitions,
                                                     const GroupScope& scope = {});

// The columns of a response export: exportQuestions() planned with `options`, and for a form whose
// questions offer the groups (in any version), the column of the registrations' states.
exports::ColumnPlan planResponseColumns(const std::vector<std::string>& definitions, exports::ExportOptions options,
                                        const GroupScope& scope = {});

}  // namespace tnt::reporting
