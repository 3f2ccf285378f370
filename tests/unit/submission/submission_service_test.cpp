// The submission use case on an in-memory store and a clock the test sets: the window, a group's
// registration deadline, and a retry with the same idempotency key after the form has closed.
#include <gtest/gtest.h>

#include <string>

#include "service/domain/form_loader.h"
#include "service/submission/submission_service.h"
#include "tests/support/memory_response_store.h"

namespace tnt::submission {
namespace {

class SetClock final : public Clock {
public:
    domain::TimePoint now() const override { return at; }
    domain::TimePoint at;
};

domain::TimePoint utc(int year, unsigned month, unsigned day, int hour = 12)
{
    using namespace std::chrono;
    return sys_days{std::chrono::year{year} / month / day} + hours(hour);
}

class SubmissionServiceTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        forms = domain::loadFormsDirectory(std::string(TNT_SOURCE_DIR) + "/tests/e2e/data/forms");
        ASSERT_TRUE(forms.ok());
        clock.at = utc(2026, 12, 1);
    }
    const domain::Form& form(const std::string& slug) const { return *forms.find(slug); }
    SubmissionService service() { return SubmissionService(store, clock, &*forms.catalogue); }

    RefusalReason refusal(const std::string& slug, const nlohmann::json& answers,
                          const std::optional<std::string>& key = std::nullopt)
    {
        try {
            service().submit(form(slug), answers, key);
        } catch (const SubmissionRefused& refused) {
            return refused.reason();
        }
        ADD_FAILURE() << "stored: " << answers.dump();
        return RefusalReason::invalid;
    }

    domain::FormSet forms;
    testing::MemoryResponseStore store;
    SetClock clock;
    const nlohmann::json anne{{"nom", "Anne"}, {"email", "anne@commune.fr"}, {"groupes", {"LIBRE"}}};
};

}  // namespace

TEST_F(SubmissionServiceTest, TheWindowIsReadOnTheServersClock)
{
    // inscription-test is open from 2020-01-01 to 2099-12-31, Paris time.
    clock.at = utc(2019, 12, 31);
    EXPECT_EQ(refusal("inscription-test", anne), RefusalReason::not_open);
    clock.at = utc(2100, 1, 1);
    EXPECT_EQ(refusal("inscription-test", anne), RefusalReason::closed);
    EXPECT_TRUE(store.responses.empty());
    clock.at = utc(2026, 12, 1);
    const auto stored = service().submit(form("inscription-test"), anne, std::nullopt);
    EXPECT_FALSE(stored.replayed);
    ASSERT_EQ(store.responses.size(), 1u);
    EXPECT_EQ(store.responses[0].submitted_at, clock.at) << "stored at the server's time";
    EXPECT_EQ(store.responses[0].groups, std::vector<std::string>{"LIBRE"});
}

TEST_F(SubmissionServiceTest, AGroupsRegistrationDeadlineRefusesThatGroupOnly)
{
    // FINI closes its registrations on 2021-12-08 (groups.yaml).
    const nlohmann::json late{{"nom", "Bruno"}, {"email", "bruno@commune.fr"}, {"groupes", {"FINI", "LIBRE"}}};
    clock.at = utc(2021, 12, 9);
    try {
        service().submit(form("inscription-test"), late, std::nullopt);
        FAIL() << "a closed group was joined";
    } catch (const SubmissionRefused& refused) {
        EXPECT_EQ(refused.reason(), RefusalReason::invalid);
        ASSERT_TRUE(refused.fields.contains("groupes"));
        EXPECT_NE(refused.fields.at("groupes").find("closes depuis"), std::string::npos)
            << refused.fields.at("groupes");
    }
    EXPECT_TRUE(store.responses.empty());
    clock.at = utc(2021, 12, 7);
    EXPECT_FALSE(service().submit(form("inscription-test"), late, std::nullopt).replayed);
}

TEST_F(SubmissionServiceTest, ARetryWithItsKeyIsAnsweredAfterTheCloseButOnlyForTheSameAnswers)
{
    const auto first = service().submit(form("inscription-test"), anne, std::string("cle-1"));
    clock.at = utc(2100, 1, 1);  // closed since
    const auto retry = service().submit(form("inscription-test"), anne, std::string("cle-1"));
    EXPECT_TRUE(retry.replayed);
    EXPECT_EQ(retry.public_id, first.public_id);
    EXPECT_EQ(store.responses.size(), 1u);
    auto other = anne;
    other["nom"] = "Anne-Marie";
    EXPECT_EQ(refusal("inscription-test", other, std::string("cle-1")), RefusalReason::idempotency_key_reused);
    EXPECT_EQ(refusal("inscription-test", anne, std::string("cle-2")), RefusalReason::closed)
        << "a new key is a new answer";
}

TEST_F(SubmissionServiceTest, AKeyIsLookedUpOnlyWhenTheAnswersWouldBeRefused)
{
    // A new key, and a retry while the form is open: the store's unique key answers, no look-up first.
    const auto first = service().submit(form("inscription-test"), anne, std::string("cle-1"));
    const auto retry = service().submit(form("inscription-test"), anne, std::string("cle-1"));
    EXPECT_TRUE(retry.replayed);
    EXPECT_EQ(retry.public_id, first.public_id);
    EXPECT_EQ(store.lookups, 0);
    // Refused now (closed): looked up, found, answered as the first time.
    clock.at = utc(2100, 1, 1);
    EXPECT_TRUE(service().submit(form("inscription-test"), anne, std::string("cle-1")).replayed);
    EXPECT_EQ(store.lookups, 1);
    // Refused and never used: looked up, then the refusal itself.
    EXPECT_EQ(refusal("inscription-test", anne, std::string("cle-3")), RefusalReason::closed);
    EXPECT_EQ(store.lookups, 2);
    EXPECT_EQ(refusal("inscription-test", anne), RefusalReason::closed) << "without a key, nothing to look up";
    EXPECT_EQ(store.lookups, 2);
}

TEST_F(SubmissionServiceTest, SubmitThenAnswersOnceWithTheStoredResponseOrTheRefusal)
{
    std::vector<StoreOutcome> outcomes;
    const auto collect = [&outcomes](StoreOutcome outcome) { outcomes.push_back(std::move(outcome)); };
    auto svc = service();
    svc.submitThen(form("inscription-test"), anne, std::nullopt, "", collect);
    ASSERT_EQ(outcomes.size(), 1u);
    ASSERT_TRUE(outcomes[0].stored);
    EXPECT_EQ(outcomes[0].stored->public_id, store.responses.at(0).public_id);
    svc.submitThen(form("inscription-test"), nlohmann::json{{"nom", "Sans courriel"}}, std::nullopt, "", collect);
    ASSERT_EQ(outcomes.size(), 2u);
    EXPECT_FALSE(outcomes[1].stored);
    try {
        std::rethrow_exception(outcomes[1].error);
    } catch (const SubmissionRefused& refused) {
        EXPECT_EQ(refused.reason(), RefusalReason::invalid);
    }
    EXPECT_EQ(store.responses.size(), 1u) << "nothing stored for refused answers";
}

}  // namespace tnt::submission
