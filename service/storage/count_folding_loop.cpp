#include "service/storage/count_folding_loop.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <algorithm>
#include <exception>

namespace tnt::storage {
namespace {

void releaseFreeMemory()
{
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

}  // namespace

CountFoldingLoop::CountFoldingLoop(AnswerCountFolder& folder, Options options)
    : folder_(folder), options_(std::move(options)), thread_([this] { run(); })
{
}

CountFoldingLoop::~CountFoldingLoop()
{
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

bool CountFoldingLoop::pause(std::chrono::milliseconds delay)
{
    std::unique_lock lock(mutex_);
    return !wake_.wait_for(lock, delay, [this] { return stopping_; });
}

void CountFoldingLoop::run()
{
    if (options_.on_thread_start) options_.on_thread_start();
    bool failing = false;
    bool in_backlog = false;
    std::chrono::milliseconds delay(0);
    while (pause(delay)) {
        try {
            const auto folded = folder_.foldOnce(options_.run);
            if (failing && options_.on_recovery) options_.on_recovery();
            failing = false;
            const bool backlog = folded == options_.run;
            // A backlog (after an upgrade that lists every response again, or a long outage) is folded in
            // full runs whose rows and sums took tens of MiB; once it is done, that memory goes back to the
            // system instead of staying in this thread's heap.
            if (in_backlog && !backlog) releaseFreeMemory();
            in_backlog = backlog;
            delay = backlog ? std::chrono::milliseconds(0) : options_.interval;
        } catch (const std::exception& e) {
            if (!failing && options_.on_failure) options_.on_failure(e.what());
            failing = true;
            delay = std::max(options_.interval, std::chrono::milliseconds(1000));
        }
    }
    if (options_.on_thread_stop) options_.on_thread_stop();
}

}  // namespace tnt::storage
