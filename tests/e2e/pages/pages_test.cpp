// The HTML pages over HTTP against the real binary and MariaDB: the form page, urlencoded posts to the
// receipt, idempotent double posts, errors, CSRF, the honeypot, closed and upcoming forms, content types,
// static files, the legal pages of the footer and the pilots' dashboard.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "tests/support/html_form.h"
#include "tests/support/pilot_browser.h"
#include "tests/support/service_fixture.h"

using namespace tnt::testing;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;

namespace {

using Fields = FormFields;

std::string encode(const Fields& fields)
{
    return formBody(fields);
}

class PagesTest : public SharedServiceSuite<PagesTest> {
protected:
    static void SetUpTestSuite()
    {
        const auto found = testEnvironment();
        startSuite({"--static", (found ? found->source_dir : std::string()) + "/node_modules/@gouvfr/dsfr/dist",
                    "--publisher", "Commune d'Essai", "--contact-email", "ecrire@essai.example", "--accessibility",
                    "partiellement"});
    }

    static long long responsesOf(const std::string& slug)
    {
        return db->count("responses r JOIN forms f ON f.id = r.form_id WHERE f.slug = '" + slug + "'");
    }

    struct Page {
        HttpResult result;
        std::string csrf;
        std::string idempotency;
    };
    static Page openForm(const std::string& slug)
    {
        Page page{httpGet(port, "/f/" + slug), "", ""};
        page.csrf = hiddenValue(page.result.body, "_csrf");
        page.idempotency = hiddenValue(page.result.body, "_jeton");
        return page;
    }
    static HttpResult post(const std::string& slug, const Fields& fields,
                           const std::string& content_type = "application/x-www-form-urlencoded")
    {
        return httpRequest(port, "POST", "/f/" + slug, {{"Content-Type", content_type}}, encode(fields));
    }
};

TEST_F(PagesTest, FormPageIsHtmlWithCspAndTheHiddenTokens)
{
    const auto page = openForm("avis");
    ASSERT_EQ(page.result.status, 200);
    EXPECT_THAT(page.result.header("content-type"), HasSubstr("text/html"));
    EXPECT_THAT(page.result.header("content-security-policy"), HasSubstr("script-src 'self'"));
    EXPECT_THAT(page.result.header("content-security-policy"), HasSubstr("frame-ancestors 'none'"));
    EXPECT_EQ(page.result.header("cache-control"), "no-store");
    EXPECT_THAT(page.csrf, MatchesRegex("[0-9]+\\.[A-Za-z0-9]+\\.[0-9a-f]{64}"));
    EXPECT_EQ(page.idempotency.size(), 32u);
    EXPECT_THAT(page.result.body, HasSubstr("<html lang=\"fr\""));
    EXPECT_THAT(page.result.body, HasSubstr("href=\"/static/dsfr/dsfr.min.css\""));
    EXPECT_THAT(page.result.body, HasSubstr("for=\"q-note-1\""));
    EXPECT_NE(openForm("avis").idempotency, page.idempotency);
}

TEST_F(PagesTest, ValidPostRedirectsToTheReceiptAndStoresOneResponse)
{
    const auto before = responsesOf("avis");
    const auto page = openForm("avis");
    const auto r = post("avis", {{"_csrf", page.csrf},
                                 {"_jeton", page.idempotency},
                                 {"_site_web", ""},
                                 {"note", "4"},
                                 {"commentaire", "Très bien, « merci » & bravo"}});
    ASSERT_EQ(r.status, 303) << r.body;
    const auto location = r.header("location");
    EXPECT_THAT(location, MatchesRegex("/f/avis/merci/[A-Za-z0-9]+"));
    EXPECT_EQ(responsesOf("avis"), before + 1);
    // The location carries the receipt secret; the database keeps only its SHA-256.
    const auto secret = location.substr(location.rfind('/') + 1);
    const auto where = " FROM responses WHERE receipt_hash = SHA2('" + secret + "', 256)";
    EXPECT_EQ(db->scalar("SELECT JSON_UNQUOTE(JSON_EXTRACT(answers, '$.commentaire'))" + where),
              "Très bien, « merci » & bravo");
    const auto id = db->scalar("SELECT public_id" + where);
    const auto receipt = httpGet(port, location);
    ASSERT_EQ(receipt.status, 200);
    EXPECT_THAT(receipt.body, HasSubstr(id.substr(0, 4) + "-" + id.substr(4, 4)));
    EXPECT_THAT(receipt.body, HasSubstr("Vos réponses sont enregistrées"));
}

TEST_F(PagesTest, DoublePostWithTheSamePageTokenStoresOnceAndShowsTheSameReceipt)
{
    const auto before = responsesOf("avis");
    const auto page = openForm("avis");
    const Fields fields{{"_csrf", page.csrf}, {"_jeton", page.idempotency}, {"note", "5"}};
    const auto first = post("avis", fields);
    const auto second = post("avis", fields);
    ASSERT_EQ(first.status, 303);
    ASSERT_EQ(second.status, 303);
    EXPECT_EQ(first.header("location"), second.header("location"));
    EXPECT_EQ(responsesOf("avis"), before + 1);
}

TEST_F(PagesTest, InvalidPostShowsTheFormAgainWithTheErrorSummary)
{
    const auto before = responsesOf("avis");
    const auto page = openForm("avis");
    const auto r =
        post("avis", {{"_csrf", page.csrf}, {"_jeton", page.idempotency}, {"commentaire", "<script>x</script>"}});
    ASSERT_EQ(r.status, 422);
    EXPECT_THAT(r.header("content-type"), HasSubstr("text/html"));
    EXPECT_THAT(r.body, HasSubstr("<title>Erreur\u00a0: une réponse à corriger – Avis de test</title>"));
    EXPECT_THAT(r.body, HasSubstr("role=\"alert\" id=\"resume-erreurs\""));
    EXPECT_THAT(r.body, HasSubstr("<a href=\"#q-note-1\">"));
    EXPECT_THAT(
        r.body,
        HasSubstr(
            "id=\"q-note-1\" name=\"note\" value=\"1\" aria-invalid=\"true\" aria-describedby=\"q-note-erreur\""));
    EXPECT_THAT(r.body, HasSubstr("&lt;script&gt;x&lt;/script&gt;</textarea>"));
    EXPECT_THAT(r.body, Not(HasSubstr("<script>")));
    // The same page token is kept, and a fresh CSRF token is issued.
    EXPECT_EQ(hiddenValue(r.body, "_jeton"), page.idempotency);
    EXPECT_FALSE(hiddenValue(r.body, "_csrf").empty());
    EXPECT_EQ(responsesOf("avis"), before);
}

TEST_F(PagesTest, MissingOrForgedCsrfIsRefusedAndNothingIsStored)
{
    const auto before = responsesOf("avis");
    const auto page = openForm("avis");
    const auto missing = post("avis", {{"_jeton", page.idempotency}, {"note", "3"}});
    EXPECT_EQ(missing.status, 403);
    EXPECT_THAT(missing.body, HasSubstr("Vos réponses n&#39;ont pas pu être vérifiées"));
    EXPECT_THAT(missing.body, HasSubstr("id=\"q-note-3\" name=\"note\" value=\"3\" checked"));
    auto forged = page.csrf;
    forged.back() = forged.back() == 'a' ? 'b' : 'a';
    EXPECT_EQ(post("avis", {{"_csrf", forged}, {"_jeton", page.idempotency}, {"note", "3"}}).status, 403);
    // A token signed for another form does not do either.
    const auto other = openForm("inscription-test");
    EXPECT_EQ(post("avis", {{"_csrf", other.csrf}, {"_jeton", page.idempotency}, {"note", "3"}}).status, 403);
    EXPECT_EQ(responsesOf("avis"), before);
    // The page shown with the refusal carries a token that works.
    const auto retry =
        post("avis", {{"_csrf", hiddenValue(missing.body, "_csrf")}, {"_jeton", page.idempotency}, {"note", "3"}});
    EXPECT_EQ(retry.status, 303);
    EXPECT_EQ(responsesOf("avis"), before + 1);
}

TEST_F(PagesTest, HoneypotPretendsSuccessButStoresNothing)
{
    const auto before = responsesOf("avis");
    const auto page = openForm("avis");
    const auto r =
        post("avis",
             {{"_csrf", page.csrf}, {"_jeton", page.idempotency}, {"_site_web", "http://spam.example"}, {"note", "2"}});
    ASSERT_EQ(r.status, 303);
    EXPECT_THAT(r.header("location"), MatchesRegex("/f/avis/merci/[A-Za-z0-9]+"));
    EXPECT_EQ(responsesOf("avis"), before);
}

TEST_F(PagesTest, ClosedFormIsAGonePageForGetAndPost)
{
    const auto get = httpGet(port, "/f/clos-2021");
    ASSERT_EQ(get.status, 410);
    EXPECT_THAT(get.header("content-type"), HasSubstr("text/html"));
    EXPECT_THAT(get.body, HasSubstr("Ce formulaire est clos depuis le 8 décembre 2021 à 23\u00a0h\u00a059."));
    const auto r = post("clos-2021", {{"note", "3"}});
    EXPECT_EQ(r.status, 410);
    EXPECT_THAT(r.body, HasSubstr("Ce formulaire est clos depuis le 8 décembre 2021 à 23\u00a0h\u00a059."));
    EXPECT_EQ(responsesOf("clos-2021"), 0);
}

TEST_F(PagesTest, UpcomingFormSaysWhenItOpens)
{
    const auto r = httpGet(port, "/f/futur");
    EXPECT_EQ(r.status, 403);
    EXPECT_THAT(r.body, HasSubstr("Ce formulaire ouvrira le 1er janvier 2099 à 0\u00a0h\u00a000."));
}

TEST_F(PagesTest, WrongContentTypeIs415)
{
    const auto before = responsesOf("avis");
    const auto r = httpRequest(port, "POST", "/f/avis", {{"Content-Type", "application/json"}}, R"({"note": 3})");
    EXPECT_EQ(r.status, 415);
    EXPECT_EQ(httpRequest(port, "POST", "/f/avis", {}, "note=3").status, 415);
    EXPECT_EQ(responsesOf("avis"), before);
}

TEST_F(PagesTest, UnknownFormAndBadReceiptIdAreNotFoundPages)
{
    const auto r = httpGet(port, "/f/inexistant");
    EXPECT_EQ(r.status, 404);
    EXPECT_THAT(r.header("content-type"), HasSubstr("text/html"));
    EXPECT_EQ(httpGet(port, "/f/avis/merci/%3Cscript%3E").status, 404);
}

TEST_F(PagesTest, IndexListsOnlyOpenForms)
{
    const auto r = httpGet(port, "/");
    ASSERT_EQ(r.status, 200);
    EXPECT_THAT(r.body, HasSubstr("href=\"/f/avis\""));
    EXPECT_THAT(r.body, Not(HasSubstr("href=\"/f/clos-2021\"")));
    EXPECT_THAT(r.body, Not(HasSubstr("href=\"/f/futur\"")));
}

TEST_F(PagesTest, IndexListsUpcomingFormsUnderBientotWithTheirOpeningDate)
{
    const auto r = httpGet(port, "/");
    ASSERT_EQ(r.status, 200);
    const auto soon = r.body.find("<h2 class=\"fr-mt-4w\">Bientôt</h2>");
    ASSERT_NE(soon, std::string::npos) << r.body;
    EXPECT_NE(r.body.find("Questionnaire à venir</h3>", soon), std::string::npos);
    EXPECT_NE(r.body.find("Ouvrira le 1er janvier 2099 à 0\u00a0h\u00a000", soon), std::string::npos);
    EXPECT_EQ(r.body.find("Sensibilisation 2021</h3>", soon), std::string::npos);  // closed forms are not "soon"
}

// Issue 13, item 6: every page's footer links the legal pages; they name the operator given to `serve`.
TEST_F(PagesTest, FooterLinksTheLegalPagesWhichNameTheConfiguredOperator)
{
    for (const auto& path :
         {std::string("/"), std::string("/f/avis"), std::string("/f/inexistant"), std::string("/pilote")}) {
        const auto r = httpGet(port, path);
        EXPECT_THAT(r.body, HasSubstr("href=\"/accessibilite\">Accessibilité\u00a0: partiellement conforme</a>"))
            << path;
        EXPECT_THAT(r.body, HasSubstr("href=\"/mentions-legales\">Mentions légales</a>")) << path;
        EXPECT_THAT(r.body, HasSubstr("href=\"/donnees-personnelles\">Données personnelles</a>")) << path;
        EXPECT_THAT(r.body, HasSubstr("href=\"/cookies\">Gestion des cookies</a>")) << path;
        EXPECT_THAT(r.body, HasSubstr("mailto:ecrire@essai.example")) << path;
    }
    const auto notice = httpGet(port, "/mentions-legales");
    ASSERT_EQ(notice.status, 200);
    EXPECT_THAT(notice.header("content-type"), HasSubstr("text/html"));
    EXPECT_THAT(notice.body, HasSubstr("Commune d&#39;Essai"));
    const auto accessibility = httpGet(port, "/accessibilite");
    ASSERT_EQ(accessibility.status, 200);
    EXPECT_THAT(accessibility.body, HasSubstr("<strong>partiellement conforme</strong>"));
    const auto data = httpGet(port, "/donnees-personnelles");
    ASSERT_EQ(data.status, 200);
    EXPECT_THAT(data.body, HasSubstr("Inscription conservée trente jours</h3>"));
    EXPECT_THAT(data.body, HasSubstr("supprimées 30 jours après leur envoi"));
    EXPECT_THAT(data.body, HasSubstr("aussi transmise aux pilotes de ce groupe"));
    const auto cookies = httpGet(port, "/cookies");
    ASSERT_EQ(cookies.status, 200);
    EXPECT_THAT(cookies.body, HasSubstr("<th scope=\"row\">tnt_pilote</th>"));
}

TEST_F(PagesTest, InvalidOperatorDetailsStopTheServiceAtStartWithTheFlagNamed)
{
    const auto r =
        runCommand(env.binary,
                   {"serve", "--forms", env.source_dir + "/tests/e2e/data/forms", "--schema",
                    env.source_dir + "/schema", "--contact-email", "pas-une-adresse", "--accessibility", "oui"},
                   databaseEnvironment(db->settings()));
    EXPECT_EQ(r.status, 2);
    EXPECT_THAT(r.output, HasSubstr("--contact-email"));
    EXPECT_THAT(r.output, HasSubstr("--accessibility"));
}

TEST_F(PagesTest, StaticFilesAreServedWithCacheHeadersAndNothingOutside)
{
    const auto css = httpGet(port, "/static/dsfr/dsfr.min.css");
    if (css.status == 404) GTEST_SKIP() << "node_modules is not installed (deploy/install-npm.sh)";
    ASSERT_EQ(css.status, 200);
    EXPECT_EQ(css.header("content-type"), "text/css; charset=utf-8");
    EXPECT_THAT(css.header("cache-control"), HasSubstr("max-age="));
    const auto font = httpGet(port, "/static/dsfr/fonts/Marianne-Regular.woff2");
    EXPECT_EQ(font.status, 200);
    EXPECT_EQ(font.header("content-type"), "font/woff2");
    EXPECT_EQ(httpGet(port, "/static/dsfr/utility/icons/icons.min.css").status, 200);
    EXPECT_EQ(httpGet(port, "/static/dsfr/..%2F..%2F..%2Fpackage.json").status, 404);
    EXPECT_EQ(httpGet(port, "/static/dsfr/%2e%2e/package.json").status, 404);
    EXPECT_EQ(httpGet(port, "/static/tnt-forms.css").status, 200);
}

TEST_F(PagesTest, RateLimitedPostsGetA429Page)
{
    const int limited_port = freePort();
    ServiceProcess limited(
        env.binary,
        {"serve", "--listen", "127.0.0.1:" + std::to_string(limited_port), "--forms",
         env.source_dir + "/tests/e2e/data/forms", "--schema", env.source_dir + "/schema", "--rate-limit", "1"},
        databaseEnvironment(db->settings()));
    ASSERT_TRUE(limited.waitUntilHealthy(limited_port)) << limited.log();
    const auto page = httpGet(limited_port, "/f/avis");
    const auto body = encode({{"_csrf", hiddenValue(page.body, "_csrf")}, {"note", "1"}});
    const std::vector<std::pair<std::string, std::string>> headers{
        {"Content-Type", "application/x-www-form-urlencoded"}};
    EXPECT_EQ(httpRequest(limited_port, "POST", "/f/avis", headers, body).status, 303);
    const auto refused = httpRequest(limited_port, "POST", "/f/avis", headers, body);
    EXPECT_EQ(refused.status, 429);
    EXPECT_FALSE(refused.header("retry-after").empty());
    EXPECT_THAT(refused.body, HasSubstr("Trop de réponses envoyées"));
}

class DashboardTest : public PagesTest {
protected:
    static std::string createToken(const std::string& name, const std::string& scope)
    {
        return tnt::testing::createToken(env, db->settings(), {"--name", name, "--scope", scope});
    }
    // A browser logged in with `secret`.
    static PilotBrowser loggedIn(const std::string& secret)
    {
        PilotBrowser browser(port);
        const auto r = browser.login(secret);
        EXPECT_EQ(r.status, 303) << r.body;
        return browser;
    }
};

TEST_F(DashboardTest, LoginSetsAnHttpOnlyStrictCookieAndShowsTheTokensForms)
{
    const auto secret = createToken("pilote-avis", "form:avis");
    EXPECT_EQ(httpGet(port, "/pilote/formulaires").status, 401);
    auto browser = loggedIn(secret);
    const auto cookie = browser.lastSetCookie();
    // The cookie holds a random session id, never the token (issue 14, item 5).
    EXPECT_THAT(cookie, MatchesRegex("tnt_pilote=[A-Za-z0-9]{43}; HttpOnly; SameSite=Strict; Path=/"));
    EXPECT_THAT(cookie, Not(HasSubstr(secret)));
    const std::vector<std::pair<std::string, std::string>> with_cookie{
        {"Cookie", "tnt_pilote=" + browser.cookie("tnt_pilote")}};
    const auto list = httpGet(port, "/pilote/formulaires", with_cookie);
    ASSERT_EQ(list.status, 200);
    EXPECT_THAT(list.body, HasSubstr("href=\"/pilote/formulaires/avis\""));
    EXPECT_THAT(list.body, Not(HasSubstr("href=\"/pilote/formulaires/clos-2021\"")));
    const auto form = httpGet(port, "/pilote/formulaires/avis", with_cookie);
    ASSERT_EQ(form.status, 200);
    EXPECT_THAT(form.body, HasSubstr("responses.csv?dialect=excel"));
    EXPECT_THAT(form.body, HasSubstr("<h2 id=\"reponses-par-question\">Réponses par question</h2>"));
    // The download links work with the cookie alone.
    EXPECT_EQ(httpGet(port, "/api/v1/forms/avis/responses.csv?dialect=excel", with_cookie).status, 200);
    // Outside the token's scope: a French 403 page.
    const auto other = httpGet(port, "/pilote/formulaires/clos-2021", with_cookie);
    EXPECT_EQ(other.status, 403);
    EXPECT_THAT(other.header("content-type"), HasSubstr("text/html"));
    EXPECT_THAT(other.body, HasSubstr("Accès refusé"));
    // Logging out clears the cookie, and the session is over on the server too.
    const auto out = browser.logout();
    EXPECT_EQ(out.status, 303);
    EXPECT_THAT(out.header("set-cookie"), HasSubstr("Max-Age=0"));
    EXPECT_EQ(httpGet(port, "/pilote/formulaires", with_cookie).status, 401);
}

TEST_F(DashboardTest, WrongTokenOrExpiredPageShowsTheLoginPageAgain)
{
    PilotBrowser browser(port);
    const auto wrong = browser.login("tnt_faux");
    EXPECT_EQ(wrong.status, 401);
    EXPECT_THAT(wrong.body, HasSubstr("Ce jeton n&#39;est pas reconnu"));
    EXPECT_TRUE(browser.cookie("tnt_pilote").empty());
    const auto no_csrf = browser.post("/pilote/connexion", {{"jeton", "tnt_faux"}});
    EXPECT_EQ(no_csrf.status, 403);
    const auto bad_cookie = httpGet(port, "/pilote/formulaires/avis", {{"Cookie", "tnt_pilote=tnt_faux"}});
    EXPECT_EQ(bad_cookie.status, 401);
    EXPECT_THAT(bad_cookie.body, HasSubstr("name=\"jeton\""));
}

// Issue 13, item 5: a download link followed once the session has ended leads to the login page, which
// says why; an API client with a Bearer token still gets the JSON 401.
TEST_F(DashboardTest, DownloadAfterTheSessionEndedLeadsToTheLoginPage)
{
    const auto secret = createToken("pilote-revoque", "form:avis");
    const auto session = loggedIn(secret).cookie("tnt_pilote");
    ASSERT_FALSE(session.empty());
    const auto revoked =
        runCommand(env.binary, {"token", "revoke", "--name", "pilote-revoque"}, databaseEnvironment(db->settings()));
    ASSERT_EQ(revoked.status, 0) << revoked.output;
    for (const auto& link :
         {"/api/v1/forms/avis/responses.csv?dialect=excel", "/api/v1/forms/avis/stats.csv?dialect=rfc4180"}) {
        const auto r = httpGet(port, link, {{"Cookie", "tnt_pilote=" + session}});
        EXPECT_EQ(r.status, 303) << link << "\n" << r.body;
        EXPECT_EQ(r.header("location"), "/pilote?session=expiree") << link;
    }
    const auto browser =
        httpGet(port, "/api/v1/forms/avis/responses.csv", {{"Accept", "text/html,application/xhtml+xml"}});
    EXPECT_EQ(browser.status, 303);
    const auto login_page = httpGet(port, "/pilote?session=expiree");
    EXPECT_EQ(login_page.status, 200);
    EXPECT_THAT(login_page.body, HasSubstr("Votre session a pris fin"));
    EXPECT_THAT(login_page.body, HasSubstr("name=\"jeton\""));
    const auto api = httpGet(port, "/api/v1/forms/avis/responses.csv", {{"Authorization", "Bearer " + secret}});
    EXPECT_EQ(api.status, 401);
    EXPECT_THAT(api.header("content-type"), HasSubstr("application/json"));
    EXPECT_THAT(api.body, HasSubstr("\"unauthorized\""));
    EXPECT_EQ(httpGet(port, "/api/v1/forms/avis/stats").status, 401);  // no cookie, no HTML asked: an API client
}

}  // namespace
