// Answering a form: the server's clock decides the window (and each group's deadline), the domain
// validates, then the store keeps the response with its claims and group places in one transaction.
// A retry with the same idempotency key returns the first response, even after the form has closed:
// a stored response is never rejected afterwards.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "service/domain/form.h"
#include "service/domain/group_catalogue.h"
#include "service/submission/clock.h"
#include "service/submission/response_store.h"
#include "service/submission/submission_refused.h"

namespace tnt::submission {

class SubmissionService {
public:
    SubmissionService(ResponseStore& store, const Clock& clock, const domain::GroupCatalogue* catalogue);

    // Throws SubmissionRefused.
    StoredResponse submit(const domain::Form& form, const nlohmann::json& answers,
                          const std::optional<std::string>& idempotency_key, const std::string& source = "");

    // The window check alone, for pages that show "clos depuis le …" before anyone types an answer.
    void ensureOpen(const domain::Form& form) const;

private:
    ResponseStore& store_;
    const Clock& clock_;
    const domain::GroupCatalogue* catalogue_;
};

}  // namespace tnt::submission
