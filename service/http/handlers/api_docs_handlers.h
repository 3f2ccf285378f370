// The API's own description: GET /api/v1/openapi.json serves docs/openapi.json as it was read at start-up.
#pragma once

#include <string>

#include "service/http/router.h"

namespace tnt::http {

// `description` is the document's text; it outlives the router.
void addApiDocsRoutes(Router& router, const std::string& description);

}  // namespace tnt::http
