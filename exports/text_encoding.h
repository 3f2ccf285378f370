// Character encodings met in files to import: UTF-8 (checked strictly) and Windows-1252, which older
// Excel and framaforms exports use on French Windows machines. Conversion is glibc's iconv.
#pragma once

#include <string>
#include <string_view>

namespace tnt::exports {

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool isValidUtf8(std::string_view text);

// Converts Windows-1252 to UTF-8. The five bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D)
// become U+FFFD rather than failing a whole import over one stray byte.
class Windows1252Decoder {
public:
    Windows1252Decoder();
    ~Windows1252Decoder();
    Windows1252Decoder(const Windows1252Decoder&) = delete;
    Windows1252Decoder& operator=(const Windows1252Decoder&) = delete;

    // Appends the UTF-8 form of `text` to `out`.
    void appendUtf8(std::string_view text, std::string& out);

private:
    void* converter_;  // iconv_t, kept opaque so <iconv.h> stays out of this header
};

}  // namespace tnt::exports
