#include "exports/row_sink.h"

namespace tnt::exports {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

}  // namespace

bool isPlainDecimalNumber(std::string_view text)
{
    std::size_t i = 0;
    if (i < text.size() && text[i] == '-') ++i;
    const std::size_t intStart = i;
    while (i < text.size() && isDigit(text[i])) ++i;
    if (i == intStart) return false;
    if (i == text.size()) return true;
    if (text[i] != '.' && text[i] != ',') return false;
    const std::size_t fracStart = ++i;
    while (i < text.size() && isDigit(text[i])) ++i;
    return i > fracStart && i == text.size();
}

bool isPlainDateTime(std::string_view text)
{
    constexpr std::string_view shape = "0000-00-00 00:00:00";
    if (text.size() != shape.size()) return false;
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (shape[i] == '0' ? !isDigit(text[i]) : text[i] != shape[i]) return false;
    }
    return true;
}

bool isPlainDate(std::string_view text)
{
    constexpr std::string_view shape = "0000-00-00";
    if (text.size() != shape.size()) return false;
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (shape[i] == '0' ? !isDigit(text[i]) : text[i] != shape[i]) return false;
    }
    return true;
}

std::string_view spreadsheetText(std::string_view text, std::string& scratch)
{
    const auto needsChange = [](char c) { return static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n'; };
    std::size_t i = 0;
    while (i < text.size() && !needsChange(text[i])) ++i;
    if (i == text.size()) return text;  // the common case: no copy
    scratch.assign(text.substr(0, i));
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\r') {
            scratch.push_back('\n');
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        } else if (needsChange(c)) {
            scratch.append("\xEF\xBF\xBD");  // U+FFFD: XML 1.0 has no such character, even escaped
        } else {
            scratch.push_back(c);
        }
    }
    return scratch;
}

}  // namespace tnt::exports
