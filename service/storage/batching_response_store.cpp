#include "service/storage/batching_response_store.h"

namespace tnt::storage {

BatchingResponseStore::BatchingResponseStore(ResponseRepository& repository, Options options)
    : repository_(repository), options_(std::move(options))
{
    for (std::size_t i = 0; i < options_.writers; ++i) writers_.emplace_back([this] { run(); });
}

BatchingResponseStore::~BatchingResponseStore()
{
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& t : writers_) t.join();
}

submission::StoredResponse BatchingResponseStore::store(const submission::NewResponse& response)
{
    std::future<submission::StoredResponse> result;
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return repository_.store(response);
        queue_.push_back(Pending{&response, {}});
        result = queue_.back().done.get_future();
    }
    wake_.notify_one();
    return result.get();  // rethrows what storing this response threw
}

std::optional<submission::StoredResponse> BatchingResponseStore::findByIdempotencyKey(const std::string& form_slug,
                                                                                      const std::string& key)
{
    return repository_.findByIdempotencyKey(form_slug, key);
}

void BatchingResponseStore::run()
{
    if (options_.on_thread_start) options_.on_thread_start();
    std::vector<Pending> batch;
    while (true) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) break;  // stopping, and everything queued has been written
            while (!queue_.empty() && batch.size() < options_.max_batch) {
                batch.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
        }
        write(batch);
        batch.clear();
    }
    if (options_.on_thread_stop) options_.on_thread_stop();
}

void BatchingResponseStore::write(std::vector<Pending>& batch)
{
    std::vector<const submission::NewResponse*> responses;
    responses.reserve(batch.size());
    for (const auto& p : batch) responses.push_back(p.response);
    std::vector<submission::StoreOutcome> outcomes;
    try {
        outcomes = repository_.storeAll(responses);
    } catch (...) {
        for (auto& p : batch) p.done.set_exception(std::current_exception());
        return;
    }
    for (std::size_t i = 0; i < batch.size(); ++i) {
        if (outcomes[i].stored) {
            batch[i].done.set_value(std::move(*outcomes[i].stored));
        } else {
            batch[i].done.set_exception(outcomes[i].error);
        }
    }
}

}  // namespace tnt::storage
