// Reading and checking invitation files, and writing their reject files.
#include "service/domain/invitation_list.h"

#include <algorithm>
#include <array>
#include <span>
#include <utility>

#include "service/domain/field_formats.h"
#include "service/domain/label_matching.h"

namespace tnt::domain {

std::vector<MandateOption> invitationMandates(const Form& form)
{
    std::vector<MandateOption> mandates;
    if (!form.invitations) return mandates;
    const auto* question = form.find(form.invitations->mandate);
    if (question == nullptr) return mandates;
    for (const auto& option : question->options) mandates.push_back({option.key, option.label});
    return mandates;
}

namespace {

// A column the file must have, and the names it may go by. Names are compared after normaliseLabel, so
// "Adresse électronique", "ADRESSE ELECTRONIQUE" and "adresse_electronique" are the same name.
struct ColumnRole {
    std::string_view what;  // in messages: "colonne manquante : <what>"
    std::array<std::string_view, 5> names;
    std::string_view shownNames;  // the names as the error lists them
};

constexpr ColumnRole email_role{"l'adresse électronique",
                                {"email", "e-mail", "courriel", "adresse électronique", "mail"},
                                "« email », « e-mail », « courriel », « adresse électronique »"};
constexpr ColumnRole insee_role{"le code INSEE",
                                {"insee", "code_insee", "code insee commune", "code commune insee", ""},
                                "« insee », « code_insee », « code INSEE »"};
constexpr ColumnRole mandate_role{"le mandat", {"mandat", "mandate", "", "", ""}, "« mandat », « mandate »"};

bool hasName(const ColumnRole& role, std::string_view header)
{
    const std::string name = normaliseLabel(header);
    if (name.empty()) return false;
    return std::any_of(role.names.begin(), role.names.end(), [&](std::string_view accepted) {
        return !accepted.empty() && normaliseLabel(accepted) == name;
    });
}

std::string inGuillemets(std::string_view text)
{
    return "« " + std::string(text) + " »";
}

std::string asciiLowercase(std::string text)
{
    for (char& c : text) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return text;
}

bool isBlankRow(const std::vector<std::string>& fields)
{
    return std::all_of(fields.begin(), fields.end(), [](const std::string& f) { return trimText(f).empty(); });
}

}  // namespace

InvitationFile::InvitationFile(exports::CsvReader reader, const CommuneList& communes,
                               std::vector<MandateOption> mandates)
    : reader_(std::move(reader)), communes_(communes), mandates_(std::move(mandates))
{
    if (mandates_.empty()) throw std::invalid_argument("InvitationFile: no mandate allowed");
    for (const MandateOption& m : mandates_) {
        mandateWords_.push_back(normaliseLabel(m.key));
        mandateWords_.push_back(normaliseLabel(m.label));
        if (!allowedMandates_.empty()) allowedMandates_ += ", ";
        allowedMandates_ += m.label + " (" + m.key + ")";
    }

    exports::CsvRecord record;
    try {
        if (!reader_.next(record)) {
            throw InvitationFileError(
                "Le fichier est vide : sa première ligne doit nommer les colonnes (adresse "
                "électronique, code INSEE, mandat).");
        }
    } catch (const exports::CsvReadError& e) {
        throw InvitationFileError(std::string("Le fichier CSV est illisible : ") + e.what());
    }
    header_ = std::move(record.fields);

    // Every problem of the header in one message: the person fixes them all in one go.
    std::vector<std::string> problems;
    auto locate = [&](const ColumnRole& role, std::size_t& column) {
        std::vector<std::size_t> found;
        for (std::size_t i = 0; i < header_.size(); ++i) {
            if (hasName(role, header_[i])) found.push_back(i);
        }
        if (found.empty()) {
            problems.push_back("colonne manquante pour " + std::string(role.what) +
                               " (noms acceptés : " + std::string(role.shownNames) + ")");
        } else if (found.size() > 1) {
            problems.push_back("deux colonnes pour " + std::string(role.what) + " : " +
                               inGuillemets(header_[found[0]]) + " et " + inGuillemets(header_[found[1]]) +
                               " ; gardez-en une");
        } else {
            column = found.front();
        }
    };
    locate(email_role, emailColumn_);
    locate(insee_role, inseeColumn_);
    locate(mandate_role, mandateColumn_);
    if (!problems.empty()) {
        std::string message = "Ligne " + std::to_string(record.line) + " (les noms des colonnes) : ";
        for (std::size_t i = 0; i < problems.size(); ++i) {
            message += (i == 0 ? "" : " ; ") + problems[i];
        }
        throw InvitationFileError(message + ". Aucune ligne n'a été lue.");
    }
}

InvitationFile InvitationFile::fromString(std::string text, const CommuneList& communes,
                                          std::vector<MandateOption> mandates)
{
    return InvitationFile(exports::CsvReader::fromString(std::move(text)), communes, std::move(mandates));
}

InvitationFile InvitationFile::fromStream(std::unique_ptr<std::istream> input, const CommuneList& communes,
                                          std::vector<MandateOption> mandates)
{
    return InvitationFile(exports::CsvReader(std::move(input)), communes, std::move(mandates));
}

std::optional<InvitationRow> InvitationFile::next()
{
    exports::CsvRecord record;
    try {
        do {
            if (!reader_.next(record)) return std::nullopt;
        } while (isBlankRow(record.fields));
    } catch (const exports::CsvReadError& e) {
        throw InvitationFileError(std::string("Le fichier CSV est illisible : ") + e.what());
    }
    return check(record);
}

const MandateOption* InvitationFile::findMandate(std::string_view text) const
{
    const std::string words = normaliseLabel(text);
    if (words.empty()) return nullptr;
    for (std::size_t i = 0; i < mandateWords_.size(); ++i) {
        if (mandateWords_[i] == words) return &mandates_[i / 2];
    }
    return nullptr;
}

InvitationRow InvitationFile::check(exports::CsvRecord& record)
{
    auto cell = [&](std::size_t column) {
        return column < record.fields.size() ? trimText(record.fields[column]) : std::string();
    };
    std::vector<std::string> problems;
    Invitee invitee;
    invitee.line = record.line;

    const std::string email = cell(emailColumn_);
    if (email.empty()) {
        problems.push_back("champ manquant : " + inGuillemets(header_[emailColumn_]));
    } else if (std::optional<std::string> normalised = normaliseEmail(email)) {
        invitee.email = std::move(*normalised);
    } else {
        problems.push_back("adresse électronique invalide : " + inGuillemets(email));
    }

    const std::string insee = cell(inseeColumn_);
    if (insee.empty()) {
        problems.push_back("champ manquant : " + inGuillemets(header_[inseeColumn_]));
    } else if (const Commune* commune = communes_.find(insee)) {
        invitee.insee = commune->code;
        invitee.departement = commune->departement;
        invitee.commune = commune->name;
    } else {
        problems.push_back("code INSEE inconnu : " + inGuillemets(insee) +
                           " n'est pas une commune de la liste officielle");
    }

    const std::string mandate = cell(mandateColumn_);
    if (mandate.empty()) {
        problems.push_back("champ manquant : " + inGuillemets(header_[mandateColumn_]));
    } else if (const MandateOption* option = findMandate(mandate)) {
        invitee.mandate = option->key;
    } else {
        problems.push_back("mandat inconnu : " + inGuillemets(mandate) + " (mandats possibles : " + allowedMandates_ +
                           ")");
    }

    // Only accepted rows claim their address: if the first row of an address is rejected for its commune,
    // a later correct row for the same person is still taken.
    if (problems.empty()) {
        const auto [seen, inserted] = acceptedAddresses_.emplace(asciiLowercase(invitee.email), record.line);
        if (inserted) return invitee;
        problems.push_back("adresse en double dans le fichier (déjà ligne " + std::to_string(seen->second) + ")");
    }

    RejectedInvitation rejected{record.line, std::move(record.fields), {}};
    for (std::size_t i = 0; i < problems.size(); ++i) {
        rejected.reason += (i == 0 ? "" : " ; ") + problems[i];
    }
    return rejected;
}

InvitationList readInvitationList(std::string text, const CommuneList& communes, std::vector<MandateOption> mandates)
{
    InvitationFile file = InvitationFile::fromString(std::move(text), communes, std::move(mandates));
    InvitationList list{file.header(), file.separator(), {}, {}};
    while (std::optional<InvitationRow> row = file.next()) {
        if (auto* invitee = std::get_if<Invitee>(&*row)) {
            list.invitees.push_back(std::move(*invitee));
        } else {
            list.rejected.push_back(std::get<RejectedInvitation>(std::move(*row)));
        }
    }
    return list;
}

namespace {

exports::CsvDialect rejectDialect(char separator)
{
    exports::CsvDialect dialect = exports::CsvDialect::excel();
    dialect.separator = separator;
    return dialect;
}

std::optional<std::size_t> reasonColumnOf(const std::vector<std::string>& header)
{
    const std::string reason = normaliseLabel(invitation_reject_column);
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (normaliseLabel(header[i]) == reason) return i;
    }
    return std::nullopt;
}

}  // namespace

InvitationRejectFile::InvitationRejectFile(std::vector<std::string> header, char separator,
                                           exports::CsvWriter::Sink sink)
    : header_(std::move(header)), writer_(rejectDialect(separator), std::move(sink))
{
    if (std::optional<std::size_t> column = reasonColumnOf(header_)) {
        reasonColumn_ = *column;
        reasonAppended_ = false;
    } else {
        reasonColumn_ = header_.size();
        header_.emplace_back(invitation_reject_column);
    }
}

void InvitationRejectFile::add(const RejectedInvitation& row)
{
    if (rows_ == 0) writer_.writeRow(std::span<const std::string>(header_));
    std::vector<std::string> fields = row.fields;
    std::string reason = "ligne " + std::to_string(row.line) + " : " + row.reason;
    // A short row is padded so that the reason lands in its column; a long one keeps its extra cells, after
    // the reason when the column is ours.
    if (reasonAppended_) {
        if (fields.size() < reasonColumn_) fields.resize(reasonColumn_);
        fields.insert(fields.begin() + static_cast<std::ptrdiff_t>(reasonColumn_), std::move(reason));
    } else {
        if (fields.size() <= reasonColumn_) fields.resize(reasonColumn_ + 1);
        fields[reasonColumn_] = std::move(reason);
    }
    writer_.writeRow(std::span<const std::string>(fields));
    ++rows_;
}

std::string invitationRejectText(const InvitationList& list)
{
    std::string text;
    InvitationRejectFile file(list.header, list.separator, [&](std::string_view chunk) { text.append(chunk); });
    for (const RejectedInvitation& row : list.rejected) file.add(row);
    file.flush();
    return text;
}

}  // namespace tnt::domain
