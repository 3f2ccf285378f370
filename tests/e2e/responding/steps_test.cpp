// Forms answered step by step, over HTTP against the real binary and MariaDB (issue 19): one section per
// step with the DSFR stepper, the draft kept between the steps (only its secret's hash stored), "Précédent"
// that loses nothing, "Enregistrer et reprendre plus tard" and the resume link, visible_if across steps,
// two tabs on one step, a double "Envoyer", altered, sent, lapsed and closed drafts, the drafts' JSON API and
// their purge; and answers changed from the receipt until the form closes ("Modifier mes réponses"): the
// statistics and the export follow at once, the form's closing leaves them to read. The fixture forms are
// tests/e2e/data/forms/; a clock file stands in for the clock.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include "tests/support/html_form.h"
#include "tests/support/service_fixture.h"

using namespace tnt::testing;
using nlohmann::json;
using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;

namespace {

class StepsTest : public ::testing::Test {
protected:
    static inline TestEnvironment env;
    static inline std::unique_ptr<TestDatabase> db;
    static inline std::unique_ptr<ServiceProcess> service;
    static inline std::unique_ptr<TestClock> clock;
    static inline int port = 0;

    static void SetUpTestSuite()
    {
        auto found = testEnvironment();
        if (!found) return;
        env = *found;
        db = std::make_unique<TestDatabase>(env);
        clock = std::make_unique<TestClock>(db->name(), "2026-12-01T10:00:00Z");
        port = freePort();
        service = startServiceOnClock(env, db->settings(), port, *clock,
                                      {"--rate-limit", "0", "--public-url", "https://formulaires.exemple.fr"});
        if (!service->waitUntilHealthy(port)) ADD_FAILURE() << service->log();
    }
    static void TearDownTestSuite()
    {
        service.reset();
        db.reset();
        clock.reset();
    }
    void SetUp() override
    {
        if (!db) GTEST_SKIP() << "no test database";
        setClock("2026-12-01T10:00:00Z");
    }

    static void setClock(const std::string& iso) { clock->set(iso); }

    // The page a browser shows after following a redirect.
    static HttpResult follow(const HttpResult& r) { return httpGet(port, r.header("location")); }

    // Posts one step of `page` (a rendered step) with its hidden fields, the answers and the button.
    static HttpResult postStep(const std::string& page, const FormFields& answers, const std::string& action)
    {
        FormFields fields{{"_csrf", hiddenValue(page, "_csrf")},
                          {"_jeton", hiddenValue(page, "_jeton")},
                          {"_etape", hiddenValue(page, "_etape")},
                          {"_brouillon", hiddenValue(page, "_brouillon")},
                          {"_site_web", ""}};
        fields.insert(fields.end(), answers.begin(), answers.end());
        fields.emplace_back("_action", action);
        return httpRequest(port, "POST", "/f/etapes", {{"Content-Type", "application/x-www-form-urlencoded"}},
                           formBody(fields));
    }

    static std::string secretOf(const std::string& location)
    {
        std::smatch m;
        return std::regex_search(location, m, std::regex("/reprendre/([0-9a-f]{48})")) ? m[1].str() : "";
    }
    static std::string draftColumn(const std::string& secret, const std::string& column)
    {
        return db->scalar("SELECT " + column + " FROM drafts WHERE secret_hash = SHA2('" + secret + "', 256)");
    }
    static long long drafts(const std::string& secret)
    {
        return db->count("drafts WHERE secret_hash = SHA2('" + secret + "', 256)");
    }
    static long long responses()
    {
        return db->count("responses r JOIN forms f ON f.id = r.form_id WHERE f.slug = 'etapes'");
    }
};

TEST_F(StepsTest, EachSectionIsAStepWithTheStepperAndOnlyItsQuestions)
{
    const auto page = httpGet(port, "/f/etapes");
    ASSERT_EQ(page.status, 200);
    EXPECT_THAT(page.body, HasSubstr("Étape 1 sur 3"));
    EXPECT_THAT(page.body, HasSubstr("data-fr-current-step=\"1\" data-fr-steps=\"3\""));
    EXPECT_THAT(page.body, HasSubstr("Étape suivante\u00a0:</span> Votre mandat"));
    EXPECT_THAT(page.body, HasSubstr("name=\"role\""));
    EXPECT_THAT(page.body, Not(HasSubstr("name=\"note\"")));
    EXPECT_THAT(page.body, HasSubstr("value=\"suivant\">Suivant</button>"));
    EXPECT_THAT(page.body, HasSubstr("Enregistrer et reprendre plus tard"));
    EXPECT_THAT(page.body, Not(HasSubstr("value=\"precedent\"")));
    EXPECT_EQ(hiddenValue(page.body, "_etape"), "0");
    EXPECT_EQ(hiddenValue(page.body, "_brouillon"), "");
}

TEST_F(StepsTest, StepsSaveResumeGoBackAndSendWithoutLosingAnything)
{
    const auto before = responses();
    // Step 1 → a draft, and the redirect to step 2 by its resume link.
    const auto first =
        postStep(httpGet(port, "/f/etapes").body, {{"role", "elu"}, {"courriel", "m@commune.fr"}}, "suivant");
    ASSERT_EQ(first.status, 303) << first.body;
    EXPECT_THAT(first.header("location"), MatchesRegex("/f/etapes/reprendre/[0-9a-f]{48}\\?etape=2"));
    const auto secret = secretOf(first.header("location"));
    // Only the secret's hash is stored.
    EXPECT_EQ(drafts(secret), 1);
    EXPECT_EQ(db->count("drafts WHERE secret_hash = '" + secret + "'"), 0);
    EXPECT_EQ(draftColumn(secret, "JSON_UNQUOTE(JSON_EXTRACT(answers, '$.role'))"), "elu");
    // The form's 30 days of retention from now, before the form closes.
    EXPECT_EQ(draftColumn(secret, "expires_at"), "2026-12-31 10:00:00.000000");

    // Step 2 (shown because role = elu), saved for later.
    auto step2 = follow(first);
    ASSERT_EQ(step2.status, 200);
    EXPECT_THAT(step2.body, HasSubstr("Étape 2 sur 3"));
    EXPECT_EQ(hiddenValue(step2.body, "_brouillon"), secret);
    const auto saved = postStep(step2.body, {{"mandat", "Maire de Sainte-Essai"}}, "enregistrer");
    ASSERT_EQ(saved.status, 303);
    // The address is known from step 1, but this service has no relay: nothing said to be sent.
    EXPECT_EQ(saved.header("location"), "/f/etapes/reprendre/" + secret + "/enregistre");
    const auto saved_page = follow(saved);
    ASSERT_EQ(saved_page.status, 200);
    EXPECT_THAT(saved_page.body, HasSubstr("Vos réponses sont enregistrées"));
    EXPECT_THAT(saved_page.body, HasSubstr("https://formulaires.exemple.fr/f/etapes/reprendre/" + secret));
    // Kept for the form's 30 days of retention, which end before it closes.
    EXPECT_THAT(saved_page.body, HasSubstr("31 décembre 2026"));

    // A change keeps the draft its retention from then.
    EXPECT_EQ(draftColumn(secret, "expires_at"), "2026-12-31 10:00:00.000000");
    setClock("2026-12-02T10:00:00Z");
    ASSERT_EQ(postStep(httpGet(port, "/f/etapes/reprendre/" + secret).body, {{"mandat", "Maire de Sainte-Essai"}},
                       "enregistrer")
                  .status,
              303);
    EXPECT_EQ(draftColumn(secret, "expires_at"), "2027-01-01 10:00:00.000000");
    setClock("2026-12-01T10:00:00Z");

    // The resume link opens the step it was saved at, with its answer.
    const auto resumed = httpGet(port, "/f/etapes/reprendre/" + secret);
    ASSERT_EQ(resumed.status, 200);
    EXPECT_THAT(resumed.body, HasSubstr("Étape 2 sur 3"));
    EXPECT_THAT(resumed.body, HasSubstr("value=\"Maire de Sainte-Essai\""));

    // "Précédent" keeps what step 2 said and shows step 1 with its answers.
    const auto back = postStep(resumed.body, {{"mandat", "Maire adjoint"}}, "precedent");
    ASSERT_EQ(back.status, 303);
    EXPECT_EQ(back.header("location"), "/f/etapes/reprendre/" + secret + "?etape=1");
    const auto step1 = follow(back);
    EXPECT_THAT(step1.body, HasSubstr("value=\"m@commune.fr\""));
    EXPECT_THAT(step1.body, HasSubstr("value=\"elu\" checked"));
    EXPECT_EQ(draftColumn(secret, "JSON_UNQUOTE(JSON_EXTRACT(answers, '$.mandat'))"), "Maire adjoint");

    // Forward to the end: the last step's button sends the whole answers; the draft goes.
    const auto again2 = follow(postStep(step1.body, {{"role", "elu"}, {"courriel", "m@commune.fr"}}, "suivant"));
    EXPECT_THAT(again2.body, HasSubstr("value=\"Maire adjoint\""));
    const auto step3 = follow(postStep(again2.body, {{"mandat", "Maire adjoint"}}, "suivant"));
    EXPECT_THAT(step3.body, HasSubstr("Étape 3 sur 3"));
    EXPECT_THAT(step3.body, HasSubstr("value=\"envoyer\">Envoyer mes réponses</button>"));
    EXPECT_THAT(step3.body, HasSubstr("value=\"precedent\""));
    const auto sent = postStep(step3.body, {{"note", "4"}, {"commentaire", "Très utile"}}, "envoyer");
    ASSERT_EQ(sent.status, 303) << sent.body;
    EXPECT_THAT(sent.header("location"), MatchesRegex("/f/etapes/merci/[0-9a-f]+"));
    EXPECT_EQ(responses(), before + 1);
    EXPECT_EQ(drafts(secret), 0);
    const auto receipt = sent.header("location").substr(sent.header("location").rfind('/') + 1);
    const auto answers =
        json::parse(db->scalar("SELECT answers FROM responses WHERE receipt_hash = SHA2('" + receipt + "', 256)"));
    EXPECT_EQ(answers, json({{"role", "elu"},
                             {"courriel", "m@commune.fr"},
                             {"mandat", "Maire adjoint"},
                             {"note", 4},
                             {"commentaire", "Très utile"}}));
    // The same "Envoyer" again (a double click): the same receipt, nothing more stored.
    const auto twice = postStep(step3.body, {{"note", "4"}, {"commentaire", "Très utile"}}, "envoyer");
    ASSERT_EQ(twice.status, 303);
    EXPECT_EQ(twice.header("location"), sent.header("location"));
    EXPECT_EQ(responses(), before + 1);
    // The resume link of answers sent leads nowhere, and says so.
    const auto gone = httpGet(port, "/f/etapes/reprendre/" + secret);
    EXPECT_EQ(gone.status, 410);
    EXPECT_THAT(gone.body, HasSubstr("n&#39;existent plus"));
}

TEST_F(StepsTest, AStepWithErrorsStaysWithItsErrorsAndKeepsTheDraft)
{
    const auto r = postStep(httpGet(port, "/f/etapes").body, {{"courriel", "pas une adresse"}}, "suivant");
    ASSERT_EQ(r.status, 422);
    EXPECT_THAT(r.body, HasSubstr("Étape 1 sur 3"));
    EXPECT_THAT(r.body, HasSubstr("id=\"resume-erreurs\""));
    EXPECT_THAT(r.body, HasSubstr("value=\"pas une adresse\""));
    // Only this step's errors: the later steps' required questions are not reported yet.
    EXPECT_THAT(r.body, Not(HasSubstr("#q-note-1")));
    const auto secret = hiddenValue(r.body, "_brouillon");
    ASSERT_EQ(secret.size(), 48u);
    EXPECT_EQ(draftColumn(secret, "JSON_UNQUOTE(JSON_EXTRACT(answers, '$.courriel'))"), "pas une adresse");
}

TEST_F(StepsTest, AStepThatVisibleIfHidesIsSkippedBothWays)
{
    const auto first = postStep(httpGet(port, "/f/etapes").body, {{"role", "agent"}}, "suivant");
    ASSERT_EQ(first.status, 303);
    EXPECT_THAT(first.header("location"), HasSubstr("?etape=3"));  // no mandate for an agent
    const auto step3 = follow(first);
    EXPECT_THAT(step3.body, HasSubstr("Étape 3 sur 3"));
    const auto back = postStep(step3.body, {{"note", "2"}}, "precedent");
    EXPECT_THAT(back.header("location"), HasSubstr("?etape=1"));
}

TEST_F(StepsTest, TwoTabsSendingTheSameStepLeaveTheLastOneWholeInTheDraft)
{
    const auto first = postStep(httpGet(port, "/f/etapes").body, {{"role", "elu"}}, "suivant");
    const auto step2 = follow(first).body;
    const auto secret = secretOf(first.header("location"));
    const auto a = postStep(step2, {{"mandat", "Onglet A"}}, "suivant");
    const auto b = postStep(step2, {{"mandat", "Onglet B"}}, "suivant");
    EXPECT_EQ(a.status, 303);
    EXPECT_EQ(b.status, 303);
    const auto stored = json::parse(draftColumn(secret, "answers"));
    EXPECT_EQ(stored, json({{"role", "elu"}, {"mandat", "Onglet B"}}));
}

TEST_F(StepsTest, AlteredLapsedAndClosedDraftsAreClearPagesAndNothingChanges)
{
    const auto first = postStep(httpGet(port, "/f/etapes").body, {{"role", "elu"}}, "suivant");
    const auto secret = secretOf(first.header("location"));
    ASSERT_FALSE(secret.empty());
    // One character changed: not this service's link.
    auto altered = secret;
    altered[3] = altered[3] == 'a' ? 'b' : 'a';
    const auto forged = httpGet(port, "/f/etapes/reprendre/" + altered);
    EXPECT_EQ(forged.status, 403);
    EXPECT_THAT(forged.body, HasSubstr("Lien non valide"));
    EXPECT_EQ(httpGet(port, "/f/etapes/reprendre/pas-un-secret").status, 403);
    EXPECT_EQ(drafts(secret), 1);

    // The form closes: the link shows the closed page and the draft goes.
    setClock("2030-07-01T10:00:00Z");
    const auto closed = httpGet(port, "/f/etapes/reprendre/" + secret);
    EXPECT_EQ(closed.status, 410);
    EXPECT_THAT(closed.body, HasSubstr("clos"));
    EXPECT_EQ(drafts(secret), 0);
    setClock("2026-12-01T10:00:00Z");

    // A draft past its expiry is gone when resumed, and the purge removes the others.
    const auto other =
        secretOf(postStep(httpGet(port, "/f/etapes").body, {{"role", "elu"}}, "suivant").header("location"));
    const auto third =
        secretOf(postStep(httpGet(port, "/f/etapes").body, {{"role", "elu"}}, "suivant").header("location"));
    db->execute("UPDATE drafts SET expires_at = '2026-11-30 00:00:00' WHERE secret_hash IN (SHA2('" + other +
                "', 256), SHA2('" + third + "', 256))");
    EXPECT_EQ(httpGet(port, "/f/etapes/reprendre/" + other).status, 410);
    EXPECT_EQ(drafts(other), 0);
    const auto purge = runCommand(env.binary, {"purge", "--forms", env.source_dir + "/tests/e2e/data/forms"},
                                  databaseEnvironment(db->settings()));
    EXPECT_EQ(purge.status, 0) << purge.output;
    EXPECT_THAT(purge.output, HasSubstr("brouillons) expirées : 1 supprimée(s)"));
    EXPECT_EQ(drafts(third), 0);
}

TEST_F(StepsTest, TheDraftApiKeepsIncompleteAnswersBehindTheSecret)
{
    const auto created = httpPostJson(port, "/api/v1/forms/etapes/drafts", json{{"answers", {{"role", "agent"}}}});
    ASSERT_EQ(created.status, 201) << created.body;
    const auto body = created.json();
    const auto secret = body["draft"].get<std::string>();
    EXPECT_THAT(secret, MatchesRegex("[0-9a-f]{48}"));
    EXPECT_EQ(body["resume_url"], "/f/etapes/reprendre/" + secret);
    EXPECT_EQ(body["complete"], false);
    EXPECT_TRUE(body["errors"].contains("note"));
    // The form's 30 days of retention end before it closes (30 June 2030).
    EXPECT_EQ(body["expires_at"], "2026-12-31T10:00:00Z");

    const auto path = "/api/v1/forms/etapes/drafts/" + secret;
    const auto put = httpRequest(port, "PUT", path, {{"Content-Type", "application/json"}},
                                 json{{"answers", {{"role", "agent"}, {"note", 5}}}}.dump());
    ASSERT_EQ(put.status, 200) << put.body;
    EXPECT_EQ(put.json()["complete"], true);
    EXPECT_EQ(httpGet(port, path).json()["answers"], json({{"role", "agent"}, {"note", 5}}));
    // The web page resumes what the API kept.
    EXPECT_THAT(httpGet(port, "/f/etapes/reprendre/" + secret).body, HasSubstr("Étape 1 sur 3"));

    const auto unknown = httpRequest(port, "PUT", path, {{"Content-Type", "application/json"}},
                                     json{{"answers", {{"inconnue", 1}}}}.dump());
    EXPECT_EQ(unknown.status, 422);
    EXPECT_TRUE(unknown.json()["fields"].contains("inconnue"));
    auto altered = secret;
    altered[0] = altered[0] == 'a' ? 'b' : 'a';
    const auto forged = httpGet(port, "/api/v1/forms/etapes/drafts/" + altered);
    EXPECT_EQ(forged.status, 403);
    EXPECT_EQ(forged.json()["error"], "draft_forbidden");

    EXPECT_EQ(httpRequest(port, "DELETE", path).status, 204);
    const auto gone = httpGet(port, path);
    EXPECT_EQ(gone.status, 410);
    EXPECT_EQ(gone.json()["error"], "draft_gone");
}

// The note's distribution in the statistics: value → count.
std::map<int, long long> noteCounts(int port, const std::string& token, const std::string& query = "")
{
    const auto stats = httpGet(port, "/api/v1/forms/avis/stats" + query, {{"Authorization", "Bearer " + token}});
    std::map<int, long long> out;
    const auto body = stats.json();
    for (const auto& q : body["questions"]) {
        if (q["key"] != "note") continue;
        for (const auto& d : q["distribution"]) out[d["value"].get<int>()] = d["count"].get<long long>();
    }
    return out;
}

TEST_F(StepsTest, ChangedAnswersReplaceTheOldInTheStatisticsAndTheExportAtOnce)
{
    const auto token = createToken(env, db->settings(), {"--name", "modifs", "--scope", "form:avis"});
    const auto created =
        httpPostJson(port, "/api/v1/forms/avis/responses", json{{"answers", {{"note", 2}, {"commentaire", "Avant"}}}});
    ASSERT_EQ(created.status, 201) << created.body;
    const auto receipt_url = created.json()["receipt_url"].get<std::string>();
    const auto secret = receipt_url.substr(receipt_url.rfind('/') + 1);
    const auto where = " FROM responses WHERE receipt_hash = SHA2('" + secret + "', 256)";
    const auto submitted_at = db->scalar("SELECT submitted_at" + where);
    // Counted into the counters first (the folder empties the pending list), so the change must take the
    // old answer out of them.
    for (int i = 0; i < 100 && db->count("count_pending") > 0; ++i) std::this_thread::sleep_for(100ms);
    ASSERT_EQ(db->count("count_pending"), 0);
    const auto before = noteCounts(port, token);
    const auto before_today = noteCounts(port, token, "?from=2026-12-01&to=2026-12-01");

    // The receipt offers the change; the page shows the answers in their fields.
    const auto receipt = httpGet(port, receipt_url);
    EXPECT_THAT(receipt.body, HasSubstr("href=\"/f/avis/modifier/" + secret + "\">modifier vos réponses</a>"));
    const auto page = httpGet(port, "/f/avis/modifier/" + secret);
    ASSERT_EQ(page.status, 200);
    EXPECT_THAT(page.body, HasSubstr("id=\"q-note-2\" name=\"note\" value=\"2\" checked"));
    EXPECT_THAT(page.body, HasSubstr("Avant</textarea>"));
    EXPECT_THAT(page.body, HasSubstr("Enregistrer les modifications"));

    auto post = [&](const FormFields& answers, const std::string& csrf) {
        FormFields fields{{"_csrf", csrf}};
        fields.insert(fields.end(), answers.begin(), answers.end());
        return httpRequest(port, "POST", "/f/avis/modifier/" + secret,
                           {{"Content-Type", "application/x-www-form-urlencoded"}}, formBody(fields));
    };
    // Invalid: shown again with the error, nothing changed.
    const auto invalid = post({{"commentaire", "Sans note"}}, hiddenValue(page.body, "_csrf"));
    EXPECT_EQ(invalid.status, 422);
    EXPECT_THAT(invalid.body, HasSubstr("id=\"resume-erreurs\""));
    EXPECT_EQ(db->scalar("SELECT JSON_EXTRACT(answers, '$.note')" + where), "2");
    EXPECT_EQ(post({{"note", "4"}}, "faux").status, 403);

    setClock("2026-12-03T09:30:00Z");
    const auto changed = post({{"note", "4"}, {"commentaire", "Après"}}, hiddenValue(page.body, "_csrf"));
    ASSERT_EQ(changed.status, 303) << changed.body;
    EXPECT_EQ(changed.header("location"), receipt_url + "?modifie=1");
    const auto shown = follow(changed);
    EXPECT_THAT(shown.body, HasSubstr("Vos modifications sont enregistrées"));
    EXPECT_THAT(shown.body, HasSubstr("modifiées le 3 décembre 2026"));
    EXPECT_EQ(db->scalar("SELECT submitted_at" + where), submitted_at);
    EXPECT_EQ(db->scalar("SELECT updated_at" + where), "2026-12-03 09:30:00.000000");
    EXPECT_EQ(db->scalar("SELECT JSON_UNQUOTE(JSON_EXTRACT(answers, '$.commentaire'))" + where), "Après");

    // The statistics at once, whole and by day (the response's day is still the day it was sent).
    const auto after = noteCounts(port, token);
    auto count = [](const std::map<int, long long>& counts, int value) {
        const auto it = counts.find(value);
        return it == counts.end() ? 0LL : it->second;
    };
    EXPECT_EQ(count(after, 2), count(before, 2) - 1);
    EXPECT_EQ(count(after, 4), count(before, 4) + 1);
    const auto after_today = noteCounts(port, token, "?from=2026-12-01&to=2026-12-01");
    EXPECT_EQ(count(after_today, 2), count(before_today, 2) - 1);
    EXPECT_EQ(count(after_today, 4), count(before_today, 4) + 1);
    // And once folded again, the same.
    for (int i = 0; i < 100 && db->count("count_pending") > 0; ++i) std::this_thread::sleep_for(100ms);
    EXPECT_EQ(noteCounts(port, token), after);
    // The export shows the answers as they are now.
    const auto csv = httpGet(port, "/api/v1/forms/avis/responses.csv", {{"Authorization", "Bearer " + token}});
    EXPECT_THAT(csv.body, HasSubstr("\"Date de modification (heure de Paris)\""));
    EXPECT_THAT(csv.body, HasSubstr("2026-12-03 10:30:00"));  // Paris time
    EXPECT_THAT(csv.body, HasSubstr("Après"));
    EXPECT_THAT(csv.body, Not(HasSubstr("Avant")));

    // Closed: the link shows the answers to read, and a change is refused.
    setClock("2100-01-02T10:00:00Z");
    const auto closed_receipt = httpGet(port, receipt_url);
    EXPECT_THAT(closed_receipt.body, HasSubstr(">voir vos réponses</a>"));
    const auto read_only = httpGet(port, "/f/avis/modifier/" + secret);
    EXPECT_EQ(read_only.status, 200);
    EXPECT_THAT(read_only.body, HasSubstr("<fieldset class=\"tnt-read-only\" disabled>"));
    EXPECT_THAT(read_only.body, HasSubstr("Le formulaire est clos"));
    EXPECT_THAT(read_only.body, Not(HasSubstr("type=\"submit\"")));
    const auto late = post({{"note", "5"}}, hiddenValue(read_only.body, "_csrf"));
    EXPECT_EQ(late.status, 410);
    EXPECT_EQ(db->scalar("SELECT JSON_EXTRACT(answers, '$.note')" + where), "4");
}

TEST_F(StepsTest, AChangeLinkAlteredOrOfADeletedResponseChangesNothing)
{
    const auto created = httpPostJson(port, "/api/v1/forms/avis/responses", json{{"answers", {{"note", 3}}}});
    const auto receipt_url = created.json()["receipt_url"].get<std::string>();
    auto secret = receipt_url.substr(receipt_url.rfind('/') + 1);
    auto altered = secret;
    altered[0] = altered[0] == 'a' ? 'b' : 'a';
    EXPECT_EQ(httpGet(port, "/f/avis/modifier/" + altered).status, 404);
    EXPECT_EQ(httpGet(port, "/f/avis/modifier/pas-un-secret").status, 404);
    const auto deleted = httpRequest(port, "POST", "/f/avis/supprimer/" + secret);
    ASSERT_LT(deleted.status, 400) << deleted.body;
    EXPECT_EQ(httpGet(port, "/f/avis/modifier/" + secret).status, 410);
}

TEST_F(StepsTest, MovingBetweenStepsDoesNotCountAgainstTheAddressLimitStartingAndSendingDo)
{
    // A second instance limited to 2 submissions a minute per address, on the same database and clock.
    const auto limited_port = freePort();
    const auto limited = startServiceOnClock(env, db->settings(), limited_port, *clock, {"--rate-limit", "2"});
    ASSERT_TRUE(limited->waitUntilHealthy(limited_port)) << limited->log();
    auto post = [&](const std::string& page, const FormFields& answers, const std::string& action) {
        FormFields fields{{"_csrf", hiddenValue(page, "_csrf")},
                          {"_jeton", hiddenValue(page, "_jeton")},
                          {"_etape", hiddenValue(page, "_etape")},
                          {"_brouillon", hiddenValue(page, "_brouillon")}};
        fields.insert(fields.end(), answers.begin(), answers.end());
        fields.emplace_back("_action", action);
        return httpRequest(limited_port, "POST", "/f/etapes", {{"Content-Type", "application/x-www-form-urlencoded"}},
                           formBody(fields));
    };
    auto page = [&](const HttpResult& r) { return httpGet(limited_port, r.header("location")).body; };
    // Counted: the first step (a new draft).
    const auto first = post(httpGet(limited_port, "/f/etapes").body, {{"role", "elu"}}, "suivant");
    ASSERT_EQ(first.status, 303) << first.body;
    // Not counted: six moves within the draft.
    auto current = page(first);
    for (int i = 0; i < 3; ++i) {
        const auto back = post(current, {{"mandat", "Maire"}}, "precedent");
        ASSERT_EQ(back.status, 303) << "move " << i << ": " << back.body;
        const auto forward = post(page(back), {{"role", "elu"}}, "suivant");
        ASSERT_EQ(forward.status, 303) << "move " << i << ": " << forward.body;
        current = page(forward);
    }
    const auto last = post(current, {{"mandat", "Maire"}}, "suivant");
    ASSERT_EQ(last.status, 303);
    // Counted: the sending.
    const auto sent = post(page(last), {{"note", "5"}}, "envoyer");
    ASSERT_EQ(sent.status, 303) << sent.body;
    EXPECT_THAT(sent.header("location"), HasSubstr("/f/etapes/merci/"));
    // The third new draft within the minute is one too many.
    const auto third = post(httpGet(limited_port, "/f/etapes").body, {{"role", "elu"}}, "suivant");
    EXPECT_EQ(third.status, 429);
    EXPECT_FALSE(third.header("retry-after").empty());
}

TEST_F(StepsTest, AnAmendedRegistrationChangesGroupsByTheRulesOfANewOne)
{
    auto registerIn = [&](const std::string& who, const json& groups) {
        const auto created =
            httpPostJson(port, "/api/v1/forms/inscription-test/responses",
                         json{{"answers", {{"nom", who}, {"email", who + "@commune.fr"}, {"groupes", groups}}}});
        EXPECT_EQ(created.status, 201) << created.body;
        const auto url = created.json().value("receipt_url", std::string());
        return url.substr(url.rfind('/') + 1);
    };
    for (int i = 0; i < 10; ++i) registerIn("petit" + std::to_string(i), {"PETIT"});
    std::vector<std::string> waiting_group;
    for (int i = 0; i < 10; ++i) waiting_group.push_back(registerIn("attente" + std::to_string(i), {"ATTENTE"}));
    const auto secret = registerIn("modif", {"LIBRE"});
    auto amend = [&](const std::string& receipt, const std::string& who, const std::vector<std::string>& groups) {
        const auto page = httpGet(port, "/f/inscription-test/modifier/" + receipt);
        FormFields fields{{"_csrf", hiddenValue(page.body, "_csrf")}, {"nom", who}, {"email", who + "@commune.fr"}};
        for (const auto& g : groups) fields.emplace_back("groupes", g);
        return httpRequest(port, "POST", "/f/inscription-test/modifier/" + receipt,
                           {{"Content-Type", "application/x-www-form-urlencoded"}}, formBody(fields));
    };
    auto state = [&](const std::string& receipt, const std::string& group) {
        return db->scalar(
            "SELECT g.state FROM registrations g JOIN responses r ON r.id = g.response_id WHERE "
            "r.receipt_hash = SHA2('" +
            receipt + "', 256) AND g.group_code = '" + group + "'");
    };
    auto counted = [&](const std::string& group, const std::string& in_state) {
        return db->scalar("SELECT COALESCE(SUM(c.n), 0) FROM registration_counts c WHERE c.group_code = '" + group +
                          "' AND c.state = '" + in_state + "'");
    };

    // A full group without a waitlist refuses, as it refuses a new registration: nothing changes.
    const auto full = amend(secret, "modif", {"PETIT"});
    EXPECT_EQ(full.status, 409);
    EXPECT_THAT(full.body, HasSubstr("Groupe à dix places"));
    EXPECT_EQ(state(secret, "LIBRE"), "registered");
    EXPECT_EQ(state(secret, "PETIT"), "");
    EXPECT_EQ(db->scalar("SELECT registered FROM project_groups WHERE code = 'PETIT'"), "10");

    // A group whose registrations closed is not added.
    const auto late = amend(secret, "modif", {"LIBRE", "FINI"});
    EXPECT_EQ(late.status, 422);
    EXPECT_THAT(late.body, HasSubstr("sont closes depuis le"));

    // A full group with a waitlist: the amended registration waits, first in line; the other group stays.
    const auto waits = amend(secret, "modif", {"LIBRE", "ATTENTE"});
    EXPECT_EQ(waits.status, 303) << waits.body;
    EXPECT_EQ(state(secret, "ATTENTE"), "waitlisted");
    EXPECT_EQ(state(secret, "LIBRE"), "registered");
    EXPECT_EQ(db->scalar("SELECT waitlisted FROM project_groups WHERE code = 'ATTENTE'"), "1");
    EXPECT_EQ(counted("ATTENTE", "waitlisted"), "1");
    const auto receipt = httpGet(port, "/f/inscription-test/merci/" + secret);
    EXPECT_THAT(receipt.body, HasSubstr("sur la liste d"));

    // Someone who holds a place changes groups: they leave ATTENTE, and the place is offered to the first
    // person waiting, as a withdrawal does.
    const auto leaves = amend(waiting_group[0], "attente0", {"LIBRE"});
    EXPECT_EQ(leaves.status, 303) << leaves.body;
    EXPECT_EQ(state(waiting_group[0], "ATTENTE"), "withdrawn");
    EXPECT_EQ(state(waiting_group[0], "LIBRE"), "registered");
    EXPECT_EQ(state(secret, "ATTENTE"), "offered");
    EXPECT_EQ(counted("ATTENTE", "registered"), "9");
    EXPECT_EQ(counted("ATTENTE", "offered"), "1");
    EXPECT_EQ(counted("ATTENTE", "waitlisted"), "0");
    EXPECT_EQ(counted("ATTENTE", "withdrawn"), "1");
    EXPECT_EQ(db->scalar("SELECT registered FROM project_groups WHERE code = 'ATTENTE'"), "10");

    // Back into a group left: the same sign-up row takes a place again (PETIT is full, LIBRE has no limit).
    const auto back = amend(waiting_group[0], "attente0", {"ATTENTE", "LIBRE"});
    EXPECT_EQ(back.status, 303) << back.body;
    EXPECT_EQ(state(waiting_group[0], "ATTENTE"), "waitlisted") << "the freed place is the offered person's";
    EXPECT_EQ(counted("ATTENTE", "withdrawn"), "0");
    EXPECT_EQ(counted("ATTENTE", "waitlisted"), "1");
}

}  // namespace
