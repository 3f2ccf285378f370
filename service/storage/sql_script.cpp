#include "service/storage/sql_script.h"

#include <cctype>

namespace tnt::storage {
namespace {

std::string trimmed(const std::string& s)
{
    std::size_t b = 0;
    std::size_t e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return s.substr(b, e - b);
}

}  // namespace

std::vector<std::string> splitSqlStatements(std::string_view script)
{
    std::vector<std::string> statements;
    std::string current;
    char quote = 0;  // ', " or ` while inside a quoted run
    for (std::size_t i = 0; i < script.size(); ++i) {
        const char c = script[i];
        const char next = i + 1 < script.size() ? script[i + 1] : '\0';
        if (quote != 0) {
            current.push_back(c);
            if (c == '\\' && quote != '`' && i + 1 < script.size()) {
                current.push_back(next);
                ++i;
            } else if (c == quote) {
                quote = 0;
            }
            continue;
        }
        if (c == '-' && next == '-' &&
            (i + 2 >= script.size() || std::isspace(static_cast<unsigned char>(script[i + 2])))) {
            while (i < script.size() && script[i] != '\n') ++i;
            current.push_back('\n');
            continue;
        }
        if (c == '#') {
            while (i < script.size() && script[i] != '\n') ++i;
            current.push_back('\n');
            continue;
        }
        if (c == '/' && next == '*') {
            const auto end = script.find("*/", i + 2);
            i = end == std::string_view::npos ? script.size() : end + 1;
            current.push_back(' ');
            continue;
        }
        if (c == '\'' || c == '"' || c == '`') quote = c;
        if (c == ';') {
            auto statement = trimmed(current);
            if (!statement.empty()) statements.push_back(std::move(statement));
            current.clear();
            continue;
        }
        current.push_back(c);
    }
    auto last = trimmed(current);
    if (!last.empty()) statements.push_back(std::move(last));
    return statements;
}

}  // namespace tnt::storage
