#include "service/http/handlers/health_handlers.h"

#include "service/http/api_error.h"

namespace tnt::http {

void addHealthRoutes(Router& router, storage::HealthProbe& probe, const Metrics& metrics)
{
    router.add(
        "GET", "/healthz", [](const HttpRequest&) { return HttpResponse::json(200, R"({"status":"ok"})"); },
        Execution::inline_on_reactor);

    router.add("GET", "/readyz", [&probe](const HttpRequest&) {
        if (!probe.databaseAnswers()) throw ApiError::unavailable();
        return HttpResponse::json(200, R"({"status":"ready","database":"ok"})");
    });

    router.add(
        "GET", "/metrics",
        [&metrics](const HttpRequest&) {
            return HttpResponse::text(200, metrics.render(), "text/plain; version=0.0.4; charset=utf-8");
        },
        Execution::inline_on_reactor);
}

}  // namespace tnt::http
