#include "service/app/service_components.h"

#include <spdlog/spdlog.h>

#include <stdexcept>

#include "service/app/file_clock.h"
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
      csrf_(http::CsrfSigner::fromKeyFile(config.secret_key_file)),
      static_files_(config.static_dir),
      receipt_secrets_(crypto::readSecretKeyFile(config.secret_key_file)),
      receipts_(pool),
      deletion_(pool),
      site_(toSite(config.site)),
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
    responses_ = std::make_unique<storage::ResponseRepository>(pool_, std::move(records));
    submission::ResponseStore* store = responses_.get();
    if (config.max_batch > 1) {
        batching_ = std::make_unique<storage::BatchingResponseStore>(
            *responses_,
            storage::BatchingResponseStore::Options{.writers = static_cast<std::size_t>(config.db_writers),
                                                    .max_batch = static_cast<std::size_t>(config.max_batch),
                                                    .on_thread_start = thread_hooks.first,
                                                    .on_thread_stop = thread_hooks.second});
        store = batching_.get();
    }
    submissions_ = std::make_unique<submission::SubmissionService>(*store, *clock_, catalogue(), &receipt_secrets_);
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

const domain::GroupCatalogue* ServiceComponents::catalogue() const
{
    return forms_.catalogue ? &*forms_.catalogue : nullptr;
}

void ServiceComponents::addRoutes(http::Router& router, storage::HealthProbe& probe, http::Metrics& metrics)
{
    addServiceRoutes(router, {.forms = forms_,
                              .submissions = *submissions_,
                              .clock = *clock_,
                              .rate_limiter = rate_limiter_,
                              .pilot_auth = *pilot_auth_,
                              .exports = exports_,
                              .statistics = statistics_,
                              .csrf = csrf_,
                              .static_files = static_files_,
                              .receipts = receipts_,
                              .deletion = deletion_,
                              .site = site_,
                              .probe = probe,
                              .metrics = metrics,
                              .api_description = api_description_});
}

}  // namespace tnt::app
