#include "service/submission/response_store.h"

namespace tnt::submission {

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
