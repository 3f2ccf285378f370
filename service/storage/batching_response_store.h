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

private:
    struct Pending {
        std::shared_ptr<const submission::NewResponse> response;  // null for a look-up
        std::optional<std::pair<std::string, std::string>> lookup;  // form slug, idempotency key
        submission::StoreCompletion done;
    };
    // False when stopping (the caller does the work itself).
    bool enqueue(Pending pending);
    void run();
    void write(std::vector<Pending>& batch);

    ResponseRepository& repository_;
    Options options_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Pending> queue_;
    bool stopping_ = false;
    std::vector<std::thread> writers_;
    std::atomic<unsigned long long> batches_{0};
    std::atomic<unsigned long long> batched_{0};
};

}  // namespace tnt::storage
