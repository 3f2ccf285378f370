// The exports' read of the responses, on the real database: chunk after chunk in id order, each response
// once, the next chunk read on a thread of its own while the caller handles this one, and no connection
// held by a caller that takes its time (a slow client) or stops (a client that left).
#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "service/storage/export_repository.h"
#include "tests/integration/storage/stored_forms.h"

using namespace tnt;
using tnt::testing::newResponse;

namespace {

struct ExportRepositoryTest : tnt::testing::StoredForms {
    std::vector<std::string> stored;  // public ids, in the order stored

    void storeNotes(int n)
    {
        const auto at = std::chrono::system_clock::now() - std::chrono::hours(1);
        for (int i = 0; i < n; ++i) {
            stored.push_back(repository->store(newResponse(form("avis"), {{"note", 1 + i % 5}}, at)).public_id);
        }
    }

    storage::ResponseFilter avis() const
    {
        return {.form_id = records.at("avis").form_id, .from = {}, .to = {}, .groups = {}};
    }

    // Until no connection is leased, or 10 s: true when none is.
    bool poolIdle()
    {
        for (int i = 0; i < 1000 && database->pool().inUse() > 0; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return database->pool().inUse() == 0;
    }
};

}  // namespace

TEST_F(ExportRepositoryTest, EveryResponseComesOnceInIdOrderOnTheCallersThreadWithNoConnectionHeldMeanwhile)
{
    storeNotes(20);
    storage::ExportRepository exports(database->pool());
    // 20 rows in chunks of 5 (the last chunk full: one more read finds nothing) and of 7 (7, 7, 6).
    for (const std::size_t chunk : {std::size_t{5}, std::size_t{7}}) {
        std::vector<std::string> seen;
        int idle_at_chunk_start = 0;
        const auto caller = std::this_thread::get_id();
        const auto total = exports.forEachResponse(avis(), chunk, [&](const storage::ExportedResponse& r) {
            EXPECT_EQ(std::this_thread::get_id(), caller) << "rows are handed on on the caller's thread";
            // A caller that takes its time holds no connection: the next chunk's read, in flight, gives its
            // own back once done.
            if (seen.size() % chunk == 0 && poolIdle()) ++idle_at_chunk_start;
            seen.push_back(r.public_id);
        });
        EXPECT_EQ(total, 20U) << chunk;
        EXPECT_EQ(seen, stored) << chunk;
        EXPECT_EQ(idle_at_chunk_start, static_cast<int>((20 + chunk - 1) / chunk)) << chunk;
    }
}

TEST_F(ExportRepositoryTest, ACallerThatStopsGetsItsErrorAndEveryConnectionIsGivenBack)
{
    storeNotes(12);
    storage::ExportRepository exports(database->pool());
    std::size_t seen = 0;
    EXPECT_THROW(exports.forEachResponse(avis(), 5,
                                         [&](const storage::ExportedResponse&) {
                                             if (++seen == 7) throw std::runtime_error("le client est parti");
                                         }),
                 std::runtime_error);
    EXPECT_EQ(seen, 7U);
    EXPECT_EQ(database->pool().inUse(), 0U) << "the read in flight was waited for, its connection given back";
    // The pool still serves a whole read afterwards.
    EXPECT_EQ(exports.forEachResponse(avis(), 5, [](const storage::ExportedResponse&) {}), 12U);
}

TEST_F(ExportRepositoryTest, TheSampleIsTheFirstResponsesInIdOrder)
{
    storeNotes(9);
    storage::ExportRepository exports(database->pool());
    const auto sample = exports.firstResponses(avis(), 4);
    ASSERT_EQ(sample.size(), 4U);
    for (std::size_t i = 0; i < sample.size(); ++i) {
        EXPECT_EQ(sample[i].public_id, stored[i]);
        EXPECT_NE(sample[i].answers.find("\"note\""), std::string::npos) << sample[i].answers;
    }
    EXPECT_EQ(exports.firstResponses(avis(), 40).size(), 9U);
}
