// A fixed set of threads with a bounded queue for blocking work (the database, the disk). Pistache's
// reactor threads only enqueue; when the queue is full the caller answers 503 at once instead of
// letting latency grow without bound.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace tnt::http {

class WorkerPool {
public:
    using Task = std::function<void()>;
    struct Hooks {
        std::function<void()> on_thread_start;  // e.g. the database driver's per-thread init
        std::function<void()> on_thread_stop;
    };

    WorkerPool(std::size_t threads, std::size_t queue_capacity, Hooks hooks = {});
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    // False when the queue is full or the pool is shutting down: the task was not taken.
    bool trySubmit(Task task);
    // Runs what is queued, then joins the threads. Idempotent.
    void shutdown();

    std::size_t queued() const;
    std::size_t busy() const;
    std::size_t threads() const { return threads_.size(); }

private:
    void run();

    const std::size_t capacity_;
    Hooks hooks_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Task> queue_;
    std::size_t busy_ = 0;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace tnt::http
