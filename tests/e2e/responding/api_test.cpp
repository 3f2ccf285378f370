// The respondents' JSON API over HTTP against the real binary and MariaDB: every error code, the
// capacity race, duplicates and idempotent retries.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "tests/support/service_fixture.h"

using namespace tnt::testing;
using nlohmann::json;

namespace {

class ApiTest : public SharedServiceSuite<ApiTest> {
protected:
    static void SetUpTestSuite() { startSuite({"--max-body", "65536"}); }

    static HttpResult submit(const std::string& slug, const json& answers,
                             std::vector<std::pair<std::string, std::string>> headers = {})
    {
        return httpPostJson(port, "/api/v1/forms/" + slug + "/responses", json{{"answers", answers}},
                            std::move(headers));
    }
    static long long responsesOf(const std::string& slug)
    {
        return db->count("responses r JOIN forms f ON f.id = r.form_id WHERE f.slug = '" + slug + "'");
    }
};

}  // namespace

TEST_F(ApiTest, ListShowsEachFormWithItsStatus)
{
    const auto r = httpGet(port, "/api/v1/forms");
    ASSERT_EQ(r.status, 200);
    std::map<std::string, std::string> status;
    const auto body = r.json();
    for (const auto& f : body["forms"]) status[f["slug"].get<std::string>()] = f["status"].get<std::string>();
    EXPECT_EQ(status["avis"], "open");
    EXPECT_EQ(status["clos-2021"], "closed");
    EXPECT_EQ(status["futur"], "upcoming");
}

TEST_F(ApiTest, DefinitionOfAKnownFormAndNotFoundOtherwise)
{
    const auto r = httpGet(port, "/api/v1/forms/avis");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.json()["slug"], "avis");
    EXPECT_EQ(r.json()["status"], "open");
    const auto missing = httpGet(port, "/api/v1/forms/inexistant");
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(missing.json()["error"], "not_found");
}

TEST_F(ApiTest, ValidSubmissionIsStoredWithItsAnswerRows)
{
    const auto r = submit("avis", {{"note", 4}, {"commentaire", "Très utile ; merci « beaucoup »"}});
    ASSERT_EQ(r.status, 201) << r.body;
    const auto id = r.json()["id"].get<std::string>();
    EXPECT_THAT(id, ::testing::MatchesRegex("[2-9A-HJKMNP-Z]{16}")) << "no look-alike characters (0/O, 1/I/L)";
    EXPECT_FALSE(r.json()["submitted_at"].get<std::string>().empty());
    EXPECT_EQ(db->scalar("SELECT JSON_VALUE(answers, '$.commentaire') FROM responses WHERE public_id = '" + id + "'"),
              "Très utile ; merci « beaucoup »");
    EXPECT_EQ(db->scalar(std::string("SELECT a.num_value FROM ") + TestDatabase::answer_rows +
                         " WHERE r.public_id = '" + id + "' AND a.question_key = 'note'"),
              "4");
    EXPECT_EQ(db->scalar("SELECT LENGTH(submitted_at) FROM responses WHERE public_id = '" + id + "'"), "26")
        << "DATETIME(6): microseconds are kept";
}

TEST_F(ApiTest, InvalidAnswersAre422WithOneMessagePerFieldAndNothingStored)
{
    const auto before = responsesOf("avis");
    const auto r = submit("avis", {{"note", 9}, {"inconnue", "x"}});
    ASSERT_EQ(r.status, 422) << r.body;
    const auto body = r.json();
    EXPECT_EQ(body["error"], "validation_failed");
    EXPECT_TRUE(body["fields"].contains("note"));
    EXPECT_TRUE(body["fields"].contains("inconnue"));
    EXPECT_FALSE(body["message"].get<std::string>().empty());
    EXPECT_EQ(responsesOf("avis"), before);
}

TEST_F(ApiTest, MissingRequiredAnswerIs422)
{
    const auto r = submit("avis", json::object());
    ASSERT_EQ(r.status, 422);
    EXPECT_TRUE(r.json()["fields"].contains("note"));
}

TEST_F(ApiTest, NotYetOpenFormIs403WithOpensAt)
{
    const auto r = submit("futur", {{"note", 3}});
    ASSERT_EQ(r.status, 403) << r.body;
    EXPECT_EQ(r.json()["error"], "form_not_open");
    EXPECT_EQ(r.json()["opens_at"], "2098-12-31T23:00:00Z");
}

TEST_F(ApiTest, ClosedFormIs410WithClosesAtAndAFrenchSentence)
{
    const auto r = submit("clos-2021", {{"note", 3}});
    ASSERT_EQ(r.status, 410) << r.body;
    EXPECT_EQ(r.json()["error"], "form_closed");
    EXPECT_EQ(r.json()["closes_at"], "2021-12-08T22:59:59Z");
    EXPECT_EQ(r.json()["message"], "Ce formulaire est clos depuis le 8 décembre 2021 à 23 h 59.");
    EXPECT_EQ(responsesOf("clos-2021"), 0);
}

TEST_F(ApiTest, WrongContentTypeIs415)
{
    const auto r = httpRequest(port, "POST", "/api/v1/forms/avis/responses", {{"Content-Type", "text/plain"}},
                               R"({"answers":{"note":3}})");
    EXPECT_EQ(r.status, 415);
    EXPECT_EQ(r.json()["error"], "unsupported_media_type");
}

TEST_F(ApiTest, MalformedJsonIs400AndDeepNestingIsRefusedBeforeParsing)
{
    auto r = httpRequest(port, "POST", "/api/v1/forms/avis/responses", {{"Content-Type", "application/json"}},
                         R"({"answers": {"note": 3)");
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.json()["error"], "invalid_json");
    r = httpRequest(port, "POST", "/api/v1/forms/avis/responses", {{"Content-Type", "application/json"}},
                    std::string(5000, '[') + std::string(5000, ']'));
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.json()["error"], "invalid_json");
}

TEST_F(ApiTest, BodyOverTheLimitIs413)
{
    const auto r = submit("avis", {{"note", 3}, {"commentaire", std::string(70000, 'a')}});
    EXPECT_EQ(r.status, 413) << r.body.substr(0, 200);
    EXPECT_EQ(r.json()["error"], "payload_too_large");
}

TEST_F(ApiTest, SameEmailAndGroupTwiceIsAlreadyRegisteredWhateverTheCase)
{
    ASSERT_EQ(
        submit("inscription-test", {{"nom", "Ana"}, {"email", "ana.martin@commune.fr"}, {"groupes", {"LIBRE"}}}).status,
        201);
    const auto again =
        submit("inscription-test", {{"nom", "Ana"}, {"email", "  Ana.Martin@COMMUNE.fr "}, {"groupes", {"LIBRE"}}});
    EXPECT_EQ(again.status, 409) << again.body;
    EXPECT_EQ(again.json()["error"], "already_registered");
    EXPECT_EQ(db->count("registrations WHERE group_code = 'LIBRE'"), 1);
}

TEST_F(ApiTest, AlreadyRegisteredSaysWhichGroupsWereJoinedBefore)
{
    ASSERT_EQ(submit("inscription-test", {{"nom", "Zoé"}, {"email", "zoe@commune.fr"}, {"groupes", {"LIBRE"}}}).status,
              201);
    // Adding a group to an earlier registration: the refusal names the group already joined, not the new one.
    const auto again =
        submit("inscription-test", {{"nom", "Zoé"}, {"email", "zoe@commune.fr"}, {"groupes", {"PETIT", "LIBRE"}}});
    ASSERT_EQ(again.status, 409) << again.body;
    EXPECT_EQ(again.json()["error"], "already_registered");
    EXPECT_EQ(again.json()["groups"], nlohmann::json::array({"LIBRE"}));
    const auto message = again.json()["message"].get<std::string>();
    EXPECT_NE(message.find("Groupe sans limite"), std::string::npos) << message;
    EXPECT_EQ(message.find("dix places"), std::string::npos) << message;
    EXPECT_EQ(db->count("registrations WHERE group_code = 'PETIT'"), 0) << "nothing of the refused response is kept";
}

TEST_F(ApiTest, CreatedResponseCarriesItsReceiptLinkAgainOnReplay)
{
    const nlohmann::json body{{"answers", {{"note", 5}}}};
    const auto first =
        httpRequest(port, "POST", "/api/v1/forms/avis/responses",
                    {{"Content-Type", "application/json"}, {"Idempotency-Key", "recu-replay-1"}}, body.dump());
    ASSERT_EQ(first.status, 201) << first.body;
    const auto receipt_url = first.json()["receipt_url"].get<std::string>();
    EXPECT_THAT(receipt_url, ::testing::MatchesRegex("/f/avis/merci/[0-9a-f]{40}"));
    const auto replay =
        httpRequest(port, "POST", "/api/v1/forms/avis/responses",
                    {{"Content-Type", "application/json"}, {"Idempotency-Key", "recu-replay-1"}}, body.dump());
    ASSERT_EQ(replay.status, 201);
    EXPECT_EQ(replay.json()["receipt_url"], receipt_url);
    const auto page = httpGet(port, receipt_url);
    EXPECT_EQ(page.status, 200);
    const auto id = first.json()["id"].get<std::string>();
    EXPECT_NE(page.body.find(id.substr(0, 4) + "-" + id.substr(4, 4)), std::string::npos) << "the number, grouped";
}

TEST_F(ApiTest, ClosedGroupDeadlineIsAFieldError)
{
    const auto r = submit("inscription-test", {{"nom", "Léa"}, {"email", "lea@x.fr"}, {"groupes", {"FINI"}}});
    ASSERT_EQ(r.status, 422) << r.body;
    EXPECT_NE(r.json()["fields"]["groupes"].get<std::string>().find("closes"), std::string::npos);
}

TEST_F(ApiTest, FiftyConcurrentSignUpsForTenPlacesGiveExactlyTen)
{
    std::atomic<int> accepted{0};
    std::atomic<int> full{0};
    std::atomic<int> other{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 50; ++i) {
        threads.emplace_back([&, i] {
            const auto r = submit("inscription-test", {{"nom", "Agent " + std::to_string(i)},
                                                       {"email", "agent" + std::to_string(i) + "@commune.fr"},
                                                       {"groupes", {"PETIT"}}});
            if (r.status == 201) {
                ++accepted;
            } else if (r.status == 409 && r.json()["error"] == "group_full") {
                ++full;
            } else {
                ++other;
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(accepted.load(), 10);
    EXPECT_EQ(full.load(), 40);
    EXPECT_EQ(other.load(), 0);
    EXPECT_EQ(db->count("registrations WHERE group_code = 'PETIT'"), 10);
    EXPECT_EQ(db->scalar("SELECT registered FROM project_groups WHERE code = 'PETIT'"), "10");
    EXPECT_EQ(db->count("responses r JOIN registrations g ON g.response_id = r.id WHERE g.group_code = 'PETIT'"), 10)
        << "a refused sign-up leaves no response behind";
}

TEST_F(ApiTest, RetryWithTheSameIdempotencyKeyIsStoredOnce)
{
    const std::vector<std::pair<std::string, std::string>> key{{"Idempotency-Key", "retry-4b1d2c"}};
    const auto first = submit("avis", {{"note", 2}}, key);
    ASSERT_EQ(first.status, 201);
    const auto second = submit("avis", {{"note", 2}}, key);
    ASSERT_EQ(second.status, 201);
    EXPECT_EQ(second.json()["id"], first.json()["id"]);
    EXPECT_EQ(second.header("idempotent-replayed"), "true");
    EXPECT_EQ(db->count("responses WHERE idempotency_key = 'retry-4b1d2c'"), 1);
}

TEST_F(ApiTest, IdempotencyKeyReusedForOtherAnswersIs422)
{
    const std::vector<std::pair<std::string, std::string>> key{{"Idempotency-Key", "reuse-9f3e"}};
    const auto first = submit("avis", {{"note", 2}}, key);
    ASSERT_EQ(first.status, 201);
    const auto other = submit("avis", {{"note", 4}}, key);
    EXPECT_EQ(other.status, 422) << other.body;
    EXPECT_EQ(other.json()["error"], "idempotency_key_reused");
    EXPECT_FALSE(other.json().contains("id")) << "the first response's id is not handed out";
    EXPECT_EQ(db->count("responses WHERE idempotency_key = 'reuse-9f3e'"), 1);
    EXPECT_EQ(submit("avis", {{"note", 2}}, key).status, 201) << "the same answers still replay";
}

TEST_F(ApiTest, ConcurrentRetriesWithOneKeyGiveOneResponseAndOneId)
{
    std::vector<std::thread> threads;
    std::mutex mutex;
    std::set<std::string> ids;
    std::atomic<int> created{0};
    for (int i = 0; i < 12; ++i) {
        threads.emplace_back([&] {
            const auto r = submit("avis", {{"note", 5}}, {{"Idempotency-Key", "double-clic-77"}});
            if (r.status != 201) return;
            ++created;
            std::lock_guard lock(mutex);
            ids.insert(r.json()["id"].get<std::string>());
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(created.load(), 12);
    EXPECT_EQ(ids.size(), 1u);
    EXPECT_EQ(db->count("responses WHERE idempotency_key = 'double-clic-77'"), 1);
}

TEST_F(ApiTest, InvalidIdempotencyKeyIs400)
{
    const auto r = submit("avis", {{"note", 2}}, {{"Idempotency-Key", std::string(200, 'k')}});
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(r.json()["error"], "invalid_idempotency_key");
}

TEST_F(ApiTest, UnknownFormIs404OnSubmit)
{
    const auto r = submit("nulle-part", {{"note", 2}});
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.json()["error"], "not_found");
}

TEST_F(ApiTest, SqlAndHtmlInAnswersAreStoredVerbatim)
{
    const std::string nasty = "'); DROP TABLE responses; -- <script>alert(1)</script>";
    const auto r = submit("avis", {{"note", 1}, {"commentaire", nasty}});
    ASSERT_EQ(r.status, 201);
    EXPECT_EQ(db->scalar("SELECT JSON_VALUE(answers, '$.commentaire') FROM responses WHERE public_id = '" +
                         r.json()["id"].get<std::string>() + "'"),
              nasty);
}
