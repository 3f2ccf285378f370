// The pilots' API: a form's responses as streamed CSV, XLSX or ODS, its statistics as JSON and CSV. Every route checks
// the token (401) and its scope (403); a token scoped to groups only ever sees those groups' sign-ups.
#pragma once

#include <string>

#include "service/domain/form_loader.h"
#include "service/http/pilot_auth.h"
#include "service/http/router.h"
#include "service/storage/export_repository.h"
#include "service/storage/form_repository.h"
#include "service/storage/registration_repository.h"
#include "service/storage/statistics_repository.h"
#include "service/submission/clock.h"

namespace tnt::http {

struct PilotApiDependencies {
    const domain::FormSet& forms;
    PilotAuthenticator& auth;
    storage::ExportRepository& exports;
    storage::StatisticsRepository& statistics;
    const submission::Clock& clock;
    storage::RegistrationRepository& registrations;  // the groups' sign-ups by state (stats)
    const storage::FormIds& form_ids;  // the forms' database ids, from the start-up sync
};

void addPilotApiRoutes(Router& router, PilotApiDependencies deps);

}  // namespace tnt::http
