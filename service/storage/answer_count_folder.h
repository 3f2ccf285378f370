// Moves responses from count_pending into the statistics counters (schema/0004_count_pending.sql): one
// transaction marks a run of pending responses, sums their answer rows, adds the sums to the counters
// (one upsert per changed counter) and removes the run from the pending list. A submission thus writes one narrow row for
// the statistics, and each counter row changes once per run instead of once per submission.
// Any number of folders may run (several instances, Galera): they lock the pending rows, so a response
// is folded once; a deletion locks them too, so it knows whether to take a response out of the counters.
#pragma once

#include <cstddef>

#include "service/storage/connection_pool.h"

namespace tnt::storage {

class AnswerCountFolder {
public:
    explicit AnswerCountFolder(ConnectionPool& pool) : pool_(pool) {}

    // Folds up to `limit` pending responses, oldest first; returns how many. Retries a deadlock.
    std::size_t foldOnce(std::size_t limit);

    // Folds until nothing is pending (the import command, the tests).
    std::size_t foldAll(std::size_t run = 20000);

private:
    ConnectionPool& pool_;
};

}  // namespace tnt::storage
