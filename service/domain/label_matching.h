// How a label in a file is compared with a label of a form: exports retype, re-accent and re-punctuate
// labels ("Plutot a l'aise", "PLUTÔT À L’AISE"), so both sides are reduced to lowercase ASCII words first.
// Used by the imports of answers and by the invitation files (column names, mandates), hence in the domain.
#pragma once

#include <string>
#include <string_view>

namespace tnt::domain {

// Lowercase, accents stripped (é → e, œ → oe), every other non-alphanumeric character a word break,
// words joined by one space: "L’attractivité du territoire (entreprises, habitants)" →
// "l attractivite du territoire entreprises habitants".
std::string normaliseLabel(std::string_view text);

}  // namespace tnt::domain
