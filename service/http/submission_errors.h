// The HTTP face of a refused submission: status, error code and details of the API's error shape
// (docs/openapi.json, components.schemas.Error).
#pragma once

#include "service/http/api_error.h"
#include "service/submission/submission_refused.h"

namespace tnt::http {

ApiError toApiError(const submission::SubmissionRefused& refusal);

}  // namespace tnt::http
