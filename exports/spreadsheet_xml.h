// What the two spreadsheet writers (exports/ods_writer.h, exports/xlsx_writer.h) write the same way in their
// XML: escaped text, a column's letters, a quoted sheet name in a range, a calendar day that exists.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tnt::exports {

// `text` escaped for XML content and attribute values (& < > "); the control characters XML 1.0 cannot hold,
// even escaped, replaced by U+FFFD.
void appendXmlEscaped(std::string& out, std::string_view text);

// "A", "B", … "Z", "AA": a column's letters in a cell address (0 is "A").
std::string columnLetters(std::size_t column);

// "'Réponses'": a sheet name as a range address writes it, in single quotes, a quote doubled.
std::string quotedSheetName(std::string_view name);

// For "2026-12-01" and "2026-12-01 05:03:09" (shapes checked by isPlainDate and isPlainDateTime): whether the
// month, day, hour, minute and second are in range.
bool isValidDateShape(std::string_view value);

}  // namespace tnt::exports
