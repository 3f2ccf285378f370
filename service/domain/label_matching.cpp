#include "service/domain/label_matching.h"

#include <array>
#include <cstdint>

namespace tnt::domain {
namespace {

// Latin-1 Supplement and Latin Extended-A letters French text uses, folded to ASCII.
std::string_view foldCodePoint(std::uint32_t cp)
{
    struct Fold {
        std::uint32_t cp;
        std::string_view ascii;
    };
    static constexpr std::array<Fold, 62> folds{{
        {0xC0, "a"}, {0xC1, "a"}, {0xC2, "a"},   {0xC3, "a"},   {0xC4, "a"},  {0xC5, "a"},    {0xC6, "ae"}, {0xC7, "c"},
        {0xC8, "e"}, {0xC9, "e"}, {0xCA, "e"},   {0xCB, "e"},   {0xCC, "i"},  {0xCD, "i"},    {0xCE, "i"},  {0xCF, "i"},
        {0xD1, "n"}, {0xD2, "o"}, {0xD3, "o"},   {0xD4, "o"},   {0xD5, "o"},  {0xD6, "o"},    {0xD8, "o"},  {0xD9, "u"},
        {0xDA, "u"}, {0xDB, "u"}, {0xDC, "u"},   {0xDD, "y"},   {0xDF, "ss"}, {0xE0, "a"},    {0xE1, "a"},  {0xE2, "a"},
        {0xE3, "a"}, {0xE4, "a"}, {0xE5, "a"},   {0xE6, "ae"},  {0xE7, "c"},  {0xE8, "e"},    {0xE9, "e"},  {0xEA, "e"},
        {0xEB, "e"}, {0xEC, "i"}, {0xED, "i"},   {0xEE, "i"},   {0xEF, "i"},  {0xF1, "n"},    {0xF2, "o"},  {0xF3, "o"},
        {0xF4, "o"}, {0xF5, "o"}, {0xF6, "o"},   {0xF8, "o"},   {0xF9, "u"},  {0xFA, "u"},    {0xFB, "u"},  {0xFC, "u"},
        {0xFD, "y"}, {0xFF, "y"}, {0x152, "oe"}, {0x153, "oe"}, {0x178, "y"}, {0x1E9E, "ss"},
    }};
    for (const auto& f : folds) {
        if (f.cp == cp) return f.ascii;
    }
    return {};
}

}  // namespace

std::string normaliseLabel(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    bool pendingSpace = false;
    auto append = [&](std::string_view word) {
        if (pendingSpace && !out.empty()) out.push_back(' ');
        pendingSpace = false;
        out.append(word);
    };
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            if (c >= 'A' && c <= 'Z') {
                const char lower = static_cast<char>(c - 'A' + 'a');
                append(std::string_view(&lower, 1));
            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                append(std::string_view(&text[i], 1));
            } else {
                pendingSpace = true;
            }
            ++i;
            continue;
        }
        // Decode one UTF-8 sequence; invalid bytes are word breaks.
        std::size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        if (i + length > text.size()) length = 1;
        std::uint32_t cp = length == 1 ? 0 : c & (0xFF >> (length + 1));
        for (std::size_t k = 1; k < length; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
        const auto folded = foldCodePoint(cp);
        if (folded.empty()) {
            pendingSpace = true;  // apostrophes, no-break spaces, dashes, ellipses…
        } else {
            append(folded);
        }
        i += length;
    }
    return out;
}

}  // namespace tnt::domain
