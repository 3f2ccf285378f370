#include "service/http/pilot_request.h"

#include "service/http/api_error.h"
#include "service/http/pilot_auth.h"

namespace tnt::http {

ApiError reportError(const reporting::ReportRefused& refusal)
{
    switch (refusal.kind()) {
    case reporting::ReportRefused::Kind::unknown_form:
        return ApiError(404, "not_found", refusal.what());
    case reporting::ReportRefused::Kind::forbidden:
        return ApiError(403, "forbidden", refusal.what());
    case reporting::ReportRefused::Kind::bad_filter:
        break;
    }
    return ApiError(422, "validation_failed", refusal.what(), {{"fields", {{refusal.field(), refusal.reason()}}}});
}

PilotRequest resolvePilotRequest(const HttpRequest& request, const domain::FormSet& forms, PilotAuthenticator& auth,
                                 const storage::FormIds& ids)
{
    PilotRequest out;
    out.token = auth.authenticate(request);
    const reporting::ReportAsk ask{request.queryValue("from"), request.queryValue("to"), request.queryValue("group")};
    try {
        static_cast<reporting::ReportRequest&>(out) =
            reporting::resolveReport(out.token, request.param("slug"), ask, forms, ids);
    } catch (const reporting::ReportRefused& refusal) {
        throw reportError(refusal);
    }
    return out;
}

}  // namespace tnt::http
