// The statistics counters kept at each submission and deletion agree with an aggregation of the answer
// rows themselves, through single stores, batches, a conflicting batch and deletions.
#include <gtest/gtest.h>

#include "service/crypto/random_secret.h"
#include "service/domain/answer_validation.h"
#include "service/domain/form_loader.h"
#include "service/domain/unique_claims.h"
#include "service/storage/form_repository.h"
#include "service/storage/migration_runner.h"
#include "service/storage/response_deletion.h"
#include "service/storage/response_repository.h"
#include "service/storage/statistics_repository.h"
#include "tests/support/test_database.h"

using namespace tnt;

namespace {

submission::NewResponse response(const domain::Form& form, const nlohmann::json& answers,
                                 std::chrono::system_clock::time_point at)
{
    const auto result = domain::validateAnswers(form, answers);
    EXPECT_TRUE(result.ok()) << answers.dump();
    submission::NewResponse r;
    r.form_slug = form.slug;
    r.form_version = form.version;
    r.public_id = crypto::randomToken(22);
    r.submitted_at = at;
    r.answers = result.normalized.answers;
    r.rows = result.normalized.rows;
    r.groups = domain::selectedGroups(form, r.answers);
    return r;
}

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

}  // namespace

TEST(StatisticsCounters, AgreeWithTheAnswerRowsThroughStoresBatchesAndDeletions)
{
    tnt::testing::TestEnvironment env;
    TNT_REQUIRE_TEST_DATABASE(env);
    tnt::testing::TestDatabase db(env);
    storage::MigrationRunner(db.pool()).apply(storage::readMigrationFiles(std::string(TNT_SOURCE_DIR) + "/schema"));
    const auto forms = domain::loadFormsDirectory(std::string(TNT_SOURCE_DIR) + "/tests/e2e/data/forms");
    ASSERT_TRUE(forms.ok());
    const auto& avis = *forms.find("avis");
    const auto& inscription = *forms.find("inscription-test");
    auto records = storage::FormRepository(db.pool()).sync(forms.forms, &*forms.catalogue);
    storage::ResponseRepository repository(db.pool(), records);
    storage::StatisticsRepository statistics(db.pool());

    const auto t0 = std::chrono::system_clock::now() - std::chrono::hours(30);
    std::vector<std::string> ids;
    for (int i = 0; i < 20; ++i) {
        nlohmann::json answers{{"note", 1 + i % 5}};
        if (i % 3 == 0) answers["commentaire"] = "avis " + std::to_string(i);
        auto r = response(avis, answers, t0 + std::chrono::minutes(97 * i));
        ids.push_back(r.public_id);
        repository.store(r);
    }
    std::vector<submission::NewResponse> batch;
    for (int i = 0; i < 9; ++i) batch.push_back(response(avis, {{"note", 1 + (i * 2) % 5}}, t0 + std::chrono::hours(i)));
    std::vector<const submission::NewResponse*> pointers;
    for (const auto& r : batch) pointers.push_back(&r);
    repository.storeBatch(pointers);

    // A batch that overbooks PETIT (10 places) is refused whole: the counters must not move.
    std::vector<submission::NewResponse> signups;
    for (int i = 0; i < 11; ++i) {
        signups.push_back(response(inscription, {{"nom", "A"}, {"email", "a" + std::to_string(i) + "@x.fr"}, {"groupes", {"PETIT"}}},
                                   t0));
    }
    std::vector<const submission::NewResponse*> signup_pointers;
    for (const auto& r : signups) signup_pointers.push_back(&r);
    EXPECT_THROW(repository.storeBatch(signup_pointers), storage::BatchConflict);

    storage::ResponseFilter filter;
    filter.form_id = records.at("avis").form_id;
    expectSame(statistics.aggregate(filter), statistics.scan(filter));
    EXPECT_EQ(statistics.aggregate(filter).responses, 29u);

    storage::ResponseDeletion deletion(db.pool());
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(deletion.deleteByPublicId("avis", ids[static_cast<std::size_t>(i)]));
    deletion.purgeOlderThan("avis", t0 + std::chrono::hours(3), false);
    const auto counted = statistics.aggregate(filter);
    expectSame(counted, statistics.scan(filter));
    EXPECT_LT(counted.responses, 24u);

    storage::ResponseFilter signup_filter;
    signup_filter.form_id = records.at("inscription-test").form_id;
    expectSame(statistics.aggregate(signup_filter), statistics.scan(signup_filter));
    EXPECT_EQ(statistics.aggregate(signup_filter).responses, 0u);
}
