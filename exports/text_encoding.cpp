#include "exports/text_encoding.h"

#include <iconv.h>

#include <cerrno>
#include <cstdint>
#include <stdexcept>

namespace tnt::exports {

namespace {

constexpr std::string_view replacementCharacter = "\xEF\xBF\xBD";  // U+FFFD

iconv_t handle(void* converter)
{
    return static_cast<iconv_t>(converter);
}

}  // namespace

bool isValidUtf8(std::string_view text)
{
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        const unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        std::uint32_t codePoint = 0;
        std::uint32_t minimum = 0;
        if ((c & 0xE0) == 0xC0) {
            length = 2, codePoint = c & 0x1F, minimum = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            length = 3, codePoint = c & 0x0F, minimum = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            length = 4, codePoint = c & 0x07, minimum = 0x10000;
        } else {
            return false;
        }
        if (n - i < length) return false;
        for (std::size_t k = 1; k < length; ++k) {
            if ((s[i + k] & 0xC0) != 0x80) return false;
            codePoint = (codePoint << 6) | (s[i + k] & 0x3F);
        }
        if (codePoint < minimum || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) return false;
        i += length;
    }
    return true;
}

Windows1252Decoder::Windows1252Decoder() : converter_(iconv_open("UTF-8", "WINDOWS-1252"))
{
    // iconv_open() says failure with (iconv_t)-1.
    if (handle(converter_) == reinterpret_cast<iconv_t>(-1)) {  // NOLINT(performance-no-int-to-ptr)
        throw std::runtime_error("iconv cannot convert from WINDOWS-1252 to UTF-8");
    }
}

Windows1252Decoder::~Windows1252Decoder()
{
    iconv_close(handle(converter_));
}

void Windows1252Decoder::appendUtf8(std::string_view text, std::string& out)
{
    // Each Windows-1252 byte becomes at most 3 UTF-8 bytes.
    const std::size_t at = out.size();
    out.resize(at + text.size() * 3);
    char* in = const_cast<char*>(text.data());  // iconv's signature is not const-correct; it does not write
    std::size_t inLeft = text.size();
    char* dest = out.data() + at;
    std::size_t destLeft = text.size() * 3;
    while (inLeft > 0) {
        if (iconv(handle(converter_), &in, &inLeft, &dest, &destLeft) != static_cast<std::size_t>(-1)) break;
        if (errno != EILSEQ && errno != EINVAL) throw std::runtime_error("iconv failed on WINDOWS-1252 input");
        // An undefined byte: U+FFFD also takes 3 bytes, so the room computed above still holds.
        for (char c : replacementCharacter) *dest++ = c;
        destLeft -= replacementCharacter.size();
        ++in;
        --inLeft;
    }
    out.resize(static_cast<std::size_t>(dest - out.data()));
}

}  // namespace tnt::exports
