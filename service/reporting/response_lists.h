// What the dashboard lists on screen, from storage's rows: a registration form's registrants (who, from
// which structure, in which of the pilot's groups, since when) and the questions whose free-text answers
// pilots read there. Pure: the scope's groups are applied to each row's registrations here, the rows
// themselves come filtered by the pilot's ResponseFilter.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "service/domain/form.h"
#include "service/domain/form_loader.h"
#include "service/reporting/group_scope.h"
#include "service/storage/response_listing.h"

namespace tnt::reporting {

// Rows per page of the on-screen lists.
inline constexpr std::size_t kListPageSize = 50;
// The longest search a pilot may type, in characters (the search field's maxlength).
inline constexpr std::size_t kMaxSearchCharacters = 200;

// Characters (UTF-8 code points) of a text.
std::size_t characterCount(std::string_view text);

// The questions that name a registrant and their structure, found by their autocomplete tokens
// (given-name, family-name or name; organization), so a form file names them once; without tokens, the
// short texts keyed prenom, nom or name, and structure, organisation or collectivite.
struct RegistrantFields {
    std::vector<std::string> name;  // keys, joined with a space
    std::string structure;  // key, or "" when the form asks none
};
RegistrantFields registrantFields(const domain::Form& form);

struct Registrant {
    std::string public_id;
    std::string name;
    std::string structure;
    std::vector<std::string> groups;  // "GP3 — Urbanisme", "GP5 — Cybersécurité (en liste d'attente)": the scope's only
    domain::TimePoint submitted_at;
};

Registrant registrantOf(const storage::ListedResponse& row, const RegistrantFields& fields,
                        const domain::FormSet& forms, const GroupScope& scope);

// "GP3 — Dématérialisation de l'urbanisme", or the code alone for a group the catalogue no longer has.
std::string groupLabel(const domain::FormSet& forms, const std::string& code);

// Questions whose answers the dashboard lists and searches: long texts, and short texts that are not a
// personal field (no autocomplete token: a name or an organisation is in the registrants' table or the export).
bool isFreeText(const domain::Question& question);

// How many pages `total` rows fill (1 for none).
std::uint64_t pageCount(std::uint64_t total, std::size_t page_size = kListPageSize);

}  // namespace tnt::reporting
