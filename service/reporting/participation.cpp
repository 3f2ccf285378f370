#include "service/reporting/participation.h"

#include <algorithm>
#include <map>

#include "exports/csv_writer.h"
#include "service/domain/departements.h"

namespace tnt::reporting {
namespace {

void add(ParticipationRow& row, const storage::ParticipationCount& count)
{
    row.invited += count.count;
    if (count.state != submission::InvitationState::invited) row.started += count.count;
    if (count.state == submission::InvitationState::answered) row.answered += count.count;
}

void writeRows(exports::CsvWriter& csv, std::string_view axis, const std::vector<ParticipationRow>& rows)
{
    for (const auto& row : rows) {
        csv.writeText(axis);
        csv.writeText(row.code);
        csv.writeText(row.label);
        csv.writeNumber(std::to_string(row.invited));
        csv.writeNumber(std::to_string(row.started));
        csv.writeNumber(std::to_string(row.answered));
        csv.writeNumber(std::to_string(row.answeredPercent()));
        csv.endRow();
    }
}

}  // namespace

int ParticipationRow::answeredPercent() const
{
    if (invited == 0) return 0;
    return static_cast<int>((answered * 200 + invited) / (2 * invited));
}

Participation buildParticipation(const domain::Form& form, const std::vector<storage::ParticipationCount>& counts)
{
    Participation result;
    result.total.label = "Total";
    std::map<std::string, ParticipationRow> by_departement;
    std::map<std::string, ParticipationRow> by_mandate;
    for (const auto& count : counts) {
        add(by_departement[count.departement], count);
        add(by_mandate[count.mandate], count);
        add(result.total, count);
    }
    for (const auto& d : domain::departements()) {
        auto it = by_departement.find(std::string(d.code));
        if (it == by_departement.end()) continue;
        it->second.code = std::string(d.code);
        it->second.label = std::string(d.code) + " " + std::string(d.name);
        result.departements.push_back(it->second);
        by_departement.erase(it);
    }
    for (auto& [code, row] : by_departement) {  // a code the list no longer has: shown as it is
        row.code = code;
        row.label = code;
        result.departements.push_back(row);
    }
    const auto* question = form.invitations ? form.find(form.invitations->mandate) : nullptr;
    if (question != nullptr) {
        for (const auto& option : question->options) {
            auto it = by_mandate.find(option.key);
            if (it == by_mandate.end()) continue;
            it->second.code = option.key;
            it->second.label = option.label;
            result.mandates.push_back(it->second);
            by_mandate.erase(it);
        }
    }
    for (auto& [key, row] : by_mandate) {
        row.code = key;
        row.label = key;
        result.mandates.push_back(row);
    }
    return result;
}

std::string participationCsv(const Participation& participation)
{
    std::string out;
    exports::CsvWriter csv(exports::CsvDialect::excel(), [&out](std::string_view chunk) { out.append(chunk); });
    csv.writeRow({"axe", "code", "libelle", "invites", "commences", "repondu", "taux_reponse_pct"});
    writeRows(csv, "departement", participation.departements);
    writeRows(csv, "mandat", participation.mandates);
    writeRows(csv, "total", {participation.total});
    csv.flush();
    return out;
}

}  // namespace tnt::reporting
