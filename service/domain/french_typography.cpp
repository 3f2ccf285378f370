#include "service/domain/french_typography.h"

namespace tnt::domain {
namespace {

constexpr std::string_view opening_quote = "\xC2\xAB";  // «
constexpr std::string_view closing_quote = "\xC2\xBB";  // »

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool startsWith(std::string_view text, std::size_t at, std::string_view prefix)
{
    return text.substr(at, prefix.size()) == prefix;
}

// The space at `i` is tied to what precedes or follows it.
bool tiedSpace(std::string_view text, std::size_t i)
{
    const std::size_t next = i + 1;
    if (next < text.size()) {
        const char c = text[next];
        if (c == ':' || c == ';' || c == '!' || c == '?') return true;
        if (startsWith(text, next, closing_quote)) return true;
    }
    if (i >= opening_quote.size() && text.substr(i - opening_quote.size(), opening_quote.size()) == opening_quote) {
        return true;
    }
    // "23 h 59": digit, space, "h", space, digit — the space on either side of the "h".
    const auto at = [&text](std::size_t k) { return k < text.size() ? text[k] : '\0'; };
    if (i >= 1 && isDigit(at(i - 1)) && at(i + 1) == 'h' && at(i + 2) == ' ' && isDigit(at(i + 3))) return true;
    if (i >= 3 && isDigit(at(i - 3)) && at(i - 2) == ' ' && at(i - 1) == 'h' && isDigit(at(i + 1))) return true;
    return false;
}

}  // namespace

std::string frenchSpacing(std::string_view text)
{
    std::string out;
    out.reserve(text.size() + 16);
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == ' ' && tiedSpace(text, i)) {
            out += no_break_space;
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

}  // namespace tnt::domain
