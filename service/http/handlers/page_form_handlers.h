// The respondents' HTML pages: the index of open and upcoming forms, a form (GET and its urlencoded POST,
// which leads to the receipt), and the static files the pages use (the DSFR under /static/dsfr/, the CSS).
#pragma once

#include "service/domain/form_loader.h"
#include "service/http/csrf.h"
#include "service/http/rate_limiter.h"
#include "service/http/router.h"
#include "service/storage/group_places.h"
#include "service/http/static_files.h"
#include "service/pages/views.h"
#include "service/submission/clock.h"
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
};

void addPageRoutes(Router& router, PageDependencies deps);

// An HTML page response that is never cached (pages carry per-page tokens).
HttpResponse pageResponse(int status, std::string html);

}  // namespace tnt::http
