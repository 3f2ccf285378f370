// The records of a file to import (CSV, or the first sheet of an XLSX workbook: exports/record_reader.h),
// after its header: a plain table (one header row, as Airtable, Excel, Sphinx and tnt-forms write them), or a
// Drupal Webform export (framaforms), whose three header rows are read as
// webform.report.inc and components/select.inc write them (Webform 7.x-4):
//   row 1: the form's title, then empty cells;
//   row 2: « Détails de la soumission » above the submission columns, then, above the first column of each
//          multiple choice exported as one column per option, the question's label;
//   row 3: the submission columns (Numéro de série, SID, Heure de soumission, Heure de complétion, Heure de
//          modification, Brouillon, Adresse IP, UID, Nom d'utilisateur), then each question's label, or for a
//          multiple choice its option keys (or labels), each column « X » when chosen, and a last column with
//          the "other" text when the question has one.
// A Webform export is given one header: each multiple choice of the form becomes one column named after its
// label, holding the keys of the options chosen joined by '|', and its "other" column one named « <label>
// <other_label> », so the mapping, its suggestion and the conversion see one column per question. Drafts
// (Brouillon = 1) are skipped and counted; the IP address, UID and user name columns are never read.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "exports/csv_reader.h"
#include "exports/record_reader.h"
#include "service/domain/form.h"

namespace tnt::importing {

// A file whose layout cannot be imported (a header row repeated among the data…): a French sentence with
// the line.
class ImportFileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class ImportFile {
public:
    // Reads the header row(s). `form` (which must outlive this object) tells a Webform export's multiple
    // choices where they end. Throws ImportFileError when the file has no header, CsvReadError, Utf16Error.
    ImportFile(std::unique_ptr<exports::RecordReader> reader, const domain::Form& form);
    ImportFile(exports::CsvReader reader, const domain::Form& form);

    const std::vector<std::string>& header() const { return header_; }

    // The next record in the header's columns; false at the end. Drafts are skipped. Throws ImportFileError
    // on a record that repeats the header.
    bool next(exports::CsvRecord& record);

    bool webform() const { return webform_; }
    std::uint64_t draftsSkipped() const { return drafts_; }
    // The columns of the file that are never read (a Webform export's IP address, UID and user name).
    const std::vector<std::string>& leftOut() const { return left_out_; }
    std::uint64_t linesConvertedFromWindows1252() const { return reader_->linesConvertedFromWindows1252(); }

private:
    // How one column of the header is made from the file's.
    struct Column {
        std::vector<std::size_t> sources;  // the file's columns (several: a multiple choice's options)
        std::vector<std::string> keys;  // their option keys, for a multiple choice
        std::size_t other = std::string::npos;  // its "other" text column: « autre » is chosen when it is filled
    };

    bool readRaw(exports::CsvRecord& record);
    void planWebform(const std::vector<std::string>& groups, const std::vector<std::string>& names);

    std::unique_ptr<exports::RecordReader> reader_;
    const domain::Form& form_;
    std::vector<std::string> header_;
    std::vector<std::vector<std::string>> raw_header_;  // the header rows, which a data row must not repeat
    std::deque<exports::CsvRecord> pending_;  // read while looking for the header, data after all
    bool webform_ = false;
    std::vector<Column> columns_;  // Webform only: the header's columns from the file's
    std::size_t width_ = 0;  // the file's columns
    std::size_t draft_column_ = std::string::npos;
    std::uint64_t drafts_ = 0;
    std::vector<std::string> left_out_;
};

}  // namespace tnt::importing
