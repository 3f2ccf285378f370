#include <gtest/gtest.h>

#include <atomic>
#include <future>

#include "service/http/worker_pool.h"

using tnt::http::WorkerPool;

TEST(WorkerPool, RunsSubmittedTasks)
{
    std::atomic<int> done{0};
    {
        WorkerPool pool(2, 100);
        for (int i = 0; i < 50; ++i) ASSERT_TRUE(pool.trySubmit([&] { ++done; }));
        pool.shutdown();
    }
    EXPECT_EQ(done.load(), 50);
}

TEST(WorkerPool, RefusesWorkWhenTheQueueIsFull)
{
    std::promise<void> release;
    auto released = release.get_future().share();
    WorkerPool pool(1, 2);
    std::promise<void> started;
    ASSERT_TRUE(pool.trySubmit([&] {
        started.set_value();
        released.wait();
    }));
    started.get_future().wait();  // the only thread is busy now
    EXPECT_TRUE(pool.trySubmit([] {}));
    EXPECT_TRUE(pool.trySubmit([] {}));
    EXPECT_FALSE(pool.trySubmit([] {})) << "a third queued task exceeds the capacity of 2";
    EXPECT_EQ(pool.queued(), 2u);
    release.set_value();
    pool.shutdown();
    EXPECT_EQ(pool.queued(), 0u);
}

TEST(WorkerPool, ShutdownDrainsTheQueueAndRefusesNewWork)
{
    std::atomic<int> done{0};
    WorkerPool pool(1, 100);
    for (int i = 0; i < 20; ++i) pool.trySubmit([&] { ++done; });
    pool.shutdown();
    EXPECT_EQ(done.load(), 20);
    EXPECT_FALSE(pool.trySubmit([] {}));
}

TEST(WorkerPool, AThrowingTaskDoesNotKillItsThread)
{
    std::atomic<int> done{0};
    WorkerPool pool(1, 10);
    pool.trySubmit([] { throw std::runtime_error("boom"); });
    pool.trySubmit([&] { ++done; });
    pool.shutdown();
    EXPECT_EQ(done.load(), 1);
}

TEST(WorkerPool, HooksRunOncePerThread)
{
    std::atomic<int> starts{0};
    std::atomic<int> stops{0};
    {
        WorkerPool pool(3, 10, {.on_thread_start = [&] { ++starts; }, .on_thread_stop = [&] { ++stops; }});
    }
    EXPECT_EQ(starts.load(), 3);
    EXPECT_EQ(stops.load(), 3);
}
