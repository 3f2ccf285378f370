#include "service/http/worker_pool.h"

#include <spdlog/spdlog.h>

namespace tnt::http {

WorkerPool::WorkerPool(std::size_t threads, std::size_t queue_capacity, Hooks hooks)
    : capacity_(queue_capacity), hooks_(std::move(hooks))
{
    threads_.reserve(threads);
    for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { run(); });
}

WorkerPool::~WorkerPool()
{
    shutdown();
}

bool WorkerPool::trySubmit(Task task)
{
    {
        std::lock_guard lock(mutex_);
        if (stopping_ || queue_.size() >= capacity_) return false;
        queue_.push_back(std::move(task));
    }
    wake_.notify_one();
    return true;
}

void WorkerPool::shutdown()
{
    {
        std::lock_guard lock(mutex_);
        if (stopping_ && threads_.empty()) return;
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& t : threads_) {
        if (t.joinable()) t.join();
    }
    threads_.clear();
}

std::size_t WorkerPool::queued() const
{
    std::lock_guard lock(mutex_);
    return queue_.size();
}

std::size_t WorkerPool::busy() const
{
    std::lock_guard lock(mutex_);
    return busy_;
}

void WorkerPool::run()
{
    if (hooks_.on_thread_start) hooks_.on_thread_start();
    while (true) {
        Task task;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) break;  // stopping and drained
            task = std::move(queue_.front());
            queue_.pop_front();
            ++busy_;
        }
        try {
            task();
        } catch (const std::exception& e) {
            // Tasks answer their own errors; reaching here is a bug, but it must not kill the thread.
            spdlog::error("worker task escaped with an exception: {}", e.what());
        } catch (...) {
            spdlog::error("worker task escaped with an unknown exception");
        }
        std::lock_guard lock(mutex_);
        --busy_;
    }
    if (hooks_.on_thread_stop) hooks_.on_thread_stop();
}

}  // namespace tnt::http
