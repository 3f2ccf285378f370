// Value checks for answers.
#include "service/domain/field_formats.h"

#include <algorithm>
#include <cstdint>

#include <date/date.h>

namespace tnt::domain {

namespace {

bool isAsciiSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Length of a no-break space (U+00A0 "\xC2\xA0", U+202F "\xE2\x80\xAF") at `pos`, or 0.
std::size_t noBreakSpaceAt(std::string_view text, std::size_t pos)
{
    if (text.substr(pos, 2) == "\xC2\xA0") {
        return 2;
    }
    if (text.substr(pos, 3) == "\xE2\x80\xAF") {
        return 3;
    }
    return 0;
}

std::size_t noBreakSpaceEndingAt(std::string_view text, std::size_t end)
{
    if (end >= 2 && text.substr(end - 2, 2) == "\xC2\xA0") {
        return 2;
    }
    if (end >= 3 && text.substr(end - 3, 3) == "\xE2\x80\xAF") {
        return 3;
    }
    return 0;
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}
bool isAlpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

std::string groupByTwo(std::string_view national)
{
    std::string out;
    for (std::size_t i = 0; i < national.size(); i += 2) {
        if (!out.empty()) {
            out += ' ';
        }
        out += national.substr(i, 2);
    }
    return out;
}

}  // namespace

std::string trimText(std::string_view text)
{
    std::size_t begin = 0;
    std::size_t end = text.size();
    while (begin < end) {
        if (isAsciiSpace(text[begin])) {
            ++begin;
        } else if (std::size_t n = noBreakSpaceAt(text, begin)) {
            begin += n;
        } else {
            break;
        }
    }
    while (end > begin) {
        if (isAsciiSpace(text[end - 1])) {
            --end;
        } else if (std::size_t n = noBreakSpaceEndingAt(text, end); n > 0 && end - n >= begin) {
            end -= n;
        } else {
            break;
        }
    }
    return std::string(text.substr(begin, end - begin));
}

bool isValidUtf8(std::string_view text)
{
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::size_t extra = 0;
        std::uint32_t cp = 0;
        if (c < 0x80) {
            ++i;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            extra = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            extra = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            extra = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + extra >= text.size()) {
            return false;
        }
        for (std::size_t k = 1; k <= extra; ++k) {
            const auto cc = static_cast<unsigned char>(text[i + k]);
            if ((cc & 0xC0) != 0x80) {
                return false;
            }
            cp = (cp << 6) | (cc & 0x3F);
        }
        // Overlong forms, UTF-16 surrogates and values past U+10FFFF are not UTF-8.
        if ((extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF)) {
            return false;
        }
        i += extra + 1;
    }
    return true;
}

std::size_t countCharacters(std::string_view utf8)
{
    return static_cast<std::size_t>(
        std::count_if(utf8.begin(), utf8.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::optional<std::string> normaliseEmail(std::string_view text)
{
    const std::string email = trimText(text);
    if (email.size() > 254) {
        return std::nullopt;
    }
    const std::size_t at = email.find('@');
    if (at == std::string::npos || at == 0 || at > 64 || email.find('@', at + 1) != std::string::npos) {
        return std::nullopt;
    }
    const std::string_view local = std::string_view(email).substr(0, at);
    std::string domain = email.substr(at + 1);
    static constexpr std::string_view local_specials = ".!#$%&'*+/=?^_`{|}~-";
    for (char c : local) {
        if (!isAlpha(c) && !isDigit(c) && local_specials.find(c) == std::string_view::npos) {
            return std::nullopt;
        }
    }
    if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
        return std::nullopt;
    }
    // Domain: labels of letters, digits and inner hyphens, at least two, the last alphabetic (a TLD).
    std::transform(domain.begin(), domain.end(), domain.begin(),
                   [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; });
    std::size_t start = 0;
    int labels = 0;
    std::string_view last;
    while (true) {
        const std::size_t dot = domain.find('.', start);
        const std::string_view label =
            std::string_view(domain).substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
            return std::nullopt;
        }
        for (char c : label) {
            if (!isAlpha(c) && !isDigit(c) && c != '-') {
                return std::nullopt;
            }
        }
        ++labels;
        last = label;
        if (dot == std::string::npos) {
            break;
        }
        start = dot + 1;
    }
    if (labels < 2 || last.size() < 2 || !std::all_of(last.begin(), last.end(), isAlpha)) {
        return std::nullopt;
    }
    return std::string(local) + "@" + domain;
}

std::optional<std::string> normalisePhone(std::string_view text)
{
    std::string compact;
    const std::string trimmed = trimText(text);
    for (std::size_t i = 0; i < trimmed.size(); ++i) {
        const char c = trimmed[i];
        if (isDigit(c) || (c == '+' && compact.empty())) {
            compact += c;
        } else if (trimmed.compare(i, 3, "(0)") == 0) {
            i += 2;  // "+33 (0)1 …": the trunk 0 written for national readers
        } else if (std::size_t n = noBreakSpaceAt(trimmed, i)) {
            i += n - 1;
        } else if (c != ' ' && c != '.' && c != '-' && c != '(' && c != ')' && c != '/') {
            return std::nullopt;
        }
    }
    if (compact.rfind("00", 0) == 0) {
        compact.replace(0, 2, "+");  // in place: `"+" + compact.substr(2)` trips GCC 12's -Wrestrict in Release
    }
    std::string national;
    if (compact.rfind('+', 0) == 0) {
        // +33 X XX XX XX XX is 0X XX XX XX XX; overseas departments have their own country codes whose
        // national numbers start with the same digits (+262 262 … is 0262 …).
        static constexpr std::string_view country_codes[] = {"33", "262", "269", "590", "594", "596"};
        for (std::string_view code : country_codes) {
            if (compact.compare(1, code.size(), code) == 0 && compact.size() == 1 + code.size() + 9) {
                national = "0" + compact.substr(1 + code.size());
                break;
            }
        }
    } else {
        national = compact;
    }
    if (national.size() != 10 || national[0] != '0' || national[1] == '0') {
        return std::nullopt;
    }
    return groupByTwo(national);
}

bool isIsoDate(std::string_view text)
{
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return false;
    }
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
        if (!isDigit(text[i])) {
            return false;
        }
    }
    const int y = std::stoi(std::string(text.substr(0, 4)));
    const unsigned m = static_cast<unsigned>(std::stoi(std::string(text.substr(5, 2))));
    const unsigned d = static_cast<unsigned>(std::stoi(std::string(text.substr(8, 2))));
    return date::year_month_day{date::year{y}, date::month{m}, date::day{d}}.ok() && y >= 1900;
}

}  // namespace tnt::domain
