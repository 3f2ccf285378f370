// The service's HTTP routes: what they use (RouteComponents, by reference) and their registration, with the
// API description they serve. Touches neither the database nor the network.
#pragma once

#include <functional>
#include <string>

#include "service/domain/form_loader.h"
#include "service/http/csrf.h"
#include "service/http/metrics.h"
#include "service/http/pilot_auth.h"
#include "service/http/rate_limiter.h"
#include "service/http/router.h"
#include "service/http/static_files.h"
#include "service/pages/views.h"
#include "service/storage/export_repository.h"
#include "service/storage/form_repository.h"
#include "service/storage/group_places.h"
#include "service/storage/health_probe.h"
#include "service/storage/invitation_repository.h"
#include "service/storage/receipt_repository.h"
#include "service/storage/registration_repository.h"
#include "service/storage/response_deletion.h"
#include "service/storage/response_listing.h"
#include "service/storage/statistics_repository.h"
#include "service/submission/clock.h"
#include "service/submission/drafts.h"
#include "service/submission/invitations.h"
#include "service/submission/signed_secrets.h"
#include "service/submission/submission_service.h"

namespace tnt::app {

// Everything the routes use, by reference. Registering them touches neither the database nor the network, so
// a test builds the service's very router with components that never connect and compares its routes with
// docs/openapi.json.
struct RouteComponents {
    const domain::FormSet& forms;
    submission::SubmissionService& submissions;
    const submission::Clock& clock;
    http::RateLimiter& rate_limiter;
    http::PilotAuthenticator& pilot_auth;
    storage::ExportRepository& exports;
    storage::StatisticsRepository& statistics;
    storage::ResponseListing& listing;  // the dashboard's on-screen lists (registrants, free-text answers)
    const http::CsrfSigner& csrf;
    const http::StaticFiles& static_files;
    storage::ReceiptRepository& receipts;
    storage::RegistrationRepository& registrations;  // withdrawals and offers (the waitlists)
    const submission::SignedSecrets& offer_secrets;
    storage::ResponseDeletion& deletion;
    const pages::Views& views;
    storage::HealthProbe& probe;
    const http::Metrics& metrics;
    const std::string& api_description;  // the text of docs/openapi.json, served as it is
    const storage::FormIds& form_ids;  // the forms' database ids, from the start-up sync
    const storage::GroupPlaces* group_places = nullptr;  // the groups' counters (places shown on the forms)
    submission::Drafts* drafts = nullptr;  // the respondents' drafts (step-by-step forms); none: one page
    std::string public_url;  // the links' start, for the links a page shows in full
    // The invitations: their table and links, and the reminders (empty without a relay); none: not served.
    storage::InvitationRepository* invitations = nullptr;
    const submission::InvitationLinks* invitation_links = nullptr;
    std::function<std::size_t(const domain::Form&, bool dry_run)> remind;
    storage::ReminderRule reminder_rule;
};

void addServiceRoutes(http::Router& router, const RouteComponents& components);

// The text of DIR/openapi.json, checked to be a JSON object; throws std::runtime_error with a French message
// naming the file when it is missing or is not JSON, so that the service does not start without it.
std::string readApiDescription(const std::string& docs_dir);

}  // namespace tnt::app
