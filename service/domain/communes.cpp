// Loading and looking up the official list of communes.
#include "service/domain/communes.h"

#include <algorithm>
#include <fstream>
#include <memory>

#include "exports/csv_reader.h"
#include "service/domain/departements.h"
#include "service/domain/field_formats.h"

namespace tnt::domain {

namespace {

constexpr std::string_view expected_header = "code_insee,nom,departement";

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

[[noreturn]] void fail(std::string_view source, std::size_t line, const std::string& message)
{
    throw CommuneListError(std::string(source) + ":" + std::to_string(line) + ": " + message);
}

std::string joined(const std::vector<std::string>& fields)
{
    std::string out;
    for (const std::string& field : fields) {
        if (!out.empty()) out.push_back(',');
        out += field;
    }
    return out;
}

// Every check a lookup relies on is made here, once: order (binary search), unique codes, known
// départements (participation is counted per département), a code inside its département.
std::vector<Commune> readCommunes(exports::CsvReader& reader, std::string_view source)
{
    std::vector<Commune> communes;
    communes.reserve(36'000);  // about 34,900 communes actuelles
    exports::CsvRecord record;
    bool headerSeen = false;
    try {
        while (reader.next(record)) {
            // The list is ours and UTF-8: a line the reader had to take as Windows-1252 is a broken file.
            if (reader.linesConvertedFromWindows1252() > 0) fail(source, record.line, "texte qui n'est pas en UTF-8");
            if (!headerSeen) {
                if (joined(record.fields) != expected_header) {
                    fail(source, record.line,
                         "la première ligne doit être « " + std::string(expected_header) + " », pas « " +
                             joined(record.fields) + " »");
                }
                headerSeen = true;
                continue;
            }
            if (record.fields.size() != 3) {
                fail(source, record.line,
                     "3 colonnes attendues (" + std::string(expected_header) + "), " +
                         std::to_string(record.fields.size()) + " trouvées");
            }
            Commune commune{record.fields[0], record.fields[1], record.fields[2]};
            if (normaliseInseeCode(commune.code) != commune.code) {
                fail(source, record.line, "code INSEE « " + commune.code + " » mal formé");
            }
            if (commune.name.empty() || trimText(commune.name) != commune.name) {
                fail(source, record.line, "nom de commune vide ou entouré d'espaces : « " + commune.name + " »");
            }
            if (normaliseDepartement(commune.departement) != commune.departement) {
                fail(source, record.line, "département inconnu « " + commune.departement + " »");
            }
            if (!commune.code.starts_with(commune.departement)) {
                fail(source, record.line,
                     "le code « " + commune.code + " » n'est pas dans le département « " + commune.departement + " »");
            }
            if (!communes.empty() && communes.back().code >= commune.code) {
                fail(source, record.line,
                     "code « " + commune.code + " » en double ou hors de l'ordre (après « " + communes.back().code +
                         " »)");
            }
            communes.push_back(std::move(commune));
        }
    } catch (const exports::CsvReadError& e) {
        throw CommuneListError(std::string(source) + ": " + e.what());
    }
    if (!headerSeen) fail(source, 1, "fichier vide");
    if (communes.empty()) fail(source, 2, "aucune commune");
    communes.shrink_to_fit();
    return communes;
}

}  // namespace

std::optional<std::string> normaliseInseeCode(std::string_view text)
{
    std::string code = trimText(text);
    if (code.size() == 4 && std::all_of(code.begin(), code.end(), isDigit)) {
        code.insert(code.begin(), '0');
    }
    if (code.size() != 5) return std::nullopt;
    if (code[1] == 'a' || code[1] == 'b') code[1] = static_cast<char>(code[1] - 'a' + 'A');
    // Corsica's codes are 2A/2B followed by three digits; every other code is five digits.
    const bool corsica = code[0] == '2' && (code[1] == 'A' || code[1] == 'B');
    if (!isDigit(code[0]) || !(isDigit(code[1]) || corsica)) return std::nullopt;
    if (!std::all_of(code.begin() + 2, code.end(), isDigit)) return std::nullopt;
    return code;
}

CommuneList CommuneList::load(const std::filesystem::path& path)
{
    auto file = std::make_unique<std::ifstream>(path, std::ios::binary);
    if (!*file) throw CommuneListError(path.string() + ": fichier illisible");
    exports::CsvReader reader(std::move(file), exports::CsvReaderOptions{','});
    return CommuneList(readCommunes(reader, path.string()));
}

CommuneList CommuneList::parse(std::string text, std::string_view source)
{
    exports::CsvReader reader = exports::CsvReader::fromString(std::move(text), exports::CsvReaderOptions{','});
    return CommuneList(readCommunes(reader, source));
}

const Commune* CommuneList::find(std::string_view code) const
{
    const std::optional<std::string> normalised = normaliseInseeCode(code);
    if (!normalised) return nullptr;
    auto it = std::lower_bound(communes_.begin(), communes_.end(), *normalised,
                               [](const Commune& commune, const std::string& c) { return commune.code < c; });
    if (it == communes_.end() || it->code != *normalised) return nullptr;
    return &*it;
}

}  // namespace tnt::domain
