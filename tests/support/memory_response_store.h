// A ResponseStore in memory for unit tests, keeping the real store's rules: a used idempotency key answers
// with its earlier response (and that response's request hash), a taken uniqueness claim is refused.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "service/submission/response_store.h"
#include "service/submission/submission_refused.h"

namespace tnt::testing {

class MemoryResponseStore final : public submission::ResponseStore {
public:
    submission::StoredResponse store(const submission::NewResponse& response) override
    {
        if (response.idempotency_key) {
            if (auto earlier = findByIdempotencyKey(response.form_slug, *response.idempotency_key)) return *earlier;
        }
        for (const auto& claim : response.claims) {
            if (claims.contains(claim)) throw submission::SubmissionRefused::alreadyRegistered();
        }
        claims.insert(response.claims.begin(), response.claims.end());
        responses.push_back(response);
        return {response.public_id, response.submitted_at, false, {}, {}, {}};
    }

    std::optional<submission::StoredResponse> findByIdempotencyKey(const std::string& form_slug,
                                                                   const std::string& key) override
    {
        for (const auto& r : responses) {
            if (r.form_slug == form_slug && r.idempotency_key == key) {
                return submission::StoredResponse{r.public_id, r.submitted_at, true, {}, r.request_hash, {}};
            }
        }
        return std::nullopt;
    }

    // The submission service's own look-ups of a key (not store()'s).
    void findByIdempotencyKeyThen(const std::string& form_slug, const std::string& key,
                                  submission::StoreCompletion done) override
    {
        ++lookups;
        ResponseStore::findByIdempotencyKeyThen(form_slug, key, std::move(done));
    }

    std::set<std::string> claims;
    std::vector<submission::NewResponse> responses;
    int lookups = 0;
};

}  // namespace tnt::testing
