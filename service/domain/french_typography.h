// French typography for text shown to people: the spaces that must never let a line break between a word
// and its punctuation or unit. One rule for every page, the dates of paris_time.h included.
#pragma once

#include <string>
#include <string_view>

namespace tnt::domain {

// U+00A0 NO-BREAK SPACE, in UTF-8.
inline constexpr std::string_view no_break_space = "\xC2\xA0";

// Each ordinary space (U+0020) that French typography ties to its neighbour becomes a no-break space:
// after « and before », before : ; ! ?, and around the « h » of a time ("23 h 59"). Any other byte is kept,
// so the text stays valid UTF-8 and applying it twice changes nothing.
std::string frenchSpacing(std::string_view text);

}  // namespace tnt::domain
