// The statistics — counters plus the responses not yet folded into them — agree with an aggregation of the
// answer rows themselves, through single stores, batches, a conflicting batch, folds in runs, and
// deletions of folded and of pending responses.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "service/storage/answer_count_folder.h"
#include "service/storage/count_folding_loop.h"
#include "service/storage/response_deletion.h"
#include "service/storage/statistics_repository.h"
#include "service/submission/submission_refused.h"
#include "tests/integration/storage/stored_forms.h"

using namespace tnt;
using tnt::testing::newResponse;
using tnt::testing::receiptOf;

namespace {

void expectSame(const storage::AggregatedAnswers& a, const storage::AggregatedAnswers& b)
{
    EXPECT_EQ(a.responses, b.responses);
    EXPECT_EQ(a.per_hour, b.per_hour);
    EXPECT_EQ(a.option_counts, b.option_counts);
    EXPECT_EQ(a.respondents, b.respondents);
    auto sorted = [](auto m) {
        for (auto& [k, v] : m) std::sort(v.begin(), v.end());
        return m;
    };
    EXPECT_EQ(sorted(a.value_counts), sorted(b.value_counts));
}

// The fixture forms in a migrated database, and the statistics over them.
struct StatisticsCounters : tnt::testing::StoredForms {
    std::unique_ptr<storage::StatisticsRepository> statistics;
    storage::ResponseFilter filter;  // the "avis" form, unfiltered

    void SetUp() override
    {
        StoredForms::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        statistics = std::make_unique<storage::StatisticsRepository>(database->pool());
        filter.form_id = records.at("avis").form_id;
    }
};

}  // namespace

TEST_F(StatisticsCounters, AgreeWithTheAnswerRowsThroughStoresBatchesAndDeletions)
{
    auto& db = *database;
    const auto& avis = form("avis");
    const auto& inscription = form("inscription-test");

    const auto t0 = std::chrono::system_clock::now() - std::chrono::hours(30);
    std::vector<std::string> ids;
    for (int i = 0; i < 20; ++i) {
        nlohmann::json answers{{"note", 1 + i % 5}};
        if (i % 3 == 0) answers["commentaire"] = "avis " + std::to_string(i);
        auto r = newResponse(avis, answers, t0 + std::chrono::minutes(97 * i));
        ids.push_back(r.public_id);
        repository->store(r);
    }
    std::vector<submission::NewResponse> batch;
    for (int i = 0; i < 9; ++i)
        batch.push_back(newResponse(avis, {{"note", 1 + (i * 2) % 5}}, t0 + std::chrono::hours(i)));
    std::vector<const submission::NewResponse*> pointers;
    for (const auto& r : batch) pointers.push_back(&r);
    for (const auto& outcome : repository->storeAll(pointers)) EXPECT_TRUE(outcome.stored && !outcome.error);

    // Nothing folded yet: the statistics come from the pending responses alone.
    EXPECT_EQ(db.count("count_pending"), 29);
    expectSame(statistics->aggregate(filter), statistics->scan(filter));
    EXPECT_EQ(statistics->aggregate(filter).responses, 29u);

    // Part folded (runs of 7: 28 folded, 1 pending), then the rest: the same figures at every step.
    storage::AnswerCountFolder folder(db.pool());
    for (int run = 0; run < 4; ++run) EXPECT_EQ(folder.foldOnce(7), 7u);
    EXPECT_EQ(db.count("count_pending"), 1);
    expectSame(statistics->aggregate(filter), statistics->scan(filter));
    EXPECT_EQ(folder.foldAll(), 1u);
    EXPECT_EQ(db.count("count_pending"), 0);
    expectSame(statistics->aggregate(filter), statistics->scan(filter));
    EXPECT_EQ(statistics->aggregate(filter).responses, 29u);

    // Deletions of folded responses (taken out of the counters) and of pending ones (never in them).
    std::vector<std::string> late;
    for (int i = 0; i < 4; ++i) {
        auto r = newResponse(avis, {{"note", 5}, {"commentaire", "tard"}}, t0 + std::chrono::hours(20));
        late.push_back(r.public_id);
        repository->store(r);
    }
    storage::ResponseDeletion deletion(db.pool());
    for (int i = 0; i < 5; ++i) {
        ASSERT_EQ(deletion.deleteByReceipt("avis", receiptOf(ids[static_cast<std::size_t>(i)])),
                  storage::ReceiptState::found);
    }
    ASSERT_EQ(deletion.deleteByReceipt("avis", receiptOf(late[0])), storage::ReceiptState::found);
    EXPECT_EQ(deletion.deleteByReceipt("avis", receiptOf(late[0])), storage::ReceiptState::deleted)
        << "already deleted";
    EXPECT_EQ(deletion.deleteByReceipt("avis", receiptOf("never stored")), storage::ReceiptState::unknown);
    EXPECT_EQ(db.count("count_pending"), 3);
    deletion.purgeOlderThan("avis", t0 + std::chrono::hours(3), false, "test");
    const auto counted = statistics->aggregate(filter);
    expectSame(counted, statistics->scan(filter));
    EXPECT_LT(counted.responses, 27u);
    EXPECT_EQ(folder.foldAll(), 3u);
    expectSame(statistics->aggregate(filter), statistics->scan(filter));
    EXPECT_EQ(statistics->aggregate(filter).responses, counted.responses);

    // A batch that overbooks PETIT (10 places): the ten first are stored, the eleventh alone is refused,
    // and the counters follow exactly.
    std::vector<submission::NewResponse> signups;
    for (int i = 0; i < 11; ++i) {
        signups.push_back(newResponse(
            inscription, {{"nom", "A"}, {"email", "a" + std::to_string(i) + "@x.fr"}, {"groupes", {"PETIT"}}}, t0));
    }
    std::vector<const submission::NewResponse*> signup_pointers;
    for (const auto& r : signups) signup_pointers.push_back(&r);
    const auto outcomes = repository->storeAll(signup_pointers);
    ASSERT_EQ(outcomes.size(), 11u);
    for (std::size_t i = 0; i < 10; ++i) EXPECT_TRUE(outcomes[i].stored) << i;
    ASSERT_TRUE(outcomes[10].error);
    try {
        std::rethrow_exception(outcomes[10].error);
    } catch (const submission::SubmissionRefused& refusal) {
        EXPECT_EQ(refusal.reason(), submission::RefusalReason::group_full);
    }
    EXPECT_EQ(db.scalar("SELECT registered FROM project_groups WHERE code = 'PETIT'"), "10");
    storage::ResponseFilter signup_filter;
    signup_filter.form_id = records.at("inscription-test").form_id;
    expectSame(statistics->aggregate(signup_filter), statistics->scan(signup_filter));
    EXPECT_EQ(statistics->aggregate(signup_filter).responses, 10u);
}

TEST_F(StatisticsCounters, StayExactWhileFoldsRunBesideSubmissionsAndDeletions)
{
    auto& db = *database;
    const auto& avis = form("avis");
    storage::ResponseDeletion deletion(db.pool());

    std::atomic<bool> writing{true};
    std::atomic<int> folds{0};
    std::thread folding([&] {
        storage::AnswerCountFolder folder(db.pool());
        while (writing) {
            folder.foldOnce(5);
            ++folds;
        }
    });
    std::vector<std::thread> writers;
    std::atomic<int> deleted{0};
    for (int w = 0; w < 3; ++w) {
        writers.emplace_back([&, w] {
            const auto t0 = std::chrono::system_clock::now() - std::chrono::hours(5);
            for (int b = 0; b < 15; ++b) {
                std::vector<submission::NewResponse> batch;
                for (int i = 0; i < 4; ++i) {
                    batch.push_back(
                        newResponse(avis, {{"note", 1 + (w + b + i) % 5}}, t0 + std::chrono::minutes(b * 13 + i)));
                }
                std::vector<const submission::NewResponse*> pointers;
                for (const auto& r : batch) pointers.push_back(&r);
                repository->storeAll(pointers);
                // Every third batch loses one response at once, pending or already folded.
                if (b % 3 == 0 &&
                    deletion.deleteByReceipt("avis", *batch[static_cast<std::size_t>(b % 4)].receipt_hash) ==
                        storage::ReceiptState::found) {
                    ++deleted;
                }
            }
        });
    }
    for (auto& t : writers) t.join();
    // Mid-way figures, folds still running.
    expectSame(statistics->aggregate(filter), statistics->scan(filter));
    writing = false;
    folding.join();
    EXPECT_GT(folds.load(), 0);
    storage::AnswerCountFolder(db.pool()).foldAll();
    const auto counted = statistics->aggregate(filter);
    expectSame(counted, statistics->scan(filter));
    EXPECT_EQ(counted.responses, 3u * 15u * 4u - static_cast<unsigned>(deleted.load()));
    EXPECT_EQ(deleted.load(), 15);
}

TEST_F(StatisticsCounters, TheServiceLoopFoldsWhatIsPending)
{
    auto& db = *database;
    for (int i = 0; i < 12; ++i)
        repository->store(newResponse(form("avis"), {{"note", 3}}, std::chrono::system_clock::now()));
    ASSERT_EQ(db.count("count_pending"), 12);

    storage::AnswerCountFolder folder(db.pool());
    std::atomic<int> failures{0};
    {
        storage::CountFoldingLoop::Options options;
        options.interval = std::chrono::milliseconds(20);
        options.run = 5;  // several runs: the backlog without waiting
        options.on_failure = [&failures](const std::string&) { ++failures; };
        storage::CountFoldingLoop loop(folder, options);
        for (int i = 0; i < 250 && db.count("count_pending") > 0; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    EXPECT_EQ(db.count("count_pending"), 0);
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(statistics->aggregate(filter).responses, 12u);
}
