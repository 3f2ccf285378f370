// The service's background thread that keeps the statistics counters caught up: it folds pending
// responses (AnswerCountFolder) every `interval`, at once again while a backlog remains, and waits a
// little longer after a failure (the database down), reporting it once per failure streak.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "service/storage/answer_count_folder.h"

namespace tnt::storage {

class CountFoldingLoop {
public:
    struct Options {
        std::chrono::milliseconds interval{200};
        std::size_t run = 5000;  // responses per transaction at most (larger runs: no faster, more memory)
        std::function<void()> on_thread_start;  // the database driver's per-thread init
        std::function<void()> on_thread_stop;
        std::function<void(const std::string&)> on_failure;  // the first failure of a streak
        std::function<void()> on_recovery;  // the first success after failures
    };

    CountFoldingLoop(AnswerCountFolder& folder, Options options);
    // Stops after the fold under way; what is still pending is folded by the next start.
    ~CountFoldingLoop();
    CountFoldingLoop(const CountFoldingLoop&) = delete;
    CountFoldingLoop& operator=(const CountFoldingLoop&) = delete;

private:
    void run();
    // Waits `delay` or until stopped; false when stopped.
    bool pause(std::chrono::milliseconds delay);

    AnswerCountFolder& folder_;
    Options options_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace tnt::storage
