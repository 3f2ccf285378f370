// The respondent's own pages, reached only through the receipt link they received (a secret, see
// submission::ReceiptSecrets): the receipt (number, time, groups joined, the deletion link), the deletion's
// confirmation and result, and the pages for a receipt that leads nowhere (deleted: 410, unknown: 404).
#pragma once

#include <string>
#include <vector>

#include "service/domain/form.h"
#include "service/pages/views.h"

namespace tnt::pages {

struct ReceiptView {
    std::string number;  // the response's public id, as stored
    std::string submitted_at;  // "1 décembre 2026 à 10 h 03", Paris time
    std::vector<std::string> groups;  // the names of the groups joined
    std::string deletion_path;  // the respondent's deletion link
};

// "K7QM3XHT9PZRW2NA" → "K7QM-3XHT-9PZR-W2NA": groups of four, easier to read out and copy.
std::string formatResponseNumber(const std::string& public_id);

std::string renderReceiptPage(const Views& views, const domain::Form& form, const ReceiptView& receipt);
std::string renderDeletionConfirmPage(const Views& views, const domain::Form& form, const std::string& public_id,
                                      const std::string& action_path);
std::string renderDeletedPage(const Views& views, const domain::Form& form);
// The receipt's response was deleted by its respondent (410).
std::string renderReceiptDeletedPage(const Views& views, const domain::Form& form);
// No response has this receipt: a wrong or incomplete link, or a response deleted at the end of its
// retention (404).
std::string renderReceiptUnknownPage(const Views& views, const domain::Form& form);

}  // namespace tnt::pages
