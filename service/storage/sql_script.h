// Splits a migration file into statements, because Connector/C++ runs one statement per call.
// Understands quotes, backticks and comments, so a ';' inside a string or a comment does not split.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tnt::storage {

std::vector<std::string> splitSqlStatements(std::string_view script);

}  // namespace tnt::storage
