// A ZIP archive written front to back to a sink, for formats that are ZIPs of XML (OpenDocument): each entry's
// header, then its bytes as they come (deflated by zlib, or stored), then a data descriptor with its CRC and
// sizes, and the central directory at the end. Nothing is held but zlib's window and one output buffer, so
// an entry of a gigabyte streams with flat memory. No ZIP64: an entry or the archive past 4 GiB is refused
// (std::length_error) rather than written in a form readers would misread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tnt::exports {

class ZipStream {
public:
    using Sink = std::function<void(std::string_view)>;

    explicit ZipStream(Sink sink);
    ~ZipStream();
    ZipStream(const ZipStream&) = delete;
    ZipStream& operator=(const ZipStream&) = delete;

    // A whole entry, stored uncompressed with its sizes in its header (what OpenDocument asks of "mimetype").
    void addStored(std::string_view name, std::string_view bytes);
    // A whole entry, deflated.
    void addDeflated(std::string_view name, std::string_view bytes);

    // An entry written in parts: begin, write as often as needed, end. One at a time.
    void begin(std::string_view name);
    void write(std::string_view bytes);
    void end();

    // The central directory; the archive is complete.
    void finish();

    std::uint64_t bytesWritten() const { return offset_; }

private:
    struct Entry {
        std::string name;
        std::uint16_t method = 0;
        std::uint16_t flags = 0;
        std::uint32_t crc = 0;
        std::uint64_t compressed = 0;
        std::uint64_t size = 0;
        std::uint64_t offset = 0;
    };
    struct Deflater;

    void emit(std::string_view bytes);
    void localHeader(const Entry& entry);
    void deflate(std::string_view bytes, bool last);

    Sink sink_;
    std::vector<Entry> entries_;
    std::unique_ptr<Deflater> deflater_;  // the open entry's, when one is open
    std::string out_;  // deflated bytes waiting for the sink
    std::uint64_t offset_ = 0;
};

}  // namespace tnt::exports
