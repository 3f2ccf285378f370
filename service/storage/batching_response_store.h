// Group commit for submissions: requests hand their response to a few writer threads, each of which takes
// whatever is waiting (up to a batch) and stores it in one transaction, so one fsync acknowledges many
// answers. A request is answered only after its batch has committed — nothing acknowledged is lost. The
// repository's storeAll gives each response of a batch its own exact answer (a duplicate, a full group).
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
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

    submission::StoredResponse store(const submission::NewResponse& response) override;
    std::optional<submission::StoredResponse> findByIdempotencyKey(const std::string& form_slug,
                                                                   const std::string& key) override;

private:
    struct Pending {
        const submission::NewResponse* response;
        std::promise<submission::StoredResponse> done;
    };
    void run();
    void write(std::vector<Pending>& batch);

    ResponseRepository& repository_;
    Options options_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Pending> queue_;
    bool stopping_ = false;
    std::vector<std::thread> writers_;
};

}  // namespace tnt::storage
