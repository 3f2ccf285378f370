// The pilots' dashboard sessions (issue 14, item 5) against the real binary and MariaDB, the clock set by a
// clock file: the cookie is a random session id stored hashed, never the token; an hour idle or twelve
// hours in all end it; logout is a CSRF-checked POST that ends it on the server; the login form's CSRF
// token is bound to a pre-session cookie; Secure comes from --public-url, never from a request header; and
// failed authentications from one client are answered 429 after --pilot-auth-limit.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "service/crypto/digest.h"
#include "tests/support/pilot_browser.h"
#include "tests/support/service_fixture.h"

using namespace tnt::testing;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

class PilotSessionTest : public ::testing::Test {
protected:
    TestEnvironment env;
    std::unique_ptr<TestDatabase> db;
    std::unique_ptr<ServiceProcess> service;
    std::string clock_file;
    int port = 0;

    void SetUp() override
    {
        TNT_REQUIRE_TEST_DATABASE(env);
        db = std::make_unique<TestDatabase>(env);
        clock_file = ::testing::TempDir() + "/clock-" + db->name();
        setClock("2027-01-15T08:00:00Z");
    }
    void TearDown() override
    {
        service.reset();
        if (!clock_file.empty()) std::filesystem::remove(clock_file);
    }
    void start(std::vector<std::string> extra = {})
    {
        port = freePort();
        auto environment = databaseEnvironment(db->settings());
        environment["TNT_FORMS_CLOCK_FILE"] = clock_file;
        service =
            std::make_unique<ServiceProcess>(env.binary, serveArgs(env, port, fixtureForms(env), extra), environment);
        ASSERT_TRUE(service->waitUntilHealthy(port)) << service->log();
    }
    void setClock(const std::string& iso) { std::ofstream(clock_file) << iso << "\n"; }
    std::string token(const std::string& name)
    {
        return createToken(env, db->settings(), {"--name", name, "--scope", "form:avis"});
    }
    static int statusOf(PilotBrowser& browser) { return browser.get("/pilote/formulaires").status; }
};

TEST_F(PilotSessionTest, TheCookieIsARandomSessionIdOnlyItsHashIsStoredAndEachLoginGetsANewOne)
{
    start();
    const auto secret = token("pilote-a");
    PilotBrowser browser(port);
    ASSERT_EQ(browser.login(secret).status, 303);
    const auto session = browser.cookie("tnt_pilote");
    ASSERT_EQ(session.size(), 43u);
    EXPECT_EQ(session.find(secret), std::string::npos);
    EXPECT_EQ(db->count("pilot_sessions WHERE session_sha256 = '" + tnt::crypto::sha256Hex(session) + "'"), 1);
    EXPECT_EQ(db->count("pilot_sessions WHERE session_sha256 = '" + session + "'"), 0);
    EXPECT_EQ(statusOf(browser), 200);
    // Logging in again (even with a session cookie an attacker planted) gives a new session id.
    browser.setCookie("tnt_pilote", std::string(43, 'A'));
    ASSERT_EQ(browser.login(secret).status, 303);
    EXPECT_NE(browser.cookie("tnt_pilote"), session);
    EXPECT_NE(browser.cookie("tnt_pilote"), std::string(43, 'A'));
    // The token itself is not a cookie value the service takes.
    PilotBrowser forger(port);
    forger.setCookie("tnt_pilote", secret);
    EXPECT_EQ(statusOf(forger), 401);
}

TEST_F(PilotSessionTest, AnHourWithoutActivityOrTwelveHoursInAllEndTheSession)
{
    start();
    const auto secret = token("pilote-b");
    PilotBrowser idle(port);
    ASSERT_EQ(idle.login(secret).status, 303);
    PilotBrowser busy(port);
    ASSERT_EQ(busy.login(secret).status, 303);
    setClock("2027-01-15T08:59:00Z");
    EXPECT_EQ(statusOf(busy), 200);  // 59 minutes idle: still on, and now active again
    setClock("2027-01-15T09:01:00Z");
    EXPECT_EQ(statusOf(idle), 401);  // 61 minutes idle
    // The ended session's download link leads to the login page that says why.
    const auto download = idle.get("/api/v1/forms/avis/responses.csv");
    EXPECT_EQ(download.status, 303);
    EXPECT_EQ(download.header("location"), "/pilote?session=expiree");
    // Active every 50 minutes, the other session still ends twelve hours after login.
    for (const char* at : {"09:50", "10:40", "11:30", "12:20", "13:10", "14:00", "14:50", "15:40", "16:30", "17:20",
                           "18:10", "19:00", "19:50"}) {
        setClock(std::string("2027-01-15T") + at + ":00Z");
        ASSERT_EQ(statusOf(busy), 200) << at;
    }
    setClock("2027-01-15T20:01:00Z");
    EXPECT_EQ(statusOf(busy), 401);
    // A new login opens a new session.
    ASSERT_EQ(busy.login(secret).status, 303);
    EXPECT_EQ(statusOf(busy), 200);
}

TEST_F(PilotSessionTest, LogoutIsACsrfCheckedPostThatEndsTheSessionOnTheServer)
{
    start();
    const auto secret = token("pilote-c");
    PilotBrowser browser(port);
    ASSERT_EQ(browser.login(secret).status, 303);
    const auto session = browser.cookie("tnt_pilote");
    PilotBrowser other(port);
    ASSERT_EQ(other.login(secret).status, 303);
    const auto others_csrf = hiddenValue(other.get("/pilote/formulaires").body, "_csrf");

    // A link (GET) logs nobody out.
    EXPECT_EQ(httpGet(port, "/pilote/deconnexion", {{"Cookie", "tnt_pilote=" + session}}).status, 405);
    // A post without the page's token, or with another session's, is refused and the session stays.
    const auto forged = browser.post("/pilote/deconnexion", {});
    EXPECT_EQ(forged.status, 403);
    EXPECT_THAT(forged.body, HasSubstr("Déconnexion refusée"));
    EXPECT_EQ(browser.post("/pilote/deconnexion", {{"_csrf", others_csrf}}).status, 403);
    EXPECT_EQ(statusOf(browser), 200);

    const auto out = browser.logout();
    EXPECT_EQ(out.status, 303);
    EXPECT_EQ(out.header("location"), "/pilote/");
    EXPECT_THAT(out.header("set-cookie"), HasSubstr("tnt_pilote=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0"));
    // The old cookie, replayed, opens nothing: the session is gone from the database.
    EXPECT_EQ(db->count("pilot_sessions WHERE session_sha256 = '" + tnt::crypto::sha256Hex(session) + "'"), 0);
    PilotBrowser replay(port);
    replay.setCookie("tnt_pilote", session);
    EXPECT_EQ(statusOf(replay), 401);
    EXPECT_EQ(statusOf(other), 200);  // the other session is untouched
}

TEST_F(PilotSessionTest, TheLoginFormsCsrfTokenIsBoundToThePreSessionCookie)
{
    start();
    const auto secret = token("pilote-d");
    PilotBrowser victim(port);
    const auto page = victim.get("/pilote");
    EXPECT_THAT(page.header("set-cookie"),
                ::testing::MatchesRegex("tnt_pilote_connexion=[A-Za-z0-9]{32}; HttpOnly; SameSite=Strict; "
                                        "Path=/pilote; Max-Age=86400"));
    // An attacker's page posting its own token with a CSRF token it got from the service: the victim's
    // browser has another pre-session cookie, or none, so the login is refused.
    PilotBrowser attacker(port);
    const auto attackers_csrf = hiddenValue(attacker.get("/pilote").body, "_csrf");
    const auto with_other_cookie = victim.post("/pilote/connexion", {{"_csrf", attackers_csrf}, {"jeton", secret}});
    EXPECT_EQ(with_other_cookie.status, 403);
    EXPECT_TRUE(victim.cookie("tnt_pilote").empty());
    PilotBrowser cookieless(port);
    const auto without_cookie = cookieless.post("/pilote/connexion", {{"_csrf", attackers_csrf}, {"jeton", secret}});
    EXPECT_EQ(without_cookie.status, 403);
    EXPECT_THAT(without_cookie.body, HasSubstr("autorisez les cookies"));
    EXPECT_TRUE(cookieless.cookie("tnt_pilote").empty());
    // The page's own token with its own cookie logs in; reloading the page keeps the same pre-session cookie.
    EXPECT_TRUE(victim.get("/pilote").header("set-cookie").empty());
    EXPECT_EQ(victim.login(secret).status, 303);
}

TEST_F(PilotSessionTest, CookiesAreSecureWhenThePublicUrlIsHttpsNeverBecauseOfARequestHeader)
{
    start();
    const auto secret = token("pilote-e");
    PilotBrowser spoofing(port, {{"X-Forwarded-Proto", "https"}});
    ASSERT_EQ(spoofing.login(secret).status, 303);
    EXPECT_THAT(spoofing.lastSetCookie(), Not(HasSubstr("Secure")));
    service.reset();

    start({"--public-url", "https://formulaires.exemple.gouv.fr"});
    PilotBrowser browser(port);
    EXPECT_THAT(browser.get("/pilote").header("set-cookie"), HasSubstr("; Secure"));
    ASSERT_EQ(browser.login(secret).status, 303);
    EXPECT_THAT(browser.lastSetCookie(), HasSubstr("tnt_pilote="));
    EXPECT_THAT(browser.lastSetCookie(), HasSubstr("; Secure"));
    EXPECT_THAT(browser.logout().header("set-cookie"), HasSubstr("; Secure"));

    const auto bad = runCommand(env.binary,
                                {"serve", "--public-url", "formulaires.exemple.gouv.fr/chemin", "--forms",
                                 env.source_dir + "/tests/e2e/data/forms"},
                                databaseEnvironment(db->settings()));
    EXPECT_NE(bad.status, 0);
    EXPECT_THAT(bad.output, HasSubstr("--public-url"));
}

TEST_F(PilotSessionTest, FailedAuthenticationsFromOneClientAreAnswered429ThenOthersAreStillServed)
{
    start({"--pilot-auth-limit", "3", "--trusted-proxy", "127.0.0.1"});
    const auto secret = token("pilote-f");
    const std::vector<std::pair<std::string, std::string>> guesser{{"X-Forwarded-For", "203.0.113.7"},
                                                                   {"Authorization", "Bearer tnt_devine"}};
    for (int i = 0; i < 3; ++i) EXPECT_EQ(httpGet(port, "/api/v1/forms/avis/stats", guesser).status, 401) << i;
    const auto limited = httpGet(port, "/api/v1/forms/avis/stats", guesser);
    EXPECT_EQ(limited.status, 429);
    EXPECT_EQ(limited.json()["error"], "too_many_attempts");
    EXPECT_FALSE(limited.header("retry-after").empty());
    // Even the right token waits from that client: guessing is slowed down before the database is asked.
    EXPECT_EQ(httpGet(port, "/api/v1/forms/avis/stats",
                      {{"X-Forwarded-For", "203.0.113.7"}, {"Authorization", "Bearer " + secret}})
                  .status,
              429);
    // Guessed session cookies count too; the dashboard answers with a French page.
    PilotBrowser cookie_guesser(port, {{"X-Forwarded-For", "203.0.113.7"}});
    cookie_guesser.setCookie("tnt_pilote", std::string(43, 'B'));
    const auto page = cookie_guesser.get("/pilote/formulaires");
    EXPECT_EQ(page.status, 429);
    EXPECT_THAT(page.body, HasSubstr("Trop de tentatives"));
    // Another client is served as usual, and requests without any credential are never counted.
    const std::vector<std::pair<std::string, std::string>> other{{"X-Forwarded-For", "203.0.113.8"}};
    for (int i = 0; i < 5; ++i) EXPECT_EQ(httpGet(port, "/api/v1/forms/avis/stats", other).status, 401) << i;
    auto with_token = other;
    with_token.emplace_back("Authorization", "Bearer " + secret);
    EXPECT_EQ(httpGet(port, "/api/v1/forms/avis/stats", with_token).status, 200);
    PilotBrowser pilot(port, other);
    EXPECT_EQ(pilot.login(secret).status, 303);
}

}  // namespace
