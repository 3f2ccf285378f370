// Deleting responses for good (RGPD): a form's responses past their retention period, or one response at
// its respondent's request (through their receipt, never the public id). Answers, registrations and claims go with them (ON DELETE CASCADE); the groups'
// counters give their places back; the export log stays, as the record of who downloaded what, and each
// deletion writes its line in the deletion log (deletion_log: who, when, which response — no answer).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "service/storage/connection_pool.h"
#include "service/storage/receipt_repository.h"

namespace tnt::storage {

class ResponseDeletion {
public:
    explicit ResponseDeletion(ConnectionPool& pool) : pool_(pool) {}

    // Deletes the responses of the form submitted before `before`, in batches of `batch` so no lock is held
    // long; returns how many were deleted (or would be, with dry_run). `why` goes to the deletion log.
    std::uint64_t purgeOlderThan(const std::string& form_slug, std::chrono::system_clock::time_point before,
                                 bool dry_run, const std::string& why, std::size_t batch = 1000);

    // Deletes the response of a respondent's receipt (its hash) and remembers the receipt as deleted, in
    // one transaction. Returns the receipt's state before: found (now deleted), deleted (already), unknown.
    ReceiptState deleteByReceipt(const std::string& form_slug, const std::string& receipt_hash);

private:
    ConnectionPool& pool_;
};

}  // namespace tnt::storage
