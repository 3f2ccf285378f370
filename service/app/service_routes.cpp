#include "service/app/service_routes.h"

#include <spdlog/spdlog.h>

#include <stdexcept>

#include "service/app/file_clock.h"
#include "service/http/handlers/form_api_handlers.h"
#include "service/http/handlers/health_handlers.h"
#include "service/http/handlers/pilot_api_handlers.h"
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
                                     std::shared_ptr<spdlog::logger> log)
    : pool_(pool), config_(config), log_(std::move(log)), forms_(loadCheckedForms(config.forms_dir)),
      rate_limiter_(config.rate_limit_per_minute), tokens_(pool), exports_(pool), statistics_(pool)
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
    responses_ = std::make_unique<storage::ResponseRepository>(pool_, std::move(records));
    submissions_ = std::make_unique<submission::SubmissionService>(*responses_, *clock_, catalogue());
}

ServiceComponents::~ServiceComponents() = default;

const domain::GroupCatalogue* ServiceComponents::catalogue() const
{
    return forms_.catalogue ? &*forms_.catalogue : nullptr;
}

void ServiceComponents::addRoutes(http::Router& router, storage::HealthProbe& probe, http::Metrics& metrics)
{
    http::addHealthRoutes(router, probe, metrics);
    http::addFormApiRoutes(router, {forms_, *submissions_, *clock_, rate_limiter_});
    http::addPilotApiRoutes(router, {forms_, tokens_, exports_, statistics_, *clock_});
}

}  // namespace tnt::app
