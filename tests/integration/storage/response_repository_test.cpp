// The one write of responses, on the real database: a batch writes exactly the rows single writes do, and
// a batch with conflicts gives each response the answer it would get alone, in order.
#include <gtest/gtest.h>

#include <cppconn/resultset.h>
#include <cppconn/prepared_statement.h>

#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "service/storage/batching_response_store.h"
#include "service/storage/database_error.h"
#include "service/storage/transaction.h"
#include "service/submission/submission_refused.h"
#include "tests/integration/storage/stored_forms.h"

using namespace tnt;
using tnt::testing::newResponse;

namespace {

struct ResponseRepositoryTest : tnt::testing::StoredForms {
    // What a response left in every table — its ids, name and address left out — so that two people's
    // responses can be compared.
    std::string rowsOf(const std::string& public_id)
    {
        const std::string id = "(SELECT id FROM responses WHERE public_id = '" + public_id + "')";
        return database->scalar(
                   "SELECT CONCAT_WS('|', form_id, form_version_id, submitted_at, source, JSON_REMOVE(answers, "
                   "'$.nom', '$.email'), "
                   "answer_rows, receipt_hash IS NOT NULL) FROM responses WHERE public_id = '" +
                   public_id + "'") +
               " claims=" + database->scalar("SELECT COUNT(*) FROM unique_claims WHERE response_id = " + id) +
               " groups=" +
               database->scalar(
                   "SELECT GROUP_CONCAT(group_code ORDER BY group_code) FROM registrations "
                   "WHERE response_id = " +
                   id) +
               " pending=" + database->scalar("SELECT COUNT(*) FROM count_pending WHERE response_id = " + id);
    }

    nlohmann::json signup(const std::string& who, nlohmann::json groups)
    {
        return {{"nom", who}, {"email", who + "@commune.fr"}, {"groupes", std::move(groups)}};
    }

    submission::RefusalReason refusalOf(const submission::StoreOutcome& outcome)
    {
        EXPECT_FALSE(outcome.stored);
        try {
            std::rethrow_exception(outcome.error);
        } catch (const submission::SubmissionRefused& refusal) {
            return refusal.reason();
        }
    }
};

}  // namespace

TEST_F(ResponseRepositoryTest, ABatchWritesTheRowsThatSingleWritesDo)
{
    const auto& inscription = form("inscription-test");
    const auto at = std::chrono::system_clock::now() - std::chrono::hours(1);
    std::vector<submission::NewResponse> alone;
    std::vector<submission::NewResponse> together;
    for (int i = 0; i < 5; ++i) {
        const nlohmann::json groups = i % 2 == 0 ? nlohmann::json{"LIBRE"} : nlohmann::json{"LIBRE", "PETIT"};
        // Other people with the same choices: a name and an address are claimed once per group.
        alone.push_back(newResponse(inscription, signup("seul" + std::to_string(i), groups), at));
        together.push_back(newResponse(inscription, signup("lot" + std::to_string(i), groups), at));
    }
    for (const auto& r : alone) EXPECT_FALSE(repository->store(r).replayed);
    std::vector<const submission::NewResponse*> batch;
    for (const auto& r : together) batch.push_back(&r);
    const auto outcomes = repository->storeAll(batch);
    ASSERT_EQ(outcomes.size(), 5u);
    for (std::size_t i = 0; i < 5; ++i) {
        ASSERT_TRUE(outcomes[i].stored) << i;
        EXPECT_EQ(outcomes[i].stored->public_id, together[i].public_id);
        EXPECT_EQ(rowsOf(together[i].public_id), rowsOf(alone[i].public_id)) << i;
        EXPECT_NE(rowsOf(alone[i].public_id)
                      .find(i % 2 == 0 ? "claims=1 groups=LIBRE pending=1" : "claims=2 groups=LIBRE,PETIT pending=1"),
                  std::string::npos)
            << rowsOf(alone[i].public_id);
    }
    EXPECT_EQ(database->scalar("SELECT registered FROM project_groups WHERE code = 'PETIT'"), "4");
    EXPECT_EQ(database->scalar("SELECT registered FROM project_groups WHERE code = 'LIBRE'"), "10");
}

TEST_F(ResponseRepositoryTest, ABatchWithConflictsGivesEachResponseItsOwnAnswerInOrder)
{
    const auto& inscription = form("inscription-test");
    const auto at = std::chrono::system_clock::now();
    // Already stored: Anne in PETIT, and a response under an idempotency key.
    ASSERT_FALSE(repository->store(newResponse(inscription, signup("anne", {"PETIT"}), at)).replayed);
    auto keyed = newResponse(inscription, signup("bruno", {"LIBRE"}), at);
    keyed.idempotency_key = "cle-1";
    const auto first = repository->store(keyed);
    for (int i = 0; i < 7; ++i)
        repository->store(newResponse(inscription, signup("p" + std::to_string(i), {"PETIT"}), at));
    // PETIT has 2 places left; the batch asks for 3 of them among other things.
    std::vector<submission::NewResponse> rs;
    rs.push_back(newResponse(inscription, signup("c1", {"PETIT"}), at));  // 0: stored (9th place)
    rs.push_back(newResponse(inscription, signup("anne", {"PETIT"}), at));  // 1: already registered
    auto again = newResponse(inscription, signup("bruno", {"LIBRE"}), at);
    again.idempotency_key = "cle-1";
    rs.push_back(again);  // 2: the earlier response
    rs.push_back(newResponse(inscription, signup("c2", {"PETIT"}), at));  // 3: stored (10th place)
    rs.push_back(newResponse(inscription, signup("c3", {"PETIT"}), at));  // 4: group full
    rs.push_back(newResponse(inscription, signup("c4", {"LIBRE"}), at));  // 5: stored
    std::vector<const submission::NewResponse*> batch;
    for (const auto& r : rs) batch.push_back(&r);
    const auto outcomes = repository->storeAll(batch);
    ASSERT_EQ(outcomes.size(), rs.size());
    for (std::size_t i : {0u, 3u, 5u}) {
        ASSERT_TRUE(outcomes[i].stored) << i;
        EXPECT_FALSE(outcomes[i].stored->replayed) << i;
        EXPECT_EQ(outcomes[i].stored->public_id, rs[i].public_id);
    }
    EXPECT_EQ(refusalOf(outcomes[1]), submission::RefusalReason::already_registered);
    ASSERT_TRUE(outcomes[2].stored);
    EXPECT_TRUE(outcomes[2].stored->replayed);
    EXPECT_EQ(outcomes[2].stored->public_id, first.public_id);
    EXPECT_EQ(refusalOf(outcomes[4]), submission::RefusalReason::group_full);
    EXPECT_EQ(database->scalar("SELECT registered FROM project_groups WHERE code = 'PETIT'"), "10");
    EXPECT_EQ(database->count("responses"), 2 + 7 + 3);
    EXPECT_EQ(database->count("registrations WHERE group_code = 'PETIT'"), 10);
}

TEST_F(ResponseRepositoryTest, AResponsesMailIsQueuedExactlyWhenTheResponseIsStored)
{
    const auto& inscription = form("inscription-test");
    const auto at = std::chrono::system_clock::now();
    ASSERT_FALSE(repository->store(newResponse(inscription, signup("anne", {"LIBRE"}), at)).replayed);
    const auto withMail = [&](const std::string& who, nlohmann::json groups) {
        auto r = newResponse(inscription, signup(who, std::move(groups)), at);
        r.mail = [who](const submission::NewResponse&, const std::vector<domain::Placement>&) {
            return std::vector<submission::OutgoingMail>{
                {"id-" + who + "@tnt.test", "inscription", who + "@commune.fr", "MIME de " + who}};
        };
        return r;
    };
    // A batch whose second response is refused (Anne again): halved until the conflict is alone.
    std::vector<submission::NewResponse> rs{withMail("b1", {"LIBRE"}), withMail("anne", {"LIBRE"}),
                                            withMail("b2", {"LIBRE"}), withMail("b3", {"LIBRE"})};
    std::vector<const submission::NewResponse*> batch;
    for (const auto& r : rs) batch.push_back(&r);
    const auto outcomes = repository->storeAll(batch);
    EXPECT_EQ(refusalOf(outcomes[1]), submission::RefusalReason::already_registered);
    EXPECT_EQ(database->count("outbox"), 3);
    EXPECT_EQ(database->count("outbox WHERE message_id = 'id-anne@tnt.test'"), 0) << "no mail for a refused response";
    for (const auto* who : {"b1", "b2", "b3"}) {
        EXPECT_EQ(database->scalar(std::string("SELECT CONCAT_WS('|', o.kind, o.recipient, o.payload, o.state, "
                                               "o.attempts, r.public_id IS NOT NULL) FROM outbox o JOIN responses r "
                                               "ON r.id = o.response_id WHERE o.message_id = 'id-") +
                                   who + "@tnt.test'"),
                  std::string("inscription|") + who + "@commune.fr|MIME de " + who + "|pending|0|1");
    }
    // Deleting a response deletes its unsent mail with it.
    database->execute("DELETE FROM responses WHERE public_id = '" + rs[0].public_id + "'");
    EXPECT_EQ(database->count("outbox"), 2);
}

TEST_F(ResponseRepositoryTest, TheWritersQueueIsBoundedAndAnswersUnavailableAtOnceWhenFull)
{
    auto& pool = database->pool();
    storage::BatchingResponseStore store(*repository, {.writers = 1,
                                                       .max_batch = 1,
                                                       .max_queued = 1,
                                                       .on_thread_start = [&pool] { pool.threadInit(); },
                                                       .on_thread_stop = [&pool] { pool.threadEnd(); }});
    const auto& inscription = form("inscription-test");
    const auto at = std::chrono::system_clock::now();
    // Another transaction holds the group's row: the writer waits on it with the first sign-up.
    auto holder = pool.acquire();
    auto hold = std::make_unique<storage::Transaction>(holder);
    std::unique_ptr<sql::ResultSet>(
        holder.prepare("SELECT registered FROM project_groups WHERE code = 'LIBRE' FOR UPDATE").executeQuery());
    std::promise<submission::StoreOutcome> first, second, third;
    const auto into = [](std::promise<submission::StoreOutcome>& p) {
        return [&p](submission::StoreOutcome o) { p.set_value(std::move(o)); };
    };
    store.storeThen(
        std::make_shared<submission::NewResponse>(newResponse(inscription, signup("premier", {"LIBRE"}), at)),
        into(first));
    while (store.queued() > 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));  // the writer has it
    store.storeThen(
        std::make_shared<submission::NewResponse>(newResponse(inscription, signup("second", {"LIBRE"}), at)),
        into(second));
    store.storeThen(std::make_shared<submission::NewResponse>(newResponse(inscription, signup("trois", {"LIBRE"}), at)),
                    into(third));
    auto third_outcome = third.get_future();
    ASSERT_EQ(third_outcome.wait_for(std::chrono::seconds(0)), std::future_status::ready) << "refused at once";
    const auto refused = third_outcome.get();
    EXPECT_FALSE(refused.stored);
    EXPECT_THROW(std::rethrow_exception(refused.error), storage::DatabaseUnavailable);
    auto second_outcome = second.get_future();
    EXPECT_EQ(second_outcome.wait_for(std::chrono::milliseconds(50)), std::future_status::timeout) << "still waiting";
    hold.reset();  // rolled back: the group's row is free
    EXPECT_TRUE(first.get_future().get().stored);
    EXPECT_TRUE(second_outcome.get().stored);
    EXPECT_EQ(database->scalar("SELECT COUNT(*) FROM responses"), "2") << "the refused one was never written";
}
