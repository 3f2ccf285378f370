#include "exports/spreadsheet_xml.h"

namespace tnt::exports {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

}  // namespace

void appendXmlEscaped(std::string& out, std::string_view text)
{
    for (const char c : text) {
        switch (c) {
        case '&':
            out.append("&amp;");
            break;
        case '<':
            out.append("&lt;");
            break;
        case '>':
            out.append("&gt;");
            break;
        case '"':
            out.append("&quot;");
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                out.append(kReplacement);  // XML 1.0 has no such characters, even escaped
            } else {
                out.push_back(c);
            }
        }
    }
}

std::string columnLetters(std::size_t column)
{
    std::string letters;
    ++column;
    while (column > 0) {
        --column;
        letters.insert(letters.begin(), static_cast<char>('A' + column % 26));
        column /= 26;
    }
    return letters;
}

std::string quotedSheetName(std::string_view name)
{
    std::string out = "'";
    for (const char c : name) {
        out.push_back(c);
        if (c == '\'') out.push_back('\'');
    }
    return out + "'";
}

bool isValidDateShape(std::string_view value)
{
    const auto number = [&](std::size_t at, std::size_t n) {
        int v = 0;
        for (std::size_t i = at; i < at + n; ++i) v = v * 10 + (value[i] - '0');
        return v;
    };
    const int month = number(5, 2);
    const int day = number(8, 2);
    if (month < 1 || month > 12 || day < 1 || day > 31) return false;
    if (value.size() == 10) return true;
    return number(11, 2) < 24 && number(14, 2) < 60 && number(17, 2) < 60;
}

}  // namespace tnt::exports
