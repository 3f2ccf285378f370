// Places and deadlines shown next to each project group, on the form page and in the form API, from the
// counters that enforce the capacity: « N places restantes », « Complet » (not selectable), « Inscriptions
// closes depuis le … » (not selectable), and the figures follow the sign-ups within a second or two.
#include <gtest/gtest.h>

#include <chrono>
#include <regex>
#include <thread>

#include "tests/support/service_fixture.h"

using namespace tnt::testing;
using nlohmann::json;

namespace {

class GroupPlacesTest : public ::testing::Test {
protected:
    TestEnvironment env;
    std::unique_ptr<TestDatabase> db;
    std::unique_ptr<ServiceProcess> service;
    int port = 0;

    void SetUp() override
    {
        TNT_REQUIRE_TEST_DATABASE(env);
        db = std::make_unique<TestDatabase>(env);
        port = freePort();
        service = std::make_unique<ServiceProcess>(
            env.binary,
            std::vector<std::string>{"serve", "--listen", "127.0.0.1:" + std::to_string(port), "--forms",
                                     env.source_dir + "/tests/e2e/data/forms", "--schema", env.source_dir + "/schema",
                                     "--rate-limit", "0"},
            databaseEnvironment(db->settings()));
        ASSERT_TRUE(service->waitUntilHealthy(port)) << service->log();
    }

    void signUp(int n, const json& groups)
    {
        const auto r = httpPostJson(port, "/api/v1/forms/inscription-test/responses",
                                    json{{"answers",
                                          {{"nom", "Agent " + std::to_string(n)},
                                           {"email", "agent" + std::to_string(n) + "@commune.fr"},
                                           {"groupes", groups}}}});
        ASSERT_EQ(r.status, 201) << r.body;
    }

    json group(const std::string& code)
    {
        const auto r = httpGet(port, "/api/v1/forms/inscription-test");
        EXPECT_EQ(r.status, 200);
        const auto form = json::parse(r.body);
        for (const auto& g : form.at("groups")) {
            if (g.at("code") == code) return g;
        }
        ADD_FAILURE() << "no group " << code << " in " << r.body;
        return json::object();
    }

    // The API's view of a group once its counter has been read again (every second).
    json groupWhen(const std::string& code, const std::function<bool(const json&)>& ready)
    {
        json g;
        for (int i = 0; i < 50; ++i) {
            g = group(code);
            if (ready(g)) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return g;
    }

    // The option of a group on the page: its input and its label.
    std::string option(const std::string& page, const std::string& code)
    {
        std::smatch m;
        const std::regex re("<input[^>]*value=\"" + code + "\"[^>]*>\\s*<label[^>]*>(.*?)</label>");
        EXPECT_TRUE(std::regex_search(page, m, re)) << code;
        return m.size() > 0 ? m.str(0) : "";
    }
};

}  // namespace

TEST_F(GroupPlacesTest, PlacesLeftFollowTheSignUpsAndAFullOrClosedGroupCannotBeTicked)
{
    for (int n = 0; n < 9; ++n) signUp(n, {"PETIT"});
    auto petit = groupWhen("PETIT", [](const json& g) { return g.at("places_left") == 1; });
    EXPECT_EQ(petit.at("places_left"), 1) << petit;
    EXPECT_EQ(petit.at("state"), "open");
    EXPECT_EQ(petit.at("capacity"), 10);
    EXPECT_EQ(petit.at("availability"), "1 place restante");
    const auto libre = group("LIBRE");
    EXPECT_TRUE(libre.at("places_left").is_null());
    EXPECT_EQ(libre.at("state"), "open");
    const auto fini = group("FINI");
    EXPECT_EQ(fini.at("state"), "closed");
    EXPECT_EQ(fini.at("availability"), "Inscriptions closes depuis le 8 décembre 2021 à 23 h 59");

    auto page = httpGet(port, "/f/inscription-test");
    ASSERT_EQ(page.status, 200);
    EXPECT_NE(option(page.body, "PETIT").find("1 place restante"), std::string::npos) << option(page.body, "PETIT");
    EXPECT_EQ(option(page.body, "PETIT").find("disabled"), std::string::npos);
    EXPECT_NE(option(page.body, "FINI").find("disabled"), std::string::npos) << option(page.body, "FINI");
    EXPECT_NE(option(page.body, "FINI").find("Inscriptions closes depuis le 8 décembre 2021"), std::string::npos);
    EXPECT_EQ(option(page.body, "LIBRE").find("disabled"), std::string::npos);
    EXPECT_EQ(option(page.body, "LIBRE").find("tnt-places"), std::string::npos) << "nothing to say: no line";

    signUp(9, {"PETIT", "LIBRE"});
    petit = groupWhen("PETIT", [](const json& g) { return g.at("state") == "full"; });
    EXPECT_EQ(petit.at("state"), "full") << petit;
    EXPECT_EQ(petit.at("places_left"), 0);
    EXPECT_EQ(petit.at("availability"), "Complet");
    page = httpGet(port, "/f/inscription-test");
    EXPECT_NE(option(page.body, "PETIT").find("disabled"), std::string::npos) << option(page.body, "PETIT");
    EXPECT_NE(option(page.body, "PETIT").find("Complet"), std::string::npos);
    // The server still has the last word: an eleventh sign-up is refused.
    const auto late =
        httpPostJson(port, "/api/v1/forms/inscription-test/responses",
                     json{{"answers", {{"nom", "Tard"}, {"email", "tard@commune.fr"}, {"groupes", {"PETIT"}}}}});
    EXPECT_EQ(late.status, 409) << late.body;
}
