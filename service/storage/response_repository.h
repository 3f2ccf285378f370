// Stores responses: the response row (answers JSON and answer rows), its place in the statistics'
// pending list, its uniqueness claims, its group places and registrations, in one transaction — all or
// nothing. One write path (writeBatch): a single response is a batch of one. Also replaces the answers of
// a response its respondent changes (amend). Group capacity is taken with
// a conditional UPDATE on the group's row, so concurrent sign-ups can never overbook; deadlocks are retried.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "service/storage/connection_pool.h"
#include "service/storage/form_repository.h"
#include "service/submission/response_store.h"

namespace tnt::storage {

class RegistrationRepository;

class ResponseRepository final : public submission::ResponseStore, public submission::AmendmentStore {
public:
    ResponseRepository(ConnectionPool& pool, std::map<std::string, FormRecord> forms);

    // A batch of one (writeBatch); a deadlock is retried, a conflict answered exactly (replay of the
    // same idempotency key, already_registered with the taken claims, group_full with the group's name).
    submission::StoredResponse store(const submission::NewResponse& response) override;

    // One transaction for the whole batch, one statement per table (group commit: one fsync). When one of
    // them cannot go in as it is — a used idempotency key or claim, a group without enough places, a
    // deadlock — the batch is halved, in order, until each conflict is alone and gets store()'s answer;
    // keys stored before are answered with their earlier responses without halving.
    std::vector<submission::StoreOutcome> storeAll(const std::vector<const submission::NewResponse*>& batch) override;
    std::optional<submission::StoredResponse> findByIdempotencyKey(const std::string& form_slug,
                                                                   const std::string& key) override;

    // The new answers replace the old in one transaction, with its claims; an answer already counted leaves
    // the statistics counters and the response is listed as pending again (the folder counts its new
    // answers). Locks like a deletion — the pending row, then the response — so it never deadlocks with
    // the folder. A deadlock is retried.
    submission::AmendOutcome amend(const submission::Amendment& amendment) override;

    // Where an amendment's groups left are withdrawn from (offering the place on); without it, an amendment
    // that changes the groups answers groups_changed. Set once, before serving.
    void setRegistrations(RegistrationRepository* registrations) { registrations_ = registrations; }

private:
    std::optional<submission::AmendOutcome> amendOnce(ConnectionPool::Lease& lease, const submission::Amendment& a);
    // The amendment's groups made the response's, in its transaction (the response's row locked): groups
    // left are withdrawn from, groups added joined by the capacity rule. `impossible` when groups change and no
    // RegistrationRepository was set. Throws WriteConflict (group_full, retryable), SubmissionRefused
    // (a group added whose registrations are closed).
    // What an amendment did to the response's groups.
    enum class GroupChange { none_joined, joined, impossible };
    GroupChange changeGroups(ConnectionPool::Lease& lease, unsigned form_id, std::uint64_t id,
                             const submission::Amendment& a);
    const FormRecord& record(const std::string& slug) const;
    std::optional<submission::StoredResponse> findByKey(ConnectionPool::Lease& lease, unsigned form_id,
                                                        const std::string& key);
    // Each response's place in each group it chose (registered, or waitlisted at a position).
    std::vector<std::vector<domain::Placement>> writeBatch(ConnectionPool::Lease& lease,
                                                           const std::vector<const submission::NewResponse*>& batch);
    // The responses already stored under the batch's idempotency keys, by index in the batch.
    std::map<std::size_t, submission::StoredResponse> earlierResponses(
        ConnectionPool::Lease& lease, const std::vector<const submission::NewResponse*>& batch);

    ConnectionPool& pool_;
    RegistrationRepository* registrations_ = nullptr;
    const std::map<std::string, FormRecord> forms_;
};

}  // namespace tnt::storage
