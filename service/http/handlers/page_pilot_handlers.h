// The pilots' dashboard under /pilote/: the token is pasted once and kept in an HttpOnly, SameSite=Strict
// cookie (the same secret the API takes as a Bearer token); then the token's forms and each form's figures.
// 401 shows the login page again, 403 a French page.
#pragma once

#include "service/domain/form_loader.h"
#include "service/http/csrf.h"
#include "service/http/router.h"
#include "service/pages/site.h"
#include "service/storage/export_repository.h"
#include "service/storage/statistics_repository.h"
#include "service/storage/token_repository.h"
#include "service/submission/clock.h"

namespace tnt::http {

struct PilotPageDependencies {
    const domain::FormSet& forms;
    storage::TokenRepository& tokens;
    storage::ExportRepository& exports;
    storage::StatisticsRepository& statistics;
    const submission::Clock& clock;
    const CsrfSigner& csrf;
    const pages::Site& site;
};

void addPilotPageRoutes(Router& router, PilotPageDependencies deps);

}  // namespace tnt::http
