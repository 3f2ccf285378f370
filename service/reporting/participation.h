// The pilots' participation view of an invitation campaign (issue 19): per département and per mandate,
// how many people were invited, how many started (saved a step, or answered) and how many answered, with
// the answer rate; as the dashboard's table and bars and as a CSV download.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "service/domain/form.h"
#include "service/storage/invitation_repository.h"

namespace tnt::reporting {

struct ParticipationRow {
    std::string code;  // the département's code or the mandate's key; "" for the total
    std::string label;  // "01 Ain", "Maire", "Total"
    std::uint64_t invited = 0;  // every invitation
    std::uint64_t started = 0;  // started or answered
    std::uint64_t answered = 0;
    int answeredPercent() const;  // rounded, 0 when nobody was invited
};

struct Participation {
    std::vector<ParticipationRow> departements;  // in the usual order of the départements
    std::vector<ParticipationRow> mandates;  // in the order of the form's mandate options
    ParticipationRow total;
};

Participation buildParticipation(const domain::Form& form, const std::vector<storage::ParticipationCount>& counts);

// The view as CSV (the dialect of the exports for Excel: ';', BOM): one row per département, then one per
// mandate, then the total, with the columns axe;code;libelle;invites;commences;repondu;taux_reponse_pct.
std::string participationCsv(const Participation& participation);

}  // namespace tnt::reporting
