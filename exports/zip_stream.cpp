#include "exports/zip_stream.h"

#include <limits>
#include <stdexcept>

#include <zlib.h>

namespace tnt::exports {

namespace {

constexpr std::uint32_t kLocalHeader = 0x04034b50;
constexpr std::uint32_t kDataDescriptor = 0x08074b50;
constexpr std::uint32_t kCentralHeader = 0x02014b50;
constexpr std::uint32_t kEndOfCentralDirectory = 0x06054b50;
constexpr std::uint16_t kVersion = 20;  // 2.0: deflate, data descriptors
constexpr std::uint16_t kStored = 0;
constexpr std::uint16_t kDeflated = 8;
constexpr std::uint16_t kHasDataDescriptor = 0x0008;
constexpr std::uint16_t kDosDate = (0 << 9) | (1 << 5) | 1;  // 1980-01-01: the files carry no personal clock
constexpr std::size_t kOutputChunk = 64 * 1024;
constexpr std::uint64_t kMax32 = std::numeric_limits<std::uint32_t>::max();

void put16(std::string& out, std::uint16_t v)
{
    out.push_back(static_cast<char>(v & 0xFF));
    out.push_back(static_cast<char>(v >> 8));
}

void put32(std::string& out, std::uint64_t v)
{
    if (v > kMax32) throw std::length_error("ZIP : plus de 4 Gio, au-delà de ce que ce format accepte sans ZIP64");
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

std::uint32_t crc(std::uint32_t running, std::string_view bytes)
{
    // zlib's crc32 takes a uInt length: in pieces, for entries that arrive in large parts.
    while (!bytes.empty()) {
        const auto n = static_cast<uInt>(std::min<std::size_t>(bytes.size(), 1U << 30));
        running = static_cast<std::uint32_t>(::crc32(running, reinterpret_cast<const Bytef*>(bytes.data()), n));
        bytes.remove_prefix(n);
    }
    return running;
}

}  // namespace

struct ZipStream::Deflater {
    z_stream stream{};
    Entry entry;

    Deflater()
    {
        // Raw deflate (no zlib header), level 1: exports are large and repetitive XML, where the fastest level
        // already shrinks them about tenfold, at several times the speed of the default.
        if (deflateInit2(&stream, 1, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
            throw std::runtime_error("ZIP : zlib ne s'initialise pas");
        }
    }
    ~Deflater() { deflateEnd(&stream); }
    Deflater(const Deflater&) = delete;
    Deflater& operator=(const Deflater&) = delete;
};

ZipStream::ZipStream(Sink sink) : sink_(std::move(sink)) {}

ZipStream::~ZipStream() = default;

void ZipStream::emit(std::string_view bytes)
{
    sink_(bytes);
    offset_ += bytes.size();
}

void ZipStream::localHeader(const Entry& entry)
{
    std::string header;
    put32(header, kLocalHeader);
    put16(header, kVersion);
    put16(header, entry.flags);
    put16(header, entry.method);
    put16(header, 0);  // time
    put16(header, kDosDate);
    const bool later = (entry.flags & kHasDataDescriptor) != 0;  // CRC and sizes follow the data
    put32(header, later ? 0 : entry.crc);
    put32(header, later ? 0 : entry.compressed);
    put32(header, later ? 0 : entry.size);
    put16(header, static_cast<std::uint16_t>(entry.name.size()));
    put16(header, 0);  // no extra field (OpenDocument forbids one on "mimetype")
    header.append(entry.name);
    emit(header);
}

void ZipStream::addStored(std::string_view name, std::string_view bytes)
{
    if (deflater_) throw std::logic_error("ZipStream: an entry is open");
    Entry entry{std::string(name), kStored, 0, crc(0, bytes), bytes.size(), bytes.size(), offset_};
    localHeader(entry);
    emit(bytes);
    entries_.push_back(std::move(entry));
}

void ZipStream::addDeflated(std::string_view name, std::string_view bytes)
{
    begin(name);
    write(bytes);
    end();
}

void ZipStream::begin(std::string_view name)
{
    if (deflater_) throw std::logic_error("ZipStream: an entry is open");
    deflater_ = std::make_unique<Deflater>();
    deflater_->entry = Entry{std::string(name), kDeflated, kHasDataDescriptor, 0, 0, 0, offset_};
    localHeader(deflater_->entry);
}

void ZipStream::deflate(std::string_view bytes, bool last)
{
    z_stream& z = deflater_->stream;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    z.avail_in = static_cast<uInt>(bytes.size());
    int result = Z_OK;
    do {
        const std::size_t at = out_.size();
        out_.resize(at + kOutputChunk);
        z.next_out = reinterpret_cast<Bytef*>(out_.data() + at);
        z.avail_out = static_cast<uInt>(kOutputChunk);
        result = ::deflate(&z, last ? Z_FINISH : Z_NO_FLUSH);
        if (result == Z_STREAM_ERROR) throw std::runtime_error("ZIP : erreur de zlib");
        out_.resize(at + kOutputChunk - z.avail_out);
        if (out_.size() >= kOutputChunk) {
            deflater_->entry.compressed += out_.size();
            emit(out_);
            out_.clear();
        }
    } while (z.avail_out == 0 || (last && result != Z_STREAM_END));
}

void ZipStream::write(std::string_view bytes)
{
    if (!deflater_) throw std::logic_error("ZipStream: no entry is open");
    Entry& entry = deflater_->entry;
    entry.crc = crc(entry.crc, bytes);
    entry.size += bytes.size();
    if (entry.size > kMax32) throw std::length_error("ZIP : une entrée de plus de 4 Gio");
    while (!bytes.empty()) {  // avail_in is a uInt
        const auto part = bytes.substr(0, 1U << 30);
        deflate(part, false);
        bytes.remove_prefix(part.size());
    }
}

void ZipStream::end()
{
    if (!deflater_) throw std::logic_error("ZipStream: no entry is open");
    deflate({}, true);
    Entry& entry = deflater_->entry;
    entry.compressed += out_.size();
    emit(out_);
    out_.clear();
    std::string descriptor;
    put32(descriptor, kDataDescriptor);
    put32(descriptor, entry.crc);
    put32(descriptor, entry.compressed);
    put32(descriptor, entry.size);
    emit(descriptor);
    entries_.push_back(std::move(entry));
    deflater_.reset();
}

void ZipStream::finish()
{
    if (deflater_) throw std::logic_error("ZipStream: an entry is open");
    const std::uint64_t start = offset_;
    std::string directory;
    for (const Entry& entry : entries_) {
        put32(directory, kCentralHeader);
        put16(directory, kVersion);  // made by
        put16(directory, kVersion);  // needed
        put16(directory, entry.flags);
        put16(directory, entry.method);
        put16(directory, 0);
        put16(directory, kDosDate);
        put32(directory, entry.crc);
        put32(directory, entry.compressed);
        put32(directory, entry.size);
        put16(directory, static_cast<std::uint16_t>(entry.name.size()));
        put16(directory, 0);  // extra
        put16(directory, 0);  // comment
        put16(directory, 0);  // disk
        put16(directory, 0);  // internal attributes
        put32(directory, 0);  // external attributes
        put32(directory, entry.offset);
        directory.append(entry.name);
    }
    const std::uint64_t size = directory.size();
    put32(directory, kEndOfCentralDirectory);
    put16(directory, 0);
    put16(directory, 0);
    put16(directory, static_cast<std::uint16_t>(entries_.size()));
    put16(directory, static_cast<std::uint16_t>(entries_.size()));
    put32(directory, size);
    put32(directory, start);
    put16(directory, 0);  // comment
    emit(directory);
}

}  // namespace tnt::exports
