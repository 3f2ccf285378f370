#include "service/http/handlers/api_docs_handlers.h"

namespace tnt::http {

void addApiDocsRoutes(Router& router, const std::string& description)
{
    router.add(
        "GET", "/api/v1/openapi.json",
        [&description](const HttpRequest&) {
            auto response = HttpResponse::json(200, description);
            // The same text until the service restarts: an hour in a cache costs a stale description at worst.
            response.header("Cache-Control", "public, max-age=3600");
            return response;
        },
        Execution::inline_on_reactor);
}

}  // namespace tnt::http
