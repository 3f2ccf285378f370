// Operations endpoints: /healthz (the process answers), /readyz (the database answers), /metrics.
#pragma once

#include "service/http/metrics.h"
#include "service/http/router.h"
#include "service/storage/health_probe.h"

namespace tnt::http {

void addHealthRoutes(Router& router, storage::HealthProbe& probe, const Metrics& metrics);

}  // namespace tnt::http
