#include "service/storage/batching_response_store.h"

#include <future>
#include <string>

#include "service/storage/database_error.h"

namespace tnt::storage {
namespace {

// A completion never stops a writer: what it throws is its own caller's to handle.
void complete(submission::StoreCompletion& done, submission::StoreOutcome outcome)
{
    try {
        done(std::move(outcome));
    } catch (...) {
    }
}

}  // namespace

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

BatchingResponseStore::Queued BatchingResponseStore::enqueue(Pending& pending, bool bounded)
{
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return Queued::stopping;
        if (bounded && queue_.size() >= options_.max_queued) return Queued::full;
        queue_.push_back(std::move(pending));
    }
    wake_.notify_one();
    return Queued::yes;
}

std::size_t BatchingResponseStore::queued() const
{
    std::lock_guard lock(mutex_);
    return queue_.size();
}

std::size_t BatchingResponseStore::inFlight() const
{
    std::lock_guard lock(mutex_);
    return queue_.size() + writing_;
}

submission::StoredResponse BatchingResponseStore::store(const submission::NewResponse& response)
{
    // Shared with the writer, which may still be inside set_value when this thread wakes and returns.
    auto result = std::make_shared<std::promise<submission::StoredResponse>>();
    auto future = result->get_future();
    // Not owned: this thread waits below until the writer is done with it.
    std::shared_ptr<const submission::NewResponse> borrowed(std::shared_ptr<void>(), &response);
    Pending pending{borrowed, std::nullopt, [result](submission::StoreOutcome outcome) {
                        if (outcome.stored) {
                            result->set_value(std::move(*outcome.stored));
                        } else {
                            result->set_exception(outcome.error);
                        }
                    }};
    if (enqueue(pending, false) == Queued::stopping) return repository_.store(response);
    return future.get();  // rethrows what storing this response threw
}

bool BatchingResponseStore::handOver(Pending& pending)
{
    switch (enqueue(pending, true)) {
    case Queued::yes:
        return true;
    case Queued::full:
        complete(pending.done,
                 {std::nullopt,
                  std::make_exception_ptr(DatabaseUnavailable("the submission writers' queue is full (" +
                                                              std::to_string(options_.max_queued) + " waiting)"))});
        return true;
    case Queued::stopping:
        break;
    }
    return false;
}

void BatchingResponseStore::storeThen(std::shared_ptr<const submission::NewResponse> response,
                                      submission::StoreCompletion done)
{
    Pending pending{response, std::nullopt, std::move(done)};
    if (!handOver(pending)) repository_.ResponseStore::storeThen(std::move(response), std::move(pending.done));
}

std::optional<submission::StoredResponse> BatchingResponseStore::findByIdempotencyKey(const std::string& form_slug,
                                                                                      const std::string& key)
{
    return repository_.findByIdempotencyKey(form_slug, key);
}

void BatchingResponseStore::findByIdempotencyKeyThen(const std::string& form_slug, const std::string& key,
                                                     submission::StoreCompletion done)
{
    Pending pending{nullptr, std::make_pair(form_slug, key), std::move(done)};
    if (!handOver(pending))
        repository_.ResponseStore::findByIdempotencyKeyThen(form_slug, key, std::move(pending.done));
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
            writing_ += batch.size();
        }
        write(batch);
        {
            std::lock_guard lock(mutex_);
            writing_ -= batch.size();
        }
        batch.clear();
    }
    if (options_.on_thread_stop) options_.on_thread_stop();
}

void BatchingResponseStore::write(std::vector<Pending>& batch)
{
    std::vector<Pending*> stores;
    for (auto& p : batch) {
        if (!p.lookup) {
            stores.push_back(&p);
            continue;
        }
        submission::StoreOutcome found;
        try {
            found.stored = repository_.findByIdempotencyKey(p.lookup->first, p.lookup->second);
        } catch (...) {
            found.error = std::current_exception();
        }
        complete(p.done, std::move(found));
    }
    if (stores.empty()) return;
    std::vector<const submission::NewResponse*> responses;
    responses.reserve(stores.size());
    for (const auto* p : stores) responses.push_back(p->response.get());
    batches_.fetch_add(1, std::memory_order_relaxed);
    batched_.fetch_add(responses.size(), std::memory_order_relaxed);
    std::vector<submission::StoreOutcome> outcomes;
    try {
        outcomes = repository_.storeAll(responses);
    } catch (...) {
        for (auto* p : stores) complete(p->done, {std::nullopt, std::current_exception()});
        return;
    }
    for (std::size_t i = 0; i < stores.size(); ++i) complete(stores[i]->done, std::move(outcomes[i]));
}

}  // namespace tnt::storage
