// The respondent's receipt link and what it allows: GET /f/{slug}/merci/{receipt} shows the receipt,
// GET /f/{slug}/supprimer/{receipt} asks for confirmation and POST deletes the response with its answers
// and registrations. {receipt} is the secret only the respondent received (submission::ReceiptSecrets);
// the public response number of the exports reaches none of these pages. A receipt whose response its
// respondent deleted answers 410, an unknown one 404.
#pragma once

#include "service/domain/form_loader.h"
#include "service/http/router.h"
#include "service/pages/views.h"
#include "service/storage/receipt_repository.h"
#include "service/storage/response_deletion.h"

namespace tnt::http {

struct ReceiptDependencies {
    const domain::FormSet& forms;
    storage::ReceiptRepository& receipts;
    storage::ResponseDeletion& deletion;
    const pages::Views& views;  // the operator, named in every page's footer
};

void addReceiptRoutes(Router& router, ReceiptDependencies deps);

// "/f/{slug}/merci/{receipt}": where a respondent lands after sending (pages) or is pointed to (API).
std::string receiptPath(const std::string& form_slug, const std::string& receipt);

}  // namespace tnt::http
