// An invitation file, read and checked: the CSV the programme team loads to invite elected officials to a
// survey (an e-mail address, the INSEE code of the commune, the mandate per row). Each row becomes an
// Invitee or a rejection with its reason in French; the rejections are written back as a reject file the
// team corrects and loads again. Pure: no database, so what "already invited" means is the caller's.
//
// The file: a header row naming the columns (any order, other columns ignored), ',' ';' or tab detected
// from it, UTF-8 with or without BOM (Windows-1252 lines are converted), quoted fields, records read one at
// a time so a large file never sits in memory (exports::CsvReader).
#pragma once

#include <cstddef>
#include <istream>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "exports/csv_reader.h"
#include "exports/csv_writer.h"
#include "service/domain/communes.h"
#include "service/domain/form.h"

namespace tnt::domain {

// One allowed mandate: the key stored (an option key of the form's `mandat` question) and its label.
// A row may give either; case, accents and punctuation do not matter ("Adjoint au maire", "ADJOINT").
struct MandateOption {
    std::string key;
    std::string label;
};

// The mandates an invitation file may give to `form`: the options of its invitations.mandate question
// (none when it takes no invitations).
std::vector<MandateOption> invitationMandates(const Form& form);

struct Invitee {
    std::size_t line = 0;  // physical line where the row starts in the file
    std::string email;  // trimmed, domain lowercased (normaliseEmail)
    std::string insee;  // official code ("01001", "2A004")
    std::string departement;  // the commune's
    std::string commune;  // the commune's name
    std::string mandate;  // the MandateOption key
};

struct RejectedInvitation {
    std::size_t line = 0;
    std::vector<std::string> fields;  // the row as read, for the reject file
    std::string reason;  // French, one sentence per problem joined by " ; "
};

using InvitationRow = std::variant<Invitee, RejectedInvitation>;

// A problem with the whole file (no header, a column missing, a CSV the reader cannot read): nothing of
// it can be used. The message is a French sentence for the person who loads the file.
class InvitationFileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class InvitationFile {
public:
    // Reads the header at once: throws InvitationFileError when it lacks a column. `communes` must outlive
    // this object; `mandates` must not be empty.
    InvitationFile(exports::CsvReader reader, const CommuneList& communes, std::vector<MandateOption> mandates);
    static InvitationFile fromString(std::string text, const CommuneList& communes,
                                     std::vector<MandateOption> mandates);
    static InvitationFile fromStream(std::unique_ptr<std::istream> input, const CommuneList& communes,
                                     std::vector<MandateOption> mandates);

    // The next row, accepted or rejected; nullopt at the end. Empty rows (";;;") are skipped. A second row
    // with the address of an accepted one is rejected (case does not matter): one invitation per mailbox.
    std::optional<InvitationRow> next();

    const std::vector<std::string>& header() const { return header_; }
    char separator() const { return reader_.separator(); }

private:
    InvitationRow check(exports::CsvRecord& record);
    const MandateOption* findMandate(std::string_view text) const;

    exports::CsvReader reader_;
    const CommuneList& communes_;
    std::vector<MandateOption> mandates_;
    std::vector<std::string> mandateWords_;  // normaliseLabel of each key and label, two per mandate
    std::string allowedMandates_;  // for the reason of a row whose mandate is unknown
    std::vector<std::string> header_;
    std::size_t emailColumn_ = 0;
    std::size_t inseeColumn_ = 0;
    std::size_t mandateColumn_ = 0;
    std::map<std::string, std::size_t> acceptedAddresses_;  // lowercased address → line of its row
};

// The whole file at once, for tests and small files.
struct InvitationList {
    std::vector<std::string> header;
    char separator = ',';
    std::vector<Invitee> invitees;
    std::vector<RejectedInvitation> rejected;
};
InvitationList readInvitationList(std::string text, const CommuneList& communes, std::vector<MandateOption> mandates);

// The column added after the file's own in the reject file (the name the answers import uses too).
inline constexpr std::string_view invitation_reject_column = "motif du rejet";

// The reject file, written as rows are rejected: the file's header plus the reason column first, then each
// rejected row as read with "ligne N : reason", in the file's separator. A file that already has the reason
// column (a corrected reject file loaded again) keeps it, with the new reason. With a UTF-8 BOM, because the
// team corrects it in Excel, which garbles accents without one; the reader skips it when the file comes
// back. Nothing is written when nothing is rejected.
class InvitationRejectFile {
public:
    InvitationRejectFile(std::vector<std::string> header, char separator, exports::CsvWriter::Sink sink);

    void add(const RejectedInvitation& row);
    // Hands what is buffered to the sink; call it at the end (the writer's destructor does not).
    void flush() { writer_.flush(); }
    std::size_t rows() const { return rows_; }

private:
    std::vector<std::string> header_;  // with the reason column
    std::size_t reasonColumn_ = 0;
    bool reasonAppended_ = true;  // false when the file came with the column (a reject file loaded again)
    exports::CsvWriter writer_;
    std::size_t rows_ = 0;
};

// All of `rejected` as a reject file's text ("" when there is none).
std::string invitationRejectText(const InvitationList& list);

}  // namespace tnt::domain
