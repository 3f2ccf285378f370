#include "service/app/service_components.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>

#include "service/app/file_clock.h"
#include "service/app/reminders.h"
#include "service/crypto/secret_key_file.h"
#include "service/storage/form_repository.h"

namespace tnt::app {
namespace {

domain::FormSet loadCheckedForms(const std::string& dir)
{
    auto forms = domain::loadFormsDirectory(dir);
    if (!forms.ok()) {
        std::string message = "the forms of " + dir + " have errors; nothing is served until they are fixed:";
        for (const auto& d : forms.diagnostics) message += "\n  " + domain::formatDiagnostic(d);
        throw std::runtime_error(message);
    }
    return forms;
}

}  // namespace

ServiceComponents::ServiceComponents(storage::ConnectionPool& pool, const ServeConfig& config,
                                     std::shared_ptr<spdlog::logger> log,
                                     const std::pair<std::function<void()>, std::function<void()>>& thread_hooks)
    : pool_(pool),
      log_(std::move(log)),
      forms_(loadCheckedForms(config.forms_dir)),
      folder_(pool),
      rate_limiter_(config.rate_limit_per_minute),
      tokens_(pool),
      exports_(pool),
      statistics_(pool),
      listing_(pool),
      csrf_(http::CsrfSigner::fromKeyFile(config.secret_key_file)),
      static_files_(config.static_dir),
      receipt_secrets_(crypto::readSecretKeyFile(config.secret_key_file)),
      receipts_(pool),
      deletion_(pool),
      views_(pages::Views::load(toSite(config.site), pageTemplatesDirectory(config))),
      api_description_(readApiDescription(docsDirectory(config)))
{
    if (config.clock_file.empty()) {
        clock_ = std::make_unique<submission::SystemClock>();
    } else {
        log_->warn("the clock is read from {} (TNT_FORMS_CLOCK_FILE): for tests only", config.clock_file);
        clock_ = std::make_unique<FileClock>(config.clock_file);
    }
    auto records = storage::FormRepository(pool_).sync(forms_.forms, catalogue());
    for (const auto& form : forms_.forms) {
        log_->info("form {}: version {} ({}), {}", form.slug, records[form.slug].version_number,
                   form.version.substr(0, 12), domain::toString(form.window.statusAt(clock_->now())));
    }
    pilot_auth_ = std::make_unique<http::PilotAuthenticator>(
        tokens_, *clock_,
        http::PilotAuthOptions{.session = {},
                               .secure_cookies = servedOverHttps(config),
                               .failures_per_minute = config.pilot_auth_limit_per_minute});
    form_ids_ = storage::formIds(records);
    responses_ = std::make_unique<storage::ResponseRepository>(pool_, std::move(records));
    // Always through the writers, even one response per transaction (--batch 1): they answer the API's
    // submissions, which must never wait on Pistache's threads.
    batching_ = std::make_unique<storage::BatchingResponseStore>(
        *responses_, storage::BatchingResponseStore::Options{.writers = static_cast<std::size_t>(config.db_writers),
                                                             .max_batch = static_cast<std::size_t>(config.max_batch),
                                                             .max_queued = static_cast<std::size_t>(config.queue),
                                                             .on_thread_start = thread_hooks.first,
                                                             .on_thread_stop = thread_hooks.second});
    submission::ResponseStore* store = batching_.get();
    // One key for the drafts and the invitations: an invitation's draft secret is a draft secret.
    const auto draft_key = crypto::readSecretKeyFile(config.secret_key_file);
    invitation_links_ = std::make_unique<submission::InvitationLinks>(draft_key);
    invitations_ = std::make_unique<storage::InvitationRepository>(pool_);
    if (config.secret_key_file.empty()) {
        log_->warn(
            "invitations: without --secret-key-file the personal links sent change at each start and "
            "stop working");
    }
    if (!config.mail.smtp_host.empty()) {
        remind_ = [invitations = invitations_.get(), clock = clock_.get(), from = config.mail.from_address](
                      const domain::Form& form, bool dry_run) {
            return remindInvited(*invitations, form, clock->now(), storage::ReminderRule{}, dry_run, from);
        };
    }
    if (!config.mail.smtp_host.empty()) startMail(config, thread_hooks);
    submissions_ = std::make_unique<submission::SubmissionService>(*store, *clock_, catalogue(), &receipt_secrets_,
                                                                   response_mail_.get(), responses_.get());
    draft_secrets_ = std::make_unique<submission::SignedSecrets>(draft_key, "draft");
    draft_store_ = std::make_unique<storage::DraftRepository>(pool_);
    drafts_ = std::make_unique<submission::Drafts>(*draft_store_, *clock_, *draft_secrets_, response_mail_.get());
    public_url_ = linkBaseUrl(config);
    while (public_url_.ends_with('/')) public_url_.pop_back();
    offer_secrets_ =
        std::make_unique<submission::SignedSecrets>(crypto::readSecretKeyFile(config.secret_key_file), "offer");
    registration_mail_ = std::make_unique<messages::RegistrationMail>(forms_, *offer_secrets_, response_mail_.get());
    registrations_ = std::make_unique<storage::RegistrationRepository>(pool_, *registration_mail_);
    responses_->setRegistrations(registrations_.get());
    if (catalogue() != nullptr) {
        group_places_ = std::make_unique<storage::GroupPlaces>(
            pool_, storage::GroupPlaces::Options{.every = std::chrono::milliseconds(1000),
                                                 .on_thread_start = thread_hooks.first,
                                                 .on_thread_stop = thread_hooks.second});
        offer_sweep_ = std::make_unique<storage::OfferSweep>(
            *registrations_, *clock_,
            storage::OfferSweep::Options{
                .every = std::chrono::seconds(config.offer_sweep_seconds),
                .on_thread_start = thread_hooks.first,
                .on_thread_stop = thread_hooks.second,
                .on_changes =
                    [log = log_](std::size_t n) { log->info("listes d'attente : {} offre(s) closes ou faites", n); },
                .on_failure =
                    [log = log_](const std::string& why) {
                        log->warn("listes d'attente : passage échoué, nouvel essai au suivant : {}", why);
                    }});
    }
    folding_ = std::make_unique<storage::CountFoldingLoop>(
        folder_, storage::CountFoldingLoop::Options{
                     .on_thread_start = thread_hooks.first,
                     .on_thread_stop = thread_hooks.second,
                     .on_failure =
                         [log = log_](const std::string& why) {
                             log->warn("statistics counters: folding failed, retrying every second: {}", why);
                         },
                     .on_recovery = [log = log_] { log->info("statistics counters: folding again"); }});
}

ServiceComponents::~ServiceComponents() = default;

void ServiceComponents::startMail(const ServeConfig& config,
                                  const std::pair<std::function<void()>, std::function<void()>>& thread_hooks)
{
    const auto& m = config.mail;
    mail_templates_ =
        std::make_unique<messages::MailTemplates>(messages::MailTemplates::load(mailTemplatesDirectory(config)));
    const messages::ResponseMailSettings settings{.from_address = m.from_address,
                                                  .from_name = m.from_name,
                                                  .public_url = linkBaseUrl(config),
                                                  .publisher = config.site.publisher,
                                                  .contact_email = config.site.contact_email};
    response_mail_ = std::make_unique<messages::ResponseMail>(*mail_templates_, catalogue(), settings, log_,
                                                              invitation_links_.get());
    digest_mail_ = std::make_unique<messages::DigestMail>(*mail_templates_, catalogue(), settings);
    digests_ = std::make_unique<storage::DigestRepository>(pool_);
    mail::SmtpSettings smtp{
        .host = m.smtp_host,
        .port = m.smtp_port,
        .security = mail::parseSmtpSecurity(m.smtp_security).value_or(mail::SmtpSecurity::none),
        .user = m.smtp_user,
        .password = m.smtp_password_file.empty() ? std::string() : readPasswordFile(m.smtp_password_file),
        .envelope_from = m.from_address,
        .timeout = std::chrono::seconds(m.smtp_timeout_seconds)};
    smtp_ = std::make_unique<mail::SmtpClient>(std::move(smtp));
    outbox_ = std::make_unique<storage::OutboxRepository>(pool_);
    if (m.senders == 0) {
        // This instance only queues; another one (--mail-senders ≥ 1) sends and writes the digests.
        log_->info("courriels : mis en file ici, envoyés par une autre instance (--mail-senders 0)");
        return;
    }
    outbox_sender_ = std::make_unique<messages::OutboxSender>(
        *outbox_, *smtp_,
        messages::OutboxSender::Options{
            .threads = static_cast<std::size_t>(m.senders),
            .poll = std::chrono::milliseconds(500),
            // A sender killed mid-conversation: its messages are due again then.
            .lease = std::chrono::seconds(2 * m.smtp_timeout_seconds + 10),
            .first_retry = std::chrono::seconds(m.first_retry_seconds),
            .give_up = std::chrono::hours(m.give_up_hours),
            .render =
                [this](const storage::OutboxMessage& message) {
                    if (message.kind == "resume")
                        return digest_mail_->render(message.message_id, message.recipient, message.payload);
                    return response_mail_->render(message.kind, message.message_id, message.recipient, message.payload);
                },
            .periodic =
                [this, every = std::chrono::seconds(m.digest_interval_seconds)] {
                    const auto queued = digests_->queueDue(
                        every, [this](const storage::DigestPeriod& period) { return digest_mail_->compose(period); });
                    if (queued > 0) log_->info("courriels : {} résumé(s) de pilote en file", queued);
                },
            .periodic_every = std::chrono::seconds(std::clamp(m.digest_interval_seconds / 4, 1, 60)),
            .on_thread_start = thread_hooks.first,
            .on_thread_stop = thread_hooks.second},
        log_);
    log_->info("courriels : relais smtp {}:{} ({}), modèles {}, liens vers {}", m.smtp_host, m.smtp_port,
               m.smtp_security, mailTemplatesDirectory(config), linkBaseUrl(config));
}

const domain::GroupCatalogue* ServiceComponents::catalogue() const
{
    return forms_.catalogue ? &*forms_.catalogue : nullptr;
}

void ServiceComponents::addRoutes(http::Router& router, storage::HealthProbe& probe, http::Metrics& metrics)
{
    if (outbox_sender_) {
        const auto* sender = outbox_sender_.get();
        metrics.addCounter("tnt_mail_sent_total", "E-mails this instance handed to the SMTP relay.",
                           [sender] { return sender->sent(); });
        metrics.addCounter("tnt_mail_failed_total", "E-mails this instance gave up (refused, or undelivered too long).",
                           [sender] { return sender->failed(); });
        metrics.addGauge("tnt_mail_outbox_depth", "E-mails waiting in the outbox (all instances).",
                         [sender] { return sender->pending(); });
        metrics.addGauge("tnt_mail_oldest_due_seconds", "How late the oldest due e-mail of the outbox is.",
                         [sender] { return sender->oldestDueSeconds(); });
    }
    const auto* batching = batching_.get();
    metrics.addCounter("tnt_submission_batches_total", "Transactions the submission writers ran.",
                       [batching] { return batching->batches(); });
    metrics.addCounter("tnt_submission_batched_total", "Submissions the writers' transactions held.",
                       [batching] { return batching->batchedResponses(); });
    metrics.addGauge("tnt_submission_queue_depth", "Submissions waiting for a database writer.",
                     [batching] { return static_cast<double>(batching->queued()); });
    addServiceRoutes(router, {.forms = forms_,
                              .submissions = *submissions_,
                              .clock = *clock_,
                              .rate_limiter = rate_limiter_,
                              .pilot_auth = *pilot_auth_,
                              .exports = exports_,
                              .statistics = statistics_,
                              .listing = listing_,
                              .csrf = csrf_,
                              .static_files = static_files_,
                              .receipts = receipts_,
                              .registrations = *registrations_,
                              .offer_secrets = *offer_secrets_,
                              .deletion = deletion_,
                              .views = views_,
                              .probe = probe,
                              .metrics = metrics,
                              .api_description = api_description_,
                              .form_ids = form_ids_,
                              .group_places = group_places_.get(),
                              .drafts = drafts_.get(),
                              .public_url = public_url_,
                              .invitations = invitations_.get(),
                              .invitation_links = invitation_links_.get(),
                              .remind = remind_,
                              .reminder_rule = {}});
}

}  // namespace tnt::app
