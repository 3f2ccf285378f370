// The respondents' JSON API: list the forms with their status, get one definition, submit answers, and keep
// unfinished answers as a draft (created with a secret that is the only right to read, change or delete it).
#pragma once

#include "service/domain/form_loader.h"
#include "service/http/rate_limiter.h"
#include "service/http/router.h"
#include "service/storage/group_places.h"
#include "service/submission/clock.h"
#include "service/submission/drafts.h"
#include "service/submission/submission_service.h"

namespace tnt::http {

struct FormApiDependencies {
    const domain::FormSet& forms;
    submission::SubmissionService& submissions;
    const submission::Clock& clock;
    RateLimiter& rate_limiter;
    const storage::GroupPlaces* group_places = nullptr;  // the groups' counters; none: no `groups` block
    submission::Drafts* drafts = nullptr;  // the drafts' routes; none: not served
};

void addFormApiRoutes(Router& router, FormApiDependencies deps);

}  // namespace tnt::http
