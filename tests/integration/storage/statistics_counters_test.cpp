// The statistics — counters plus the responses not yet folded into them — agree with an aggregation of the
// answer rows themselves, through single stores, batches, a conflicting batch, folds in runs, and
// deletions of folded and of pending responses.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <thread>

#include "exports/paris_time.h"
#include "service/domain/paris_time.h"
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
    EXPECT_EQ(a.per_day, b.per_day);
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

namespace {

// A filter's end drawn at random: none, a Paris midnight (a whole day's boundary) or any instant.
std::optional<domain::TimePoint> randomBound(std::mt19937& random, std::chrono::sys_seconds first_day_start, int days)
{
    using namespace std::chrono;
    switch (random() % 3) {
    case 0:
        return std::nullopt;
    case 1: {
        exports::ParisTimeFormatter paris;
        const auto day = paris.day(first_day_start) + std::chrono::days(static_cast<int>(random() % (days + 2)) - 1);
        return exports::parisDayStart(day);
    }
    default:
        return first_day_start + seconds(static_cast<long long>(random() % (static_cast<unsigned>(days) * 86400u)));
    }
}

}  // namespace

// The property behind filtered statistics: for any filter (no bound, a Paris midnight or any instant at
// either end, any set of groups), the day counters plus the pending responses plus the partial days equal
// a scan of the matching responses — with responses on both sides of a change of clocks (2025-10-26, a
// 25-hour day), with one group or several, folded, pending and deleted.
TEST_F(StatisticsCounters, FilteredFiguresEqualTheScanForRandomFilters)
{
    auto& db = *database;
    const auto seed = static_cast<unsigned>(std::random_device{}());
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 random(seed);
    using namespace std::chrono;
    const sys_seconds start = exports::parisDayStart(local_days(2025y / October / 22));
    constexpr int kDays = 8;
    const std::vector<std::string> codes = {"LIBRE", "ATTENTE", "PETIT"};

    std::vector<std::string> receipts;
    for (int batch = 0; batch < 6; ++batch) {
        std::vector<submission::NewResponse> responses;
        for (int i = 0; i < 25; ++i) {
            const auto at = start + seconds(static_cast<long long>(random() % (kDays * 86400u)));
            if (i % 3 == 0) {
                responses.push_back(newResponse(form("avis"), {{"note", 1 + random() % 5}}, at));
                continue;
            }
            nlohmann::json groups = nlohmann::json::array();
            for (const auto& code : codes) {
                if (random() % 2 == 0) groups.push_back(code);
            }
            if (groups.empty()) groups.push_back(codes[random() % codes.size()]);
            const auto n = std::to_string(batch * 100 + i);
            responses.push_back(newResponse(form("inscription-test"),
                                            {{"nom", "N" + n}, {"email", "p" + n + "@x.fr"}, {"groupes", groups}}, at));
        }
        std::vector<const submission::NewResponse*> pointers;
        for (const auto& r : responses) pointers.push_back(&r);
        const auto outcomes = repository->storeAll(pointers);
        for (std::size_t i = 0; i < outcomes.size(); ++i) {
            if (outcomes[i].stored) receipts.push_back(*responses[i].receipt_hash);  // PETIT refuses when full
        }
        storage::AnswerCountFolder(db.pool()).foldOnce(5 + random() % 15);  // fewer than a batch: some stay pending
    }
    storage::ResponseDeletion deletion(db.pool());
    for (int i = 0; i < 12; ++i) {
        const auto& receipt = receipts[random() % receipts.size()];
        deletion.deleteByReceipt(random() % 2 ? "avis" : "inscription-test", receipt);
    }
    ASSERT_GT(db.count("count_pending"), 0) << "some responses must still be pending";
    EXPECT_EQ(tnt::testing::registrationCountsDrift(db), "0") << "the sign-ups' counters after deletions";

    const auto check = [&](int filters) {
        for (int k = 0; k < filters; ++k) {
            storage::ResponseFilter drawn;
            drawn.form_id = records.at(random() % 4 == 0 ? "avis" : "inscription-test").form_id;
            drawn.from = randomBound(random, start, kDays);
            drawn.to = randomBound(random, start, kDays);
            if (random() % 3 != 0) {
                for (const auto& code : codes) {
                    if (random() % 2 == 0) drawn.groups.push_back(code);
                }
            }
            if (!drawn.from && !drawn.to && drawn.groups.empty()) drawn.groups.push_back("LIBRE");
            SCOPED_TRACE("filter " + std::to_string(k) + ": from " +
                         (drawn.from ? domain::formatIsoUtc(*drawn.from) : "-") + " to " +
                         (drawn.to ? domain::formatIsoUtc(*drawn.to) : "-") + " groups " +
                         std::to_string(drawn.groups.size()));
            expectSame(statistics->aggregate(drawn), statistics->scan(drawn));
        }
    };
    check(60);
    storage::AnswerCountFolder(db.pool()).foldAll();
    ASSERT_EQ(db.count("count_pending"), 0);
    check(60);

    // Not vacuous: a group's filtered figures are neither empty nor the whole form's.
    storage::ResponseFilter libre;
    libre.form_id = records.at("inscription-test").form_id;
    libre.groups = {"LIBRE"};
    storage::ResponseFilter whole;
    whole.form_id = libre.form_id;
    const auto libre_count = statistics->aggregate(libre).responses;
    EXPECT_GT(libre_count, 0u);
    EXPECT_LT(libre_count, statistics->aggregate(whole).responses);
    EXPECT_GT(db.count("day_answer_counts"), 0);
    EXPECT_GT(db.count("group_sets"), 1);
}

// schema/0015 empties every counter and lists every response as pending again: once folded, the all-time
// and the day counters hold each response once, even over counters that were wrong before it ran.
TEST_F(StatisticsCounters, TheFilteredCountersMigrationRecountsEveryResponse)
{
    auto& db = *database;
    const auto t0 = std::chrono::system_clock::now() - std::chrono::hours(50);
    for (int i = 0; i < 15; ++i) {
        repository->store(
            newResponse(form("inscription-test"),
                        {{"nom", "N"},
                         {"email", "m" + std::to_string(i) + "@x.fr"},
                         {"groupes", i % 2 ? nlohmann::json{"LIBRE"} : nlohmann::json{"LIBRE", "ATTENTE"}}},
                        t0 + std::chrono::hours(3 * i)));
    }
    storage::AnswerCountFolder(db.pool()).foldAll();
    db.execute("UPDATE answer_counts SET n = n + 7");  // counters a bug left wrong
    db.execute("DELETE FROM day_answer_counts");  // and the day counters, which did not exist yet
    db.execute("DELETE FROM schema_migrations WHERE version = 15");
    storage::MigrationRunner(db.pool()).apply(storage::readMigrationFiles(std::string(TNT_SOURCE_DIR) + "/schema"));
    EXPECT_EQ(db.count("count_pending"), 15);
    EXPECT_EQ(db.count("answer_counts"), 0);
    storage::AnswerCountFolder(db.pool()).foldAll();

    storage::ResponseFilter whole;
    whole.form_id = records.at("inscription-test").form_id;
    expectSame(statistics->aggregate(whole), statistics->scan(whole));
    auto attente = whole;
    attente.groups = {"ATTENTE"};
    attente.from = t0 + std::chrono::hours(10);
    const auto counted = statistics->aggregate(attente);
    expectSame(counted, statistics->scan(attente));
    EXPECT_GT(counted.responses, 0u);
    EXPECT_LT(counted.responses, 8u);
}
