#include "service/app/service_routes.h"

#include "service/http/handlers/health_handlers.h"

namespace tnt::app {

ServiceComponents::ServiceComponents(storage::ConnectionPool& pool, const ServeConfig& config,
                                     std::shared_ptr<spdlog::logger> log)
    : pool_(pool), config_(config), log_(std::move(log))
{
}

ServiceComponents::~ServiceComponents() = default;

void ServiceComponents::addRoutes(http::Router& router, storage::HealthProbe& probe, http::Metrics& metrics)
{
    http::addHealthRoutes(router, probe, metrics);
}

}  // namespace tnt::app
