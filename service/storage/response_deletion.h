// Deleting responses for good (RGPD): a form's responses past their retention period, or one response at
// its respondent's request. Answers, registrations and claims go with them (ON DELETE CASCADE); the groups'
// counters give their places back; the export log stays, as the record of who downloaded what.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "service/storage/connection_pool.h"

namespace tnt::storage {

class ResponseDeletion {
public:
    explicit ResponseDeletion(ConnectionPool& pool) : pool_(pool) {}

    // Deletes the responses of the form submitted before `before`, in batches of `batch` so no lock is held
    // long; returns how many were deleted (or would be, with dry_run).
    std::uint64_t purgeOlderThan(const std::string& form_slug, std::chrono::system_clock::time_point before,
                                 bool dry_run, std::size_t batch = 1000);

    // Deletes one response by its public id; false when there is none (already deleted).
    bool deleteByPublicId(const std::string& form_slug, const std::string& public_id);

private:
    ConnectionPool& pool_;
};

}  // namespace tnt::storage
