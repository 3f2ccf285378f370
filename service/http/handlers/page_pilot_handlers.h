// The pilots' dashboard under /pilote/: the token is pasted once and opens a session (PilotAuthenticator:
// an HttpOnly, SameSite=Strict cookie with a random session id, never the token); then the token's forms
// and each form's figures. Logout is a CSRF-checked POST. 401 shows the login page again, 403 a French page.
// A registration form's page also counts the sign-ups of each group by state, and lets a pilot free a place
// in one of their groups (POST /pilote/formulaires/{slug}/liberer: a confirmation, then the withdrawal,
// both CSRF-checked), which offers it to the first person waiting. Two paged lists follow the dashboard's
// filters: the registrants (…/inscrits) and one free-text question's answers (…/textes/{question}, with a
// search); each page viewed is written to the export log, since it shows what a download would. A form that
// takes invitations has its participation view (…/participation, its CSV, and the reminder button: a
// CSRF-checked POST to …/relancer), for the pilots who see the whole form.
#pragma once

#include <functional>
#include <string>

#include "service/domain/form_loader.h"
#include "service/http/csrf.h"
#include "service/http/pilot_auth.h"
#include "service/http/router.h"
#include "service/pages/views.h"
#include "service/storage/export_repository.h"
#include "service/storage/form_repository.h"
#include "service/storage/invitation_repository.h"
#include "service/storage/registration_repository.h"
#include "service/storage/response_listing.h"
#include "service/storage/statistics_repository.h"
#include "service/submission/clock.h"

namespace tnt::http {

struct PilotPageDependencies {
    const domain::FormSet& forms;
    PilotAuthenticator& auth;
    storage::ExportRepository& exports;
    storage::StatisticsRepository& statistics;
    const submission::Clock& clock;
    const CsrfSigner& csrf;
    const pages::Views& views;
    storage::RegistrationRepository& registrations;  // the groups' sign-ups by state; freeing a place
    const storage::FormIds& form_ids;  // the forms' database ids, from the start-up sync
    storage::ResponseListing& listing;  // registrants and free-text answers, a page at a time
    // An invitation campaign's participation view (…/participation); none: not served.
    storage::InvitationRepository* invitations = nullptr;
    // Queues the reminders due now for a form (or counts them: dry run); empty without a relay.
    std::function<std::size_t(const domain::Form&, bool dry_run)> remind;
    storage::ReminderRule reminder_rule;
};

void addPilotPageRoutes(Router& router, PilotPageDependencies deps);

}  // namespace tnt::http
