// The respondent's receipt link and what it allows: GET /f/{slug}/merci/{receipt} shows the receipt,
// GET /f/{slug}/supprimer/{receipt} asks for confirmation and POST deletes the response with its answers
// and registrations. {receipt} is the secret only the respondent received (submission::ReceiptSecrets);
// the public response number of the exports reaches none of these pages. A receipt whose response its
// respondent deleted answers 410, an unknown one 404.
//
// The waitlists (issue 17): the receipt shows the state of each group chosen and lets its respondent leave
// one group (POST /f/{slug}/merci/{receipt}/groupes/{code}/retrait) or answer the offer of a freed place
// (…/accepter, …/refuser). An offer's own link, /offres/{secret}, sent by e-mail, asks the same question;
// POST /api/v1/offers/{secret}/accept|decline and POST /api/v1/forms/{slug}/receipts/{receipt}/groups/{code}/
// withdraw do it for API clients. A made-up or altered offer link is refused (403); a lapsed or used one
// explained (410).
#pragma once

#include "service/domain/form_loader.h"
#include "service/http/csrf.h"
#include "service/http/rate_limiter.h"
#include "service/http/router.h"
#include "service/pages/views.h"
#include "service/storage/receipt_repository.h"
#include "service/storage/registration_repository.h"
#include "service/storage/response_deletion.h"
#include "service/submission/clock.h"
#include "service/submission/signed_secrets.h"
#include "service/submission/submission_service.h"

namespace tnt::http {

struct ReceiptDependencies {
    const domain::FormSet& forms;
    storage::ReceiptRepository& receipts;
    storage::ResponseDeletion& deletion;
    const pages::Views& views;  // the operator, named in every page's footer
    storage::RegistrationRepository& registrations;
    const submission::SignedSecrets& offer_secrets;
    const submission::Clock& clock;
    // Changing the answers ("Modifier mes réponses"): the use case, the pages' CSRF tokens, the posts' limit.
    submission::SubmissionService& submissions;
    const CsrfSigner& csrf;
    RateLimiter& rate_limiter;
};

void addReceiptRoutes(Router& router, ReceiptDependencies deps);

// "/f/{slug}/merci/{receipt}": where a respondent lands after sending (pages) or is pointed to (API).
std::string receiptPath(const std::string& form_slug, const std::string& receipt);

// "/f/{slug}/modifier/{receipt}": the page that changes the answers until the form closes, then shows them.
std::string modifyPath(const std::string& form_slug, const std::string& receipt);

}  // namespace tnt::http
