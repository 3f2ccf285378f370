// The French départements a "departement" question accepts: metropolitan 01–95 (with 2A and 2B for Corsica,
// no 20) and overseas 971–976, with their names for select lists.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tnt::domain {

struct Departement {
    std::string_view code;  // "01", "2A", "971"
    std::string_view name;  // "Ain", "Corse-du-Sud", "Guadeloupe"
};

// In the usual order (01 … 19, 2A, 2B, 21 … 95, 971 … 976).
const std::vector<Departement>& departements();

// The official code for what people type: trimmed, "1" → "01", "2a" → "2A"; nullopt if no such département.
std::optional<std::string> normaliseDepartement(std::string_view text);

}  // namespace tnt::domain
