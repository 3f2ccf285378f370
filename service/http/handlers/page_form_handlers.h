// The respondents' HTML pages: the index of open and upcoming forms, a form (GET and its urlencoded POST,
// which leads to the receipt) — on one page, or one section per step with a draft kept between the steps
// and resumed from its link —, and the static files the pages use (the DSFR under /static/dsfr/, the CSS).
#pragma once

#include "service/domain/form_loader.h"
#include "service/http/csrf.h"
#include "service/http/rate_limiter.h"
#include "service/http/router.h"
#include "service/storage/group_places.h"
#include "service/http/static_files.h"
#include "service/pages/views.h"
#include "service/storage/receipt_repository.h"
#include "service/submission/clock.h"
#include "service/submission/drafts.h"
#include "service/submission/invitations.h"
#include "service/submission/submission_service.h"

namespace tnt::http {

struct PageDependencies {
    const domain::FormSet& forms;
    submission::SubmissionService& submissions;
    const submission::Clock& clock;
    RateLimiter& rate_limiter;
    const CsrfSigner& csrf;
    const StaticFiles& static_files;
    const pages::Views& views;  // the operator, named in every page's footer
    const storage::GroupPlaces* group_places = nullptr;  // the groups' counters; none: no places shown
    // The drafts of step-by-step forms; none: every form shows on one page.
    submission::Drafts* drafts = nullptr;
    // Where a second "Envoyer" of the same page finds the receipt of the first.
    storage::ReceiptRepository* receipts = nullptr;
    std::string public_url;  // the start of the links a page shows in full ("https://formulaires.exemple.fr")
    // Invitations: their table and their links; none: the personal and unsubscribe links are not served.
    submission::InvitationStore* invitations = nullptr;
    const submission::InvitationLinks* invitation_links = nullptr;
};

// The page that resumes a draft (its secret is the right to it).
std::string resumePath(const std::string& form_slug, const std::string& secret);

void addPageRoutes(Router& router, PageDependencies deps);

// An HTML page response that is never cached (pages carry per-page tokens).
HttpResponse pageResponse(int status, std::string html);

}  // namespace tnt::http
