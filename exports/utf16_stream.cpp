#include "exports/utf16_stream.h"

#include <array>

namespace tnt::exports {
namespace {

constexpr std::size_t kChunk = 64 * 1024;

void appendUtf8(std::string& out, char32_t c)
{
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

// The stream that owns its buffer (the buffer owns the file's stream).
class OwningStream : public std::istream {
public:
    explicit OwningStream(std::unique_ptr<std::streambuf> buffer)
        : std::istream(buffer.get()), buffer_(std::move(buffer))
    {
        exceptions(std::ios::badbit);  // a decoding error reaches the reader's caller
    }

private:
    std::unique_ptr<std::streambuf> buffer_;
};

}  // namespace

std::optional<Utf16Order> peekUtf16ByteOrderMark(std::istream& input)
{
    const auto first = input.get();
    if (first == std::char_traits<char>::eof()) {
        input.clear();
        return std::nullopt;
    }
    const auto second = input.peek();
    input.unget();
    if (second == std::char_traits<char>::eof()) {
        input.clear();
        return std::nullopt;
    }
    if (first == 0xFF && second == 0xFE) return Utf16Order::little_endian;
    if (first == 0xFE && second == 0xFF) return Utf16Order::big_endian;
    return std::nullopt;
}

Utf16ToUtf8Buffer::Utf16ToUtf8Buffer(std::unique_ptr<std::istream> input, Utf16Order order)
    : input_(std::move(input)), order_(order)
{
    input_->ignore(2);
}

void Utf16ToUtf8Buffer::decode(const unsigned char* bytes, std::size_t count)
{
    in_.append(reinterpret_cast<const char*>(bytes), count);
    std::size_t i = 0;
    auto unit = [&](std::size_t at) {
        const auto a = static_cast<unsigned char>(in_[at]);
        const auto b = static_cast<unsigned char>(in_[at + 1]);
        return order_ == Utf16Order::little_endian ? static_cast<char16_t>(a | (b << 8))
                                                   : static_cast<char16_t>((a << 8) | b);
    };
    while (i + 2 <= in_.size()) {
        const char16_t u = unit(i);
        if (u >= 0xD800 && u <= 0xDBFF) {
            if (i + 4 > in_.size()) break;  // its pair is in the next chunk
            const char16_t low = unit(i + 2);
            if (low < 0xDC00 || low > 0xDFFF) {
                throw Utf16Error("fichier UTF-16 illisible : caractère incomplet à l'octet " +
                                 std::to_string(offset_ + i));
            }
            appendUtf8(out_, 0x10000 + ((static_cast<char32_t>(u) - 0xD800) << 10) + (low - 0xDC00));
            i += 4;
        } else if (u >= 0xDC00 && u <= 0xDFFF) {
            throw Utf16Error("fichier UTF-16 illisible : caractère incomplet à l'octet " + std::to_string(offset_ + i));
        } else {
            appendUtf8(out_, u);
            i += 2;
        }
    }
    in_.erase(0, i);
    offset_ += i;
}

Utf16ToUtf8Buffer::int_type Utf16ToUtf8Buffer::underflow()
{
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    out_.clear();
    std::array<unsigned char, kChunk> chunk{};
    while (out_.empty()) {
        input_->read(reinterpret_cast<char*>(chunk.data()), static_cast<std::streamsize>(chunk.size()));
        const auto got = static_cast<std::size_t>(input_->gcount());
        if (got == 0) {
            if (!in_.empty()) {
                throw Utf16Error("fichier UTF-16 tronqué : il se termine au milieu d'un caractère (octet " +
                                 std::to_string(offset_) + ")");
            }
            return traits_type::eof();
        }
        decode(chunk.data(), got);
    }
    setg(out_.data(), out_.data(), out_.data() + out_.size());
    return traits_type::to_int_type(*gptr());
}

std::unique_ptr<std::istream> utf8Stream(std::unique_ptr<std::istream> input)
{
    const auto order = peekUtf16ByteOrderMark(*input);
    if (!order) return input;
    return std::make_unique<OwningStream>(std::make_unique<Utf16ToUtf8Buffer>(std::move(input), *order));
}

}  // namespace tnt::exports
