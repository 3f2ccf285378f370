// Stores responses: the response row, its answer rows, its uniqueness claims, its group places and
// registrations, in one transaction — all or nothing. Group capacity is taken with a conditional UPDATE
// on the group's row, so concurrent sign-ups can never overbook; deadlocks are retried.
#pragma once

#include <map>
#include <string>

#include "service/storage/connection_pool.h"
#include "service/storage/form_repository.h"
#include "service/submission/response_store.h"

namespace tnt::storage {

class ResponseRepository final : public submission::ResponseStore {
public:
    ResponseRepository(ConnectionPool& pool, std::map<std::string, FormRecord> forms);

    submission::StoredResponse store(const submission::NewResponse& response) override;
    std::optional<submission::StoredResponse> findByIdempotencyKey(const std::string& form_slug,
                                                                   const std::string& key) override;

private:
    const FormRecord& record(const std::string& slug) const;
    std::optional<submission::StoredResponse> findByKey(ConnectionPool::Lease& lease, unsigned form_id,
                                                        const std::string& key);
    submission::StoredResponse storeOnce(ConnectionPool::Lease& lease, const submission::NewResponse& response,
                                         const FormRecord& form);

    ConnectionPool& pool_;
    const std::map<std::string, FormRecord> forms_;
};

}  // namespace tnt::storage
