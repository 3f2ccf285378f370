#include "service/submission/response_store.h"

namespace tnt::submission {

void ResponseStore::storeThen(std::shared_ptr<const NewResponse> response, StoreCompletion done)
{
    StoreOutcome outcome;
    try {
        outcome.stored = store(*response);
    } catch (...) {
        outcome.error = std::current_exception();
    }
    done(std::move(outcome));
}

void ResponseStore::findByIdempotencyKeyThen(const std::string& form_slug, const std::string& key, StoreCompletion done)
{
    StoreOutcome outcome;
    try {
        outcome.stored = findByIdempotencyKey(form_slug, key);
    } catch (...) {
        outcome.error = std::current_exception();
    }
    done(std::move(outcome));
}

std::vector<StoreOutcome> ResponseStore::storeAll(const std::vector<const NewResponse*>& responses)
{
    std::vector<StoreOutcome> outcomes;
    outcomes.reserve(responses.size());
    for (const auto* response : responses) {
        try {
            outcomes.push_back({store(*response), {}});
        } catch (...) {
            outcomes.push_back({std::nullopt, std::current_exception()});
        }
    }
    return outcomes;
}

}  // namespace tnt::submission
