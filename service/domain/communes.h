// The official list of communes (forms/communes.csv, from the INSEE Code officiel géographique; see
// forms/README.md for its source and date), against which the INSEE codes of invitation files are checked.
// Loaded once at start-up; a lookup is a binary search, so checking a file of thousands of rows costs nothing.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tnt::domain {

struct Commune {
    std::string code;  // INSEE code, five characters: "75056", "2A004", "97101"
    std::string name;  // "Paris", "Ajaccio", "Les Abymes"
    std::string departement;  // one of departements(): "75", "2A", "971"
};

// A file that is not a list of communes: the message names the file and the line, in French, for the
// person who deploys or regenerates it (deploy/communes.sh).
class CommuneListError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The code as people type it, made official: trimmed, "1001" → "01001" (a spreadsheet drops the leading
// zero), "2a004" → "2A004". nullopt when it cannot be an INSEE code at all; a well-formed code may still
// name no commune.
std::optional<std::string> normaliseInseeCode(std::string_view text);

class CommuneList {
public:
    // Reads a UTF-8 CSV with the header `code_insee,nom,departement`, sorted by code, each code once and
    // each département one of departements(). Throws CommuneListError ("<file>:<line>: …") otherwise.
    static CommuneList load(const std::filesystem::path& path);
    // The same from text in memory; `source` names it in errors.
    static CommuneList parse(std::string text, std::string_view source);

    // The commune of a code as typed (see normaliseInseeCode); nullptr when there is none.
    const Commune* find(std::string_view code) const;

    // In code order.
    const std::vector<Commune>& communes() const { return communes_; }
    std::size_t size() const { return communes_.size(); }

private:
    explicit CommuneList(std::vector<Commune> communes) : communes_(std::move(communes)) {}

    std::vector<Commune> communes_;
};

}  // namespace tnt::domain
