// The components behind the HTTP routes — the forms, the repositories, the submission service, the clock,
// the rate limiter — built once in `serve` and passed by reference to the handlers; they outlive the
// endpoint.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <utility>

#include "service/app/config.h"
#include "service/domain/form_loader.h"
#include "service/http/csrf.h"
#include "service/http/metrics.h"
#include "service/http/pilot_auth.h"
#include "service/http/rate_limiter.h"
#include "service/http/router.h"
#include "service/http/static_files.h"
#include "service/storage/connection_pool.h"
#include "service/storage/health_probe.h"
#include "service/storage/answer_count_folder.h"
#include "service/storage/batching_response_store.h"
#include "service/storage/count_folding_loop.h"
#include "service/storage/export_repository.h"
#include "service/storage/receipt_repository.h"
#include "service/storage/response_deletion.h"
#include "service/storage/response_repository.h"
#include "service/storage/statistics_repository.h"
#include "service/storage/token_repository.h"
#include "service/submission/clock.h"
#include "service/submission/receipt_secrets.h"
#include "service/submission/submission_service.h"

namespace spdlog {
class logger;
}

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
    const http::CsrfSigner& csrf;
    const http::StaticFiles& static_files;
    storage::ReceiptRepository& receipts;
    storage::ResponseDeletion& deletion;
    const pages::Site& site;
    storage::HealthProbe& probe;
    const http::Metrics& metrics;
    const std::string& api_description;  // the text of docs/openapi.json, served as it is
};

void addServiceRoutes(http::Router& router, const RouteComponents& components);

// The text of DIR/openapi.json, checked to be a JSON object; throws std::runtime_error with a French message
// naming the file when it is missing or is not JSON, so that the service does not start without it.
std::string readApiDescription(const std::string& docs_dir);

class ServiceComponents {
public:
    // Loads and checks the forms (throws with every diagnostic when one is invalid), records them and
    // the group catalogue in the database.
    // `thread_hooks` initialise and release the database driver on the threads the components start.
    ServiceComponents(storage::ConnectionPool& pool, const ServeConfig& config, std::shared_ptr<spdlog::logger> log,
                      std::pair<std::function<void()>, std::function<void()>> thread_hooks);
    ~ServiceComponents();

    void addRoutes(http::Router& router, storage::HealthProbe& probe, http::Metrics& metrics);

private:
    const domain::GroupCatalogue* catalogue() const;

    storage::ConnectionPool& pool_;
    const ServeConfig& config_;
    std::shared_ptr<spdlog::logger> log_;
    domain::FormSet forms_;
    std::unique_ptr<submission::Clock> clock_;
    std::unique_ptr<storage::ResponseRepository> responses_;
    std::unique_ptr<storage::BatchingResponseStore> batching_;
    std::unique_ptr<submission::SubmissionService> submissions_;
    storage::AnswerCountFolder folder_;
    std::unique_ptr<storage::CountFoldingLoop> folding_;  // keeps the statistics counters caught up
    http::RateLimiter rate_limiter_;
    storage::TokenRepository tokens_;
    std::unique_ptr<http::PilotAuthenticator> pilot_auth_;  // the pilots' tokens and dashboard sessions
    storage::ExportRepository exports_;
    storage::StatisticsRepository statistics_;
    http::CsrfSigner csrf_;  // signs the HTML forms' CSRF tokens (--secret-key-file, else random per start)
    http::StaticFiles static_files_;  // the DSFR under /static/dsfr/ (--static)
    submission::ReceiptSecrets receipt_secrets_;  // the respondents' receipt links (--secret-key-file)
    storage::ReceiptRepository receipts_;
    storage::ResponseDeletion deletion_;
    pages::Site site_;  // the operator named in the footer and the legal pages
    std::string api_description_;  // docs/openapi.json (--docs), served at /api/v1/openapi.json
};

}  // namespace tnt::app
