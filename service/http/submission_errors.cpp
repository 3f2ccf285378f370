#include "service/http/submission_errors.h"

#include "service/domain/paris_time.h"

namespace tnt::http {

ApiError toApiError(const submission::SubmissionRefused& r)
{
    using submission::RefusalReason;
    switch (r.reason()) {
    case RefusalReason::not_open:
        return ApiError(403, "form_not_open", r.message(),
                        {{"opens_at", r.at ? domain::formatIsoUtc(*r.at) : std::string()}});
    case RefusalReason::closed:
        return ApiError(410, "form_closed", r.message(),
                        {{"closes_at", r.at ? domain::formatIsoUtc(*r.at) : std::string()}});
    case RefusalReason::invalid:
        return ApiError(422, "validation_failed", r.message(), {{"fields", r.fields}});
    case RefusalReason::already_registered:
        return ApiError(409, "already_registered", r.message(), {{"groups", r.groups}});
    case RefusalReason::idempotency_key_reused:
        return ApiError(422, "idempotency_key_reused", r.message());
    case RefusalReason::group_full:
        return ApiError(409, "group_full", r.message(), {{"group", r.group}});
    }
    return ApiError::internal();
}

}  // namespace tnt::http
