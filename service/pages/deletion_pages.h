// The respondent's deletion of their own response: a confirmation page (GET of the receipt's signed link)
// and the page that says it is done.
#pragma once

#include <string>

#include "service/domain/form.h"

namespace tnt::pages {

std::string renderDeletionConfirmPage(const domain::Form& form, const std::string& response_id,
                                      const std::string& action_path);
std::string renderDeletedPage(const domain::Form& form, bool was_there);

}  // namespace tnt::pages
