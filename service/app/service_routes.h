// The components behind the HTTP routes (forms, repositories, services), built once in `serve` and
// passed by reference to the handlers; they outlive the endpoint.
#pragma once

#include <memory>

#include "service/app/config.h"
#include "service/http/metrics.h"
#include "service/http/router.h"
#include "service/storage/connection_pool.h"
#include "service/storage/health_probe.h"

namespace spdlog {
class logger;
}

namespace tnt::app {

class ServiceComponents {
public:
    ServiceComponents(storage::ConnectionPool& pool, const ServeConfig& config, std::shared_ptr<spdlog::logger> log);
    ~ServiceComponents();

    void addRoutes(http::Router& router, storage::HealthProbe& probe, http::Metrics& metrics);

private:
    storage::ConnectionPool& pool_;
    const ServeConfig& config_;
    std::shared_ptr<spdlog::logger> log_;
};

}  // namespace tnt::app
