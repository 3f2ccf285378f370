// Group commit for submissions: requests hand their response to a few writer threads, each of which takes
// whatever is waiting (up to a batch) and stores it in one transaction, so one fsync acknowledges many
// answers. A response is answered only after its batch has committed — nothing acknowledged is lost — and
// by the writer itself (storeThen): no thread waits for the commit. The repository's storeAll gives each
// response of a batch its own exact answer (a duplicate, a full group).
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "service/storage/response_repository.h"

namespace tnt::storage {

class BatchingResponseStore final : public submission::ResponseStore {
public:
    struct Options {
        std::size_t writers = 4;
        std::size_t max_batch = 32;
        // Responses waiting for a writer at most: past it, storeThen answers DatabaseUnavailable at once (503
        // with Retry-After), so an overload never grows memory and latency without bound.
        std::size_t max_queued = 1024;
        std::function<void()> on_thread_start;  // the database driver's per-thread init
        std::function<void()> on_thread_stop;
    };

    BatchingResponseStore(ResponseRepository& repository, Options options);
    // Stores what is queued, then stops the writers.
    ~BatchingResponseStore() override;
    BatchingResponseStore(const BatchingResponseStore&) = delete;
    BatchingResponseStore& operator=(const BatchingResponseStore&) = delete;

    // Queued for the writers; the caller waits for its batch's commit.
    submission::StoredResponse store(const submission::NewResponse& response) override;
    // Queued for the writers, which call `done` after the commit.
    void storeThen(std::shared_ptr<const submission::NewResponse> response, submission::StoreCompletion done) override;
    std::optional<submission::StoredResponse> findByIdempotencyKey(const std::string& form_slug,
                                                                   const std::string& key) override;
    // Looked up by a writer, between its batches.
    void findByIdempotencyKeyThen(const std::string& form_slug, const std::string& key,
                                  submission::StoreCompletion done) override;

    // Transactions the writers committed or tried, and the responses they held: their ratio is the mean
    // batch (exported as metrics; the benchmark's database reference writes batches of that size).
    double batches() const { return static_cast<double>(batches_.load(std::memory_order_relaxed)); }
    double batchedResponses() const { return static_cast<double>(batched_.load(std::memory_order_relaxed)); }
    // Responses waiting for a writer now.
    std::size_t queued() const;
    // Those, and the ones a writer is storing.
    std::size_t inFlight() const;

private:
    struct Pending {
        std::shared_ptr<const submission::NewResponse> response;  // null for a look-up
        std::optional<std::pair<std::string, std::string>> lookup;  // form slug, idempotency key
        submission::StoreCompletion done;
    };
    enum class Queued { yes, stopping, full };
    // `stopping`: the caller does the work itself; `full`: only storeThen is refused (a thread that waits
    // for its own answer adds no unbounded queue).
    Queued enqueue(Pending& pending, bool bounded);  // moves `pending` only when it is queued
    // Queued for a writer, or answered at once with DatabaseUnavailable when the queue is full: true;
    // false when stopping (the caller does the work itself).
    bool handOver(Pending& pending);
    void run();
    void write(std::vector<Pending>& batch);

    ResponseRepository& repository_;
    Options options_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Pending> queue_;
    bool stopping_ = false;
    std::size_t writing_ = 0;  // responses taken by writers, not yet answered
    std::vector<std::thread> writers_;
    std::atomic<unsigned long long> batches_{0};
    std::atomic<unsigned long long> batched_{0};
};

}  // namespace tnt::storage
