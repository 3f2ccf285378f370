// The components behind the HTTP routes — the forms, the repositories, the submission service, the clock,
// the rate limiter, the background writers and folder — built once in `serve` and passed by reference to the
// handlers (app/service_routes.h); they outlive the endpoint.
#pragma once

#include <functional>
#include <memory>
#include <utility>

#include "service/app/config.h"
#include "service/app/service_routes.h"
#include "service/mail/smtp_client.h"
#include "service/messages/digest_mail.h"
#include "service/messages/mail_templates.h"
#include "service/messages/outbox_sender.h"
#include "service/messages/registration_mail.h"
#include "service/messages/response_mail.h"
#include "service/storage/answer_count_folder.h"
#include "service/storage/batching_response_store.h"
#include "service/storage/connection_pool.h"
#include "service/storage/count_folding_loop.h"
#include "service/storage/digest_repository.h"
#include "service/storage/draft_repository.h"
#include "service/storage/group_places.h"
#include "service/storage/offer_sweep.h"
#include "service/storage/registration_repository.h"
#include "service/storage/outbox_repository.h"
#include "service/storage/response_listing.h"
#include "service/storage/response_repository.h"
#include "service/storage/token_repository.h"
#include "service/submission/signed_secrets.h"
#include "service/submission/invitations.h"
#include "service/storage/invitation_repository.h"
#include "service/submission/receipt_secrets.h"

namespace spdlog {
class logger;
}

namespace tnt::app {

class ServiceComponents {
public:
    // Loads and checks the forms (throws with every diagnostic when one is invalid), records them and
    // the group catalogue in the database.
    // `thread_hooks` initialise and release the database driver on the threads the components start.
    ServiceComponents(storage::ConnectionPool& pool, const ServeConfig& config, std::shared_ptr<spdlog::logger> log,
                      const std::pair<std::function<void()>, std::function<void()>>& thread_hooks);
    ~ServiceComponents();

    void addRoutes(http::Router& router, storage::HealthProbe& probe, http::Metrics& metrics);
    // Submissions queued for the database writers or being written: answered before the service stops.
    std::size_t submissionsInFlight() const { return batching_->inFlight(); }

private:
    const domain::GroupCatalogue* catalogue() const;
    void startMail(const ServeConfig& config,
                   const std::pair<std::function<void()>, std::function<void()>>& thread_hooks);

    storage::ConnectionPool& pool_;
    std::shared_ptr<spdlog::logger> log_;
    domain::FormSet forms_;
    std::unique_ptr<submission::Clock> clock_;
    std::unique_ptr<storage::ResponseRepository> responses_;
    std::unique_ptr<storage::BatchingResponseStore> batching_;
    // E-mail, with a relay only: the templates, the composer the submissions use, the outbox's senders.
    std::unique_ptr<messages::MailTemplates> mail_templates_;
    std::unique_ptr<messages::ResponseMail> response_mail_;
    std::unique_ptr<mail::SmtpClient> smtp_;
    std::unique_ptr<storage::OutboxRepository> outbox_;
    std::unique_ptr<messages::DigestMail> digest_mail_;
    std::unique_ptr<storage::DigestRepository> digests_;
    std::unique_ptr<messages::OutboxSender> outbox_sender_;
    std::unique_ptr<submission::SubmissionService> submissions_;
    storage::AnswerCountFolder folder_;
    std::unique_ptr<storage::CountFoldingLoop> folding_;  // keeps the statistics counters caught up
    std::unique_ptr<storage::GroupPlaces> group_places_;  // the groups' places shown on the forms
    // The waitlists: offers' secrets and letters, the sign-ups' changes, the sweep of lapsed offers.
    std::unique_ptr<submission::SignedSecrets> offer_secrets_;
    std::unique_ptr<messages::RegistrationMail> registration_mail_;
    std::unique_ptr<storage::RegistrationRepository> registrations_;
    std::unique_ptr<storage::OfferSweep> offer_sweep_;
    http::RateLimiter rate_limiter_;
    storage::TokenRepository tokens_;
    std::unique_ptr<http::PilotAuthenticator> pilot_auth_;  // the pilots' tokens and dashboard sessions
    storage::ExportRepository exports_;
    storage::StatisticsRepository statistics_;
    storage::ResponseListing listing_;  // the dashboard's registrants and free-text answers, a page at a time
    http::CsrfSigner csrf_;  // signs the HTML forms' CSRF tokens (--secret-key-file, else random per start)
    http::StaticFiles static_files_;  // the DSFR under /static/dsfr/ (--static)
    submission::ReceiptSecrets receipt_secrets_;  // the respondents' receipt links (--secret-key-file)
    storage::ReceiptRepository receipts_;
    storage::ResponseDeletion deletion_;
    pages::Views views_;  // the page templates (--templates) and the operator named in the footer
    std::string api_description_;  // docs/openapi.json (--docs), served at /api/v1/openapi.json
    storage::FormIds form_ids_;  // the forms' database ids, from the start-up sync
    // The respondents' drafts: their secrets, their table, the use case.
    std::unique_ptr<submission::SignedSecrets> draft_secrets_;
    std::unique_ptr<storage::DraftRepository> draft_store_;
    std::unique_ptr<submission::Drafts> drafts_;
    // The invitations: their links (signed with the drafts' key), their table.
    std::unique_ptr<submission::InvitationLinks> invitation_links_;
    std::unique_ptr<storage::InvitationRepository> invitations_;
    std::function<std::size_t(const domain::Form&, bool dry_run)> remind_;  // empty without a relay
    std::string public_url_;  // the links' start (--public-url)
};

}  // namespace tnt::app
