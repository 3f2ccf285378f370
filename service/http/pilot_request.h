// What every pilot request shares: the authenticated token and the report it asks for — the form it may
// read and the responses covered, from ?from=&to=&group= within the token's scope (reporting::resolveReport,
// the one place that decides it).
#pragma once

#include "service/access/access_token.h"
#include "service/domain/form_loader.h"
#include "service/http/api_error.h"
#include "service/http/http_message.h"
#include "service/http/pilot_auth.h"
#include "service/reporting/report_request.h"
#include "service/storage/form_repository.h"

namespace tnt::http {

struct PilotRequest : reporting::ReportRequest {
    access::AccessToken token;
};

// Authenticates (401), then resolves the report: unknown form 404, outside the token 403, bad filter 422.
PilotRequest resolvePilotRequest(const HttpRequest& request, const domain::FormSet& forms, PilotAuthenticator& auth,
                                 const storage::FormIds& ids);

// A refused report as the API's error: 404, 403 or 422 with the field.
ApiError reportError(const reporting::ReportRefused& refusal);

}  // namespace tnt::http
