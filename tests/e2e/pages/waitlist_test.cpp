// The waitlist as its users meet it (issue 17), against the real binary and MariaDB, with the clock set by a
// clock file and the offers' sweep every second: the eleventh person of a ten-place group is told their
// position (API and receipt); the form and its API say the group is full with a waitlist; a pilot frees a
// place from the dashboard (confirmation, CSRF, only in their groups); the person offered the place sees it
// on their receipt and may decline; an offer not answered in time lapses and passes on; an altered offer
// link is refused.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "tests/support/pilot_browser.h"
#include "tests/support/service_fixture.h"

using namespace tnt::testing;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

class WaitlistPagesTest : public ::testing::Test {
protected:
    TestEnvironment env;
    std::unique_ptr<TestDatabase> db;
    std::unique_ptr<ServiceProcess> service;
    std::unique_ptr<TestClock> clock;
    int port = 0;

    void SetUp() override
    {
        TNT_REQUIRE_TEST_DATABASE(env);
        db = std::make_unique<TestDatabase>(env);
        clock = std::make_unique<TestClock>(db->name(), "2027-01-15T08:00:00Z");
        port = freePort();
        service = startServiceOnClock(env, db->settings(), port, *clock, {"--rate-limit", "0", "--offer-sweep", "1"});
        ASSERT_TRUE(service->waitUntilHealthy(port)) << service->log();
    }
    void TearDown() override
    {
        service.reset();
        clock.reset();
    }
    void setClock(const std::string& iso) { clock->set(iso); }

    HttpResult signUp(const std::string& who)
    {
        return httpPostJson(port, "/api/v1/forms/inscription-test/responses",
                            {{"answers", {{"nom", who}, {"email", who + "@commune.fr"}, {"groupes", {"ATTENTE"}}}}});
    }
    std::string stateOf(const std::string& public_id)
    {
        return db->scalar(
            "SELECT g.state FROM registrations g JOIN responses r ON r.id = g.response_id WHERE r.public_id = '" +
            public_id + "' AND g.group_code = 'ATTENTE'");
    }
    // Waits (the sweep runs every second) until `public_id` is in `state`.
    bool eventually(const std::string& public_id, const std::string& state)
    {
        for (int i = 0; i < 300; ++i) {
            if (stateOf(public_id) == state) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return false;
    }
};

TEST_F(WaitlistPagesTest, TheEleventhWaitsAPilotFreesAPlaceTheOfferIsDeclinedOrLapsesAndPassesOn)
{
    std::vector<nlohmann::json> people;
    for (int i = 0; i < 13; ++i) {
        const auto r = signUp("p" + std::to_string(i));
        ASSERT_EQ(r.status, 201) << r.body;
        people.push_back(r.json());
    }
    EXPECT_EQ(people[9]["registrations"][0]["state"], "registered");
    EXPECT_EQ(people[10]["registrations"][0],
              (nlohmann::json{{"group", "ATTENTE"}, {"state", "waitlisted"}, {"position", 1}}));
    EXPECT_EQ(people[12]["registrations"][0]["position"], 3);

    // The receipt says it in words; the form's API and page say the group is full with a waitlist.
    const auto receipt = httpGet(port, people[10]["receipt_url"].get<std::string>());
    ASSERT_EQ(receipt.status, 200);
    EXPECT_THAT(receipt.body, HasSubstr("Vous êtes 1re sur la liste d&#39;attente du groupe ATTENTE."));
    nlohmann::json group = nlohmann::json::object();
    for (int i = 0; i < 150 && group.value("waitlist_length", 0) != 3; ++i) {
        if (i > 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        const auto form = httpGet(port, "/api/v1/forms/inscription-test").json();
        for (const auto& g : form["groups"]) {
            if (g["code"] == "ATTENTE") group = g;
        }
    }
    EXPECT_EQ(group["state"], "waitlist");
    EXPECT_EQ(group["places_left"], 0);
    EXPECT_EQ(group["waitlist_length"], 3);
    EXPECT_EQ(group["offer_hours"], 2);
    EXPECT_THAT(httpGet(port, "/f/inscription-test").body, HasSubstr("Complet — liste d&#39;attente (3 personnes"));

    // A pilot of the group frees p0's place: confirmation first, both steps CSRF-checked.
    const auto attente =
        createToken(env, db->settings(),
                    {"--name", "pilotes ATTENTE", "--scope", "form:inscription-test", "--scope", "group:ATTENTE"});
    const auto petit = createToken(
        env, db->settings(), {"--name", "pilotes PETIT", "--scope", "form:inscription-test", "--scope", "group:PETIT"});
    const auto stats = httpGet(port, "/api/v1/forms/inscription-test/stats", {{"Authorization", "Bearer " + attente}});
    ASSERT_EQ(stats.status, 200) << stats.body;
    ASSERT_EQ(stats.json()["registrations"].size(), 1u) << "their group only: " << stats.body;
    EXPECT_EQ(stats.json()["registrations"][0]["group"], "ATTENTE");
    EXPECT_EQ(stats.json()["registrations"][0]["registered"], 10);
    EXPECT_EQ(stats.json()["registrations"][0]["waitlisted"], 3);
    PilotBrowser pilot(port);
    ASSERT_EQ(pilot.login(attente).status, 303);
    const auto dashboard = pilot.get("/pilote/formulaires/inscription-test");
    ASSERT_EQ(dashboard.status, 200);
    EXPECT_THAT(dashboard.body, HasSubstr("Inscriptions par groupe"));
    EXPECT_THAT(dashboard.body, HasSubstr("<td>10</td><td>10</td><td>0</td><td>3</td><td>0</td>"));
    EXPECT_THAT(dashboard.body, Not(HasSubstr("PETIT — "))) << "their groups only";
    const auto csrf = hiddenValue(dashboard.body, "_csrf");
    const auto number = people[0]["id"].get<std::string>();
    const auto dashed =
        number.substr(0, 4) + "-" + number.substr(4, 4) + "-" + number.substr(8, 4) + "-" + number.substr(12);
    EXPECT_EQ(
        pilot.post("/pilote/formulaires/inscription-test/liberer", {{"numero", number}, {"groupe", "ATTENTE"}}).status,
        403)
        << "no CSRF token, nothing";
    const auto confirm = pilot.post("/pilote/formulaires/inscription-test/liberer",
                                    {{"_csrf", csrf}, {"numero", dashed.substr(0, 10)}, {"groupe", "ATTENTE"}});
    EXPECT_EQ(confirm.status, 422) << "an incomplete number is said so";
    const auto asked = pilot.post("/pilote/formulaires/inscription-test/liberer",
                                  {{"_csrf", csrf}, {"numero", dashed}, {"groupe", "ATTENTE"}});
    ASSERT_EQ(asked.status, 200);
    EXPECT_THAT(asked.body, HasSubstr("Retirer du groupe et libérer la place"));
    EXPECT_EQ(stateOf(number), "registered") << "the confirmation changes nothing";
    const auto done =
        pilot.post("/pilote/formulaires/inscription-test/liberer", {{"_csrf", hiddenValue(asked.body, "_csrf")},
                                                                    {"numero", hiddenValue(asked.body, "numero")},
                                                                    {"groupe", "ATTENTE"},
                                                                    {"confirmer", "oui"}});
    ASSERT_EQ(done.status, 200) << done.body;
    EXPECT_THAT(done.body, HasSubstr("Place libérée"));
    EXPECT_EQ(stateOf(number), "withdrawn");
    EXPECT_EQ(stateOf(people[10]["id"]), "offered") << "the first in line is offered the place at once";
    PilotBrowser other(port);
    ASSERT_EQ(other.login(petit).status, 303);
    const auto other_csrf = hiddenValue(other.get("/pilote/formulaires/inscription-test").body, "_csrf");
    EXPECT_EQ(
        other
            .post("/pilote/formulaires/inscription-test/liberer",
                  {{"_csrf", other_csrf}, {"numero", people[1]["id"]}, {"groupe", "ATTENTE"}, {"confirmer", "oui"}})
            .status,
        403)
        << "a pilot of another group cannot free a place here";
    EXPECT_EQ(stateOf(people[1]["id"]), "registered");

    // p10 sees the offer on their receipt and declines it: the place passes to p11.
    const auto offered = httpGet(port, people[10]["receipt_url"].get<std::string>());
    EXPECT_THAT(offered.body, HasSubstr("elle vous est réservée jusqu&#39;au 15 janvier 2027 à 11\u00a0h\u00a000"));
    const auto decline =
        httpRequest(port, "POST", people[10]["receipt_url"].get<std::string>() + "/groupes/ATTENTE/refuser");
    EXPECT_EQ(decline.status, 303);
    EXPECT_EQ(stateOf(people[10]["id"]), "declined");
    EXPECT_EQ(stateOf(people[11]["id"]), "offered");

    // p11 does not answer: two hours later the sweep ends the offer and offers the place to p12.
    setClock("2027-01-15T10:30:00Z");
    EXPECT_TRUE(eventually(people[11]["id"], "expired")) << stateOf(people[11]["id"]);
    EXPECT_TRUE(eventually(people[12]["id"], "offered")) << stateOf(people[12]["id"]);
    EXPECT_EQ(db->scalar("SELECT CONCAT(registered, '/', waitlisted) FROM project_groups WHERE code = 'ATTENTE'"),
              "10/0");
    const auto lapsed = httpGet(port, people[11]["receipt_url"].get<std::string>());
    EXPECT_THAT(lapsed.body, HasSubstr("n&#39;a pas été acceptée à temps"));

    // p12 leaves the group from the receipt before answering: their offered place goes back (nobody waits).
    EXPECT_EQ(
        httpRequest(port, "POST", people[12]["receipt_url"].get<std::string>() + "/groupes/ATTENTE/retrait").status,
        303);
    EXPECT_EQ(stateOf(people[12]["id"]), "withdrawn");
    EXPECT_EQ(db->scalar("SELECT registered FROM project_groups WHERE code = 'ATTENTE'"), "9");

    // Offer links: made up or altered → 403, as a page and in the API.
    const std::string made_up(48, 'a');
    EXPECT_EQ(httpGet(port, "/offres/" + made_up).status, 403);
    const auto api = httpRequest(port, "POST", "/api/v1/offers/" + made_up + "/accept");
    EXPECT_EQ(api.status, 403);
    EXPECT_EQ(api.json()["error"], "offer_forged");
    const auto withdraw_unknown = httpRequest(
        port, "POST", "/api/v1/forms/inscription-test/receipts/" + std::string(40, '0') + "/groups/ATTENTE/withdraw");
    EXPECT_EQ(withdraw_unknown.status, 404);
    EXPECT_EQ(withdraw_unknown.json()["error"], "registration_not_found");
}

}  // namespace
