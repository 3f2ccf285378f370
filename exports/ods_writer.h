// An OpenDocument spreadsheet (ODS) streamed to a sink as it is written: the ZIP's stored "mimetype" first,
// then content.xml deflated row by row (exports/zip_stream.h), then the small parts (styles.xml, meta.xml,
// settings.xml, META-INF/manifest.xml). Memory holds one row's XML and zlib's window, whatever the row count.
//
// Cells: text as strings, escaped for XML, line breaks as paragraphs and runs of spaces kept; numbers as
// floats; Paris times and answered dates as dates (office:value-type="date") shown "jj/mm/aaaa hh:mm:ss" and
// "jj/mm/aaaa". Each sheet's header row is bold, repeated on printed pages and frozen, with an autofilter.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "exports/row_sink.h"
#include "exports/zip_stream.h"

namespace tnt::exports {

class OdsWriter final : public SpreadsheetWriter {
public:
    explicit OdsWriter(ZipStream::Sink sink);

    void startSheet(std::string_view name) override;
    // Throws std::length_error past kMaxSheetRows rows.
    void writeRow(std::span<const ExportCell> cells) override;
    void finish() override;

private:
    struct Sheet {
        std::string name;
        std::size_t rows = 0;
        std::size_t columns = 0;
    };

    void endSheet();
    void flushIfFull();

    ZipStream zip_;
    std::vector<Sheet> sheets_;
    bool open_ = false;  // the last sheet's <table:table> is written and not closed
    std::string xml_;  // content.xml not yet handed to the ZIP
    std::string scratch_;
};

// The text of an ODS cell: paragraphs per line, spaces that XML would collapse written as <text:s/>,
// tabs as they are (Calc drops <text:tab/> from cells), markup escaped, control characters XML forbids replaced by U+FFFD. For tests.
void appendOdsParagraphs(std::string& out, std::string_view text);

}  // namespace tnt::exports
