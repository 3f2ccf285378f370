// UTF-16 text files read as UTF-8, streaming: the "Microsoft Excel" download of Drupal Webform (framaforms)
// is tab-separated text in UTF-16LE with a byte order mark, and Excel's "Unicode text" saves are the same.
// A stream that starts with a UTF-16 BOM (FF FE little-endian, FE FF big-endian) is decoded chunk by chunk
// into UTF-8, so a file of any size never sits in memory and the CSV reader sees ordinary UTF-8 lines.
#pragma once

#include <cstddef>
#include <istream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <streambuf>
#include <string>

namespace tnt::exports {

enum class Utf16Order { little_endian, big_endian };

// A file that says it is UTF-16 and is not: an odd number of bytes (cut short), or a surrogate without its
// pair. The message is a French sentence with the byte offset.
class Utf16Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The UTF-16 byte order `input` announces by its BOM, without consuming anything; nullopt for another file.
std::optional<Utf16Order> peekUtf16ByteOrderMark(std::istream& input);

// Decodes UTF-16 (after its BOM) from `input` into UTF-8, as a stream buffer. Throws Utf16Error from its
// reads (an istream built on it lets the exception through: exceptions(badbit)).
class Utf16ToUtf8Buffer : public std::streambuf {
public:
    // Skips the two bytes of the BOM.
    Utf16ToUtf8Buffer(std::unique_ptr<std::istream> input, Utf16Order order);

protected:
    int_type underflow() override;

private:
    void decode(const unsigned char* bytes, std::size_t count);

    std::unique_ptr<std::istream> input_;
    Utf16Order order_;
    std::string in_;  // raw bytes read and not yet decoded (an odd byte, half a surrogate pair)
    std::string out_;  // the UTF-8 handed out
    std::size_t offset_ = 2;  // of the next undecoded byte in the file, for messages
};

// `input` as UTF-8: decoded from UTF-16 when it starts with a UTF-16 BOM, else itself.
std::unique_ptr<std::istream> utf8Stream(std::unique_ptr<std::istream> input);

}  // namespace tnt::exports
