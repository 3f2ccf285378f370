// The respondent's own pages, reached only through the receipt link they received (a secret, see
// submission::ReceiptSecrets): the receipt (number, time, groups joined, the deletion link), the deletion's
// confirmation and result, and the pages for a receipt that leads nowhere (deleted: 410, unknown: 404).
#pragma once

#include <string>
#include <vector>

#include "service/domain/form.h"
#include "service/domain/group_catalogue.h"
#include "service/pages/views.h"

namespace tnt::pages {

// A group on the receipt: its state, and what its respondent can do there (the paths of the buttons).
struct ReceiptGroup {
    std::string name;
    domain::Placement placement;
    std::string withdraw_path;  // registered, offered or waitlisted: leave the group
    std::string accept_path;  // offered: take the place
    std::string decline_path;  // offered: give it up
};

struct ReceiptView {
    std::string number;  // the response's public id, as stored
    std::string submitted_at;  // "1 décembre 2026 à 10 h 03", Paris time
    std::vector<ReceiptGroup> groups;  // the groups chosen, in code order
    std::string deletion_path;  // the respondent's deletion link
    std::string modify_path{};  // the page that changes the answers (read only once the form is closed)
    bool can_modify = false;  // the form is open: "Modifier mes réponses", else "Voir mes réponses"
    std::string updated_at{};  // when the answers were last changed ("" never)
    bool just_modified = false;  // the answers were changed just now
};

// What a receipt says of a sign-up: « Inscrit », « Vous êtes 3e sur la liste d'attente du groupe GP3 »…
std::string describePlacement(const domain::Placement& placement);

// "K7QM3XHT9PZRW2NA" → "K7QM-3XHT-9PZR-W2NA": groups of four, easier to read out and copy.
std::string formatResponseNumber(const std::string& public_id);

std::string renderReceiptPage(const Views& views, const domain::Form& form, const ReceiptView& receipt);
std::string renderDeletionConfirmPage(const Views& views, const domain::Form& form, const std::string& public_id,
                                      const std::string& action_path);
std::string renderDeletedPage(const Views& views, const domain::Form& form);
// An offer's page (/offres/{secret}): the group, until when the place is kept, accept or decline.
std::string renderOfferPage(const Views& views, const domain::Form& form, const std::string& group_name,
                            const std::string& expires_at, const std::string& accept_path,
                            const std::string& decline_path);
// The receipt's response was deleted by its respondent (410).
std::string renderReceiptDeletedPage(const Views& views, const domain::Form& form);
// No response has this receipt: a wrong or incomplete link, or a response deleted at the end of its
// retention (404).
std::string renderReceiptUnknownPage(const Views& views, const domain::Form& form);

}  // namespace tnt::pages
