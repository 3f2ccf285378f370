// Stores responses: the response row (answers JSON and answer rows), its place in the statistics'
// pending list, its uniqueness claims, its group places and registrations, in one transaction — all or
// nothing. Group capacity is taken with a conditional UPDATE
// on the group's row, so concurrent sign-ups can never overbook; deadlocks are retried.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "service/storage/connection_pool.h"
#include "service/storage/form_repository.h"
#include "service/submission/response_store.h"

namespace tnt::storage {

class BatchConflict : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class ResponseRepository final : public submission::ResponseStore {
public:
    ResponseRepository(ConnectionPool& pool, std::map<std::string, FormRecord> forms);

    submission::StoredResponse store(const submission::NewResponse& response) override;

    // Stores several responses in one transaction, one statement per table (group commit: one fsync for
    // the batch). Throws BatchConflict, having stored nothing, when one of them cannot go in as it is — a
    // used idempotency key or claim, a group without enough places, a deadlock — so the caller stores
    // them one by one and each gets its own answer.
    std::vector<submission::StoredResponse> storeBatch(const std::vector<const submission::NewResponse*>& batch);
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
