#include "exports/csv_reader.h"

#include <csv.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>
#include <utility>

#include "exports/csv_dialect.h"
#include "exports/utf16_stream.h"

namespace tnt::exports {

namespace {

// Blanks around unquoted values are data: an importer decides what to trim, the reader stays faithful.
int noBlanksAreSpace(unsigned char)
{
    return 0;
}

}  // namespace

struct CsvReaderCallbacks {
    static void onField(void* data, std::size_t length, void* self)
    {
        auto& reader = *static_cast<CsvReader*>(self);
        std::string_view field(data ? static_cast<const char*>(data) : "", data ? length : 0);
        if (reader.currentFields_.empty()) {
            // The first field ends on the line being fed; its own newlines say how far back it began.
            auto newlines = static_cast<std::size_t>(std::count(field.begin(), field.end(), '\n'));
            // At the end of the input an unterminated quoted field also holds the last line's own newline,
            // which does not push its start back a line (found by tests/fuzz: csv_reader).
            if (reader.finished_ && field.ends_with('\n')) --newlines;
            reader.currentLine_ = reader.lineNumber_ - newlines;
        }
        reader.currentFields_.emplace_back(field);
    }

    static void onRecordEnd(int, void* self)
    {
        auto& reader = *static_cast<CsvReader*>(self);
        reader.ready_.push_back(CsvRecord{std::move(reader.currentFields_), reader.currentLine_});
        reader.currentFields_.clear();
    }
};

CsvReader CsvReader::fromFile(const std::filesystem::path& path, CsvReaderOptions options)
{
    auto file = std::make_unique<std::ifstream>(path, std::ios::binary);
    if (!*file) throw CsvReadError("cannot open " + path.string());
    return CsvReader(std::move(file), options);
}

CsvReader CsvReader::fromString(std::string content, CsvReaderOptions options)
{
    return CsvReader(std::make_unique<std::istringstream>(std::move(content), std::ios::binary), options);
}

CsvReader::CsvReader(std::unique_ptr<std::istream> input, CsvReaderOptions options)
    : input_(utf8Stream(std::move(input))),
      parser_(std::make_unique<csv_parser>()),
      requestedSeparator_(options.separator)
{
    if (csv_init(parser_.get(), 0) != 0) throw CsvReadError("libcsv could not initialise its parser");
    csv_set_space_func(parser_.get(), noBlanksAreSpace);
}

CsvReader::~CsvReader()
{
    if (parser_) csv_free(parser_.get());
}

CsvReader::CsvReader(CsvReader&&) noexcept = default;

void CsvReader::detectSeparator(std::string_view headerLine)
{
    if (requestedSeparator_) {
        separator_ = *requestedSeparator_;
        return;
    }
    // Count candidates outside quotes: a header label may well contain a comma.
    std::size_t commas = 0, semicolons = 0, tabs = 0;
    bool quoted = false;
    for (char c : headerLine) {
        if (c == '"') quoted = !quoted;
        if (quoted) continue;
        commas += c == ',';
        semicolons += c == ';';
        tabs += c == '\t';
    }
    // On a tie, ';' wins: it is what French Excel writes, and a French header rarely holds one by chance.
    separator_ = ',';
    if (tabs > commas) separator_ = '\t';
    if (semicolons > 0 && semicolons >= std::max(commas, tabs)) separator_ = ';';
}

bool CsvReader::feedNextLine()
{
    if (!std::getline(*input_, rawLine_)) return false;
    const bool hadNewline = !input_->eof();
    ++lineNumber_;
    std::string_view line = rawLine_;
    if (lineNumber_ == 1) {
        if (line.starts_with(CsvDialect::utf8ByteOrderMark)) {
            hadByteOrderMark_ = true;
            line.remove_prefix(CsvDialect::utf8ByteOrderMark.size());
        }
        detectSeparator(line);
        csv_set_delim(parser_.get(), static_cast<unsigned char>(separator_));
    }
    utf8Line_.clear();
    if (isValidUtf8(line)) {
        utf8Line_.append(line);
    } else {
        if (!decoder_) decoder_ = std::make_unique<Windows1252Decoder>();
        decoder_->appendUtf8(line, utf8Line_);
        ++convertedLines_;
    }
    if (hadNewline) utf8Line_.push_back('\n');
    if (csv_parse(parser_.get(), utf8Line_.data(), utf8Line_.size(), CsvReaderCallbacks::onField,
                  CsvReaderCallbacks::onRecordEnd, this) != utf8Line_.size()) {
        throw CsvReadError("line " + std::to_string(lineNumber_) + ": " + csv_strerror(csv_error(parser_.get())));
    }
    return true;
}

bool CsvReader::next(CsvRecord& record)
{
    while (ready_.empty() && !finished_) {
        if (!feedNextLine()) {
            finished_ = true;
            csv_fini(parser_.get(), CsvReaderCallbacks::onField, CsvReaderCallbacks::onRecordEnd, this);
        }
    }
    if (ready_.empty()) return false;
    std::swap(record, ready_.front());
    ready_.pop_front();
    return true;
}

std::vector<CsvRecord> CsvReader::readAll()
{
    std::vector<CsvRecord> records;
    CsvRecord record;
    while (next(record)) records.push_back(std::move(record));
    return records;
}

}  // namespace tnt::exports
