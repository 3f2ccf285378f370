#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "service/app/command_line.h"
#include "service/app/config.h"

using tnt::app::CommandLine;

namespace {

const std::string kSource = TNT_FORMS_SOURCE_DIR;

bool mentions(const std::vector<std::string>& problems, const std::string& text)
{
    for (const auto& p : problems) {
        if (p.find(text) != std::string::npos) return true;
    }
    return false;
}

tnt::app::DatabaseConfig validDatabase()
{
    tnt::app::DatabaseConfig db;
    db.socket = "/tmp/x.sock";
    db.password = "secret";
    return db;
}

}  // namespace

TEST(CommandLine, FlagsFillTheServeConfiguration)
{
    CommandLine cl;
    std::string error;
    ASSERT_EQ(cl.parse({"serve", "--listen", "0.0.0.0:9000", "--threads", "4", "--workers", "32", "--max-body", "2048",
                        "--db-socket", "/run/db.sock", "--db-user", "forms"},
                       error),
              0)
        << error;
    EXPECT_EQ(cl.selectedCommand(), "serve");
    EXPECT_EQ(cl.serve().listen, "0.0.0.0:9000");
    EXPECT_EQ(cl.serve().threads, 4);
    EXPECT_EQ(cl.serve().workers, 32);
    EXPECT_EQ(cl.serve().max_body_bytes, 2048u);
    EXPECT_EQ(cl.database().socket, "/run/db.sock");
    EXPECT_EQ(cl.database().user, "forms");
}

TEST(CommandLine, EnvironmentVariablesFillWhatFlagsLeaveOut)
{
    ::setenv("TNT_FORMS_WORKERS", "7", 1);
    ::setenv("TNT_FORMS_DB_NAME", "autre_base", 1);
    CommandLine cl;
    std::string error;
    ASSERT_EQ(cl.parse({"serve"}, error), 0) << error;
    EXPECT_EQ(cl.serve().workers, 7);
    EXPECT_EQ(cl.database().name, "autre_base");
    ::unsetenv("TNT_FORMS_WORKERS");
    ::unsetenv("TNT_FORMS_DB_NAME");
}

TEST(CommandLine, FlagWinsOverEnvironment)
{
    ::setenv("TNT_FORMS_THREADS", "3", 1);
    CommandLine cl;
    std::string error;
    ASSERT_EQ(cl.parse({"serve", "--threads", "5"}, error), 0) << error;
    EXPECT_EQ(cl.serve().threads, 5);
    ::unsetenv("TNT_FORMS_THREADS");
}

TEST(CommandLine, NonNumericValueIsAParseError)
{
    CommandLine cl;
    std::string error;
    EXPECT_NE(cl.parse({"serve", "--workers", "beaucoup"}, error), 0);
    EXPECT_NE(error.find("--workers"), std::string::npos) << error;
}

TEST(CommandLine, UnknownCommandIsRefused)
{
    CommandLine cl;
    std::string error;
    EXPECT_NE(cl.parse({"servir"}, error), 0);
}

TEST(CommandLine, FormsCheckTakesADirectory)
{
    CommandLine cl;
    std::string error;
    ASSERT_EQ(cl.parse({"forms", "check", "/tmp"}, error), 0) << error;
    EXPECT_EQ(cl.selectedCommand(), "forms check");
}

TEST(ServeConfig, DefaultsAreValidWhenTheDirectoriesExist)
{
    tnt::app::ServeConfig c;
    c.forms_dir = "/tmp";
    c.schema_dir = "/tmp";
    c.templates_dir = kSource + "/forms/pages";
    EXPECT_TRUE(tnt::app::checkServeConfig(c).empty());
}

// The page templates are found beside the forms, or up the tree from a test's fixture forms; a folder that
// does not load stops `serve` before anything starts, each problem with its file and line.
TEST(ServeConfig, PageTemplatesAreFoundFromTheFormsAndCheckedBeforeTheStart)
{
    tnt::app::ServeConfig c;
    c.forms_dir = kSource + "/forms";
    EXPECT_EQ(tnt::app::pageTemplatesDirectory(c), kSource + "/forms/pages");
    c.forms_dir = kSource + "/tests/e2e/mail/forms/";
    EXPECT_EQ(tnt::app::pageTemplatesDirectory(c), kSource + "/forms/pages");
    c.templates_dir = "/srv/restyled";
    EXPECT_EQ(tnt::app::pageTemplatesDirectory(c), "/srv/restyled");

    const auto broken = std::filesystem::temp_directory_path() / "tnt-broken-pages";
    std::filesystem::remove_all(broken);
    std::filesystem::copy(kSource + "/forms/pages", broken, std::filesystem::copy_options::recursive);
    std::ofstream(broken / "message.mustache", std::ios::app) << "\n{{#open}}\n";
    std::filesystem::remove(broken / "cookies.mustache");
    c.templates_dir = broken.string();
    c.schema_dir = "/tmp";
    const auto problems = tnt::app::checkServeConfig(c);
    std::filesystem::remove_all(broken);
    EXPECT_EQ(problems.size(), 2u);
    EXPECT_TRUE(mentions(problems, "--templates : " + (broken / "cookies.mustache").string() + ": fichier absent"));
    EXPECT_TRUE(mentions(problems, "message.mustache:8: section « open » jamais fermée"));
}

TEST(ServeConfig, EachProblemIsReportedWithItsFlag)
{
    tnt::app::ServeConfig c;
    c.listen = "8080";
    c.threads = 0;
    c.workers = 5000;
    c.queue = 0;
    c.max_body_bytes = 10;
    c.forms_dir = "/nonexistent/forms";
    c.schema_dir = "/nonexistent/schema";
    const auto problems = tnt::app::checkServeConfig(c);
    EXPECT_EQ(problems.size(), 7u);
    EXPECT_TRUE(mentions(problems, "--listen : « 8080 »"));
    EXPECT_TRUE(mentions(problems, "--threads"));
    EXPECT_TRUE(mentions(problems, "--workers"));
    EXPECT_TRUE(mentions(problems, "--queue"));
    EXPECT_TRUE(mentions(problems, "--max-body"));
    EXPECT_TRUE(mentions(problems, "--forms : le dossier /nonexistent/forms n'existe pas."));
    EXPECT_TRUE(mentions(problems, "--schema"));
}

TEST(ServeConfig, TrustedProxiesAreCheckedAndTlsIsRefusedWithAPointerToNginx)
{
    CommandLine cl;
    std::string error;
    ASSERT_EQ(cl.parse({"serve", "--trusted-proxy", "127.0.0.1", "--trusted-proxy", "10.0.0.0/8,::1"}, error), 0)
        << error;
    EXPECT_EQ(cl.serve().trusted_proxies, (std::vector<std::string>{"127.0.0.1", "10.0.0.0/8", "::1"}));

    tnt::app::ServeConfig c;
    c.forms_dir = "/tmp";
    c.schema_dir = "/tmp";
    c.templates_dir = kSource + "/forms/pages";
    c.trusted_proxies = {"127.0.0.1", "10.0.0.0/33", "nginx"};
    c.tls_cert = "/etc/ssl/cert.pem";
    const auto problems = tnt::app::checkServeConfig(c);
    EXPECT_EQ(problems.size(), 3u);
    EXPECT_TRUE(mentions(problems, "--trusted-proxy : « 10.0.0.0/33 »"));
    EXPECT_TRUE(mentions(problems, "--trusted-proxy : « nginx »"));
    EXPECT_TRUE(mentions(problems, "Placez nginx devant le service"));
}

TEST(ServeConfig, TheRelayIsCheckedOnlyWhenOneIsSetAndEveryProblemNamesItsFlag)
{
    CommandLine cl;
    std::string error;
    ASSERT_EQ(cl.parse({"serve", "--smtp-host", "smtp.exemple.gouv.fr", "--smtp-port", "587", "--smtp-security",
                        "starttls", "--mail-from", "formulaires@exemple.gouv.fr", "--mail-senders", "0"},
                       error),
              0)
        << error;
    EXPECT_EQ(cl.serve().mail.smtp_host, "smtp.exemple.gouv.fr");
    EXPECT_EQ(cl.serve().mail.smtp_port, 587);
    EXPECT_EQ(cl.serve().mail.senders, 0);
    EXPECT_TRUE(tnt::app::checkMailConfig(cl.serve().mail).empty());

    tnt::app::MailConfig none;
    none.smtp_security = "n'importe quoi";  // no relay: nothing else is looked at
    EXPECT_TRUE(tnt::app::checkMailConfig(none).empty());

    tnt::app::MailConfig bad;
    bad.smtp_host = "smtp exemple";
    bad.smtp_port = 0;
    bad.smtp_security = "ssl";
    bad.smtp_password_file = "/nonexistent/password";
    bad.from_address = "pas une adresse";
    bad.senders = 17;
    const auto problems = tnt::app::checkMailConfig(bad);
    EXPECT_EQ(problems.size(), 7u);
    EXPECT_TRUE(mentions(problems, "--smtp-host : « smtp exemple »"));
    EXPECT_TRUE(mentions(problems, "--smtp-port"));
    EXPECT_TRUE(mentions(problems, "--smtp-security : attendu none, starttls ou tls"));
    EXPECT_TRUE(mentions(problems, "--smtp-password-file : le fichier /nonexistent/password"));
    EXPECT_TRUE(mentions(problems, "--smtp-password-file sans --smtp-user"));
    EXPECT_TRUE(mentions(problems, "--mail-from : « pas une adresse »"));
    EXPECT_TRUE(mentions(problems, "--mail-senders"));

    tnt::app::ServeConfig serve;
    serve.listen = "127.0.0.1:8080";
    EXPECT_EQ(tnt::app::linkBaseUrl(serve), "http://127.0.0.1:8080");
    serve.public_url = "https://formulaires.exemple.gouv.fr/";
    EXPECT_EQ(tnt::app::linkBaseUrl(serve), "https://formulaires.exemple.gouv.fr");
    serve.forms_dir = "/srv/forms";
    EXPECT_EQ(tnt::app::mailTemplatesDirectory(serve), "/srv/forms/mail");
}

TEST(ListenAddress, AcceptsHostPortIpv6AndBarePort)
{
    tnt::app::ListenAddress a;
    ASSERT_TRUE(tnt::app::parseListenAddress("127.0.0.1:8080", a));
    EXPECT_EQ(a.host, "127.0.0.1");
    EXPECT_EQ(a.port, 8080);
    ASSERT_TRUE(tnt::app::parseListenAddress("[::1]:443", a));
    EXPECT_EQ(a.host, "::1");
    ASSERT_TRUE(tnt::app::parseListenAddress(":9000", a));
    EXPECT_EQ(a.host, "0.0.0.0");
    EXPECT_FALSE(tnt::app::parseListenAddress("localhost:0", a));
    EXPECT_FALSE(tnt::app::parseListenAddress("localhost:70000", a));
    EXPECT_FALSE(tnt::app::parseListenAddress("localhost:http", a));
}

TEST(DatabaseConfig, MissingPasswordIsExplained)
{
    auto db = validDatabase();
    db.password.clear();
    const auto problems = tnt::app::checkDatabaseConfig(db);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_TRUE(mentions(problems, "TNT_FORMS_DB_PASSWORD"));
}

TEST(DatabaseConfig, UnreadablePasswordFileIsNamedButNeverItsContent)
{
    auto db = validDatabase();
    db.password_file = "/nonexistent/password";
    const auto problems = tnt::app::checkDatabaseConfig(db);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_TRUE(mentions(problems, "/nonexistent/password"));
}

TEST(DatabaseConfig, BadPortAndPoolAreReported)
{
    auto db = validDatabase();
    db.socket.clear();
    db.port = 0;
    db.pool_size = 0;
    const auto problems = tnt::app::checkDatabaseConfig(db);
    EXPECT_TRUE(mentions(problems, "--db-port"));
    EXPECT_TRUE(mentions(problems, "--db-pool"));
}

TEST(DatabaseConfig, PasswordIsReadFromTheFirstLineOfTheFile)
{
    const std::string path = ::testing::TempDir() + "/tnt-pw";
    std::ofstream(path) << "s3cret\nignored\n";
    auto db = validDatabase();
    db.password.clear();
    db.password_file = path;
    EXPECT_TRUE(tnt::app::checkDatabaseConfig(db).empty());
    EXPECT_EQ(tnt::app::toDatabaseSettings(db).password, "s3cret");
    EXPECT_EQ(tnt::app::toDatabaseSettings(db).describe().find("s3cret"), std::string::npos);
}

// Issue 13, item 6: the operator named by the footer and the legal pages, from flags or TNT_FORMS_*.
TEST(OperatorConfig, FlagsAndEnvironmentFillTheOperatorAndTheDefaultsAreValid)
{
    EXPECT_TRUE(tnt::app::checkOperatorConfig({}).empty());
    ::setenv("TNT_FORMS_CONTACT_EMAIL", "ecrire@commune.example", 1);
    CommandLine cl;
    std::string error;
    ASSERT_EQ(cl.parse({"serve", "--publisher", "Commune d'Essai", "--accessibility", "partiellement",
                        "--publication-director", "La maire", "--hosting", "Hébergeur, Lyon"},
                       error),
              0)
        << error;
    ::unsetenv("TNT_FORMS_CONTACT_EMAIL");
    const auto& site = cl.serve().site;
    EXPECT_EQ(site.publisher, "Commune d'Essai");
    EXPECT_EQ(site.contact_email, "ecrire@commune.example");
    EXPECT_TRUE(tnt::app::checkOperatorConfig(site).empty());
    const auto pages_site = tnt::app::toSite(site);
    EXPECT_EQ(pages_site.accessibility, tnt::pages::AccessibilityStatus::partiellement_conforme);
    EXPECT_EQ(pages_site.publication_director, "La maire");
    EXPECT_EQ(pages_site.host, "Hébergeur, Lyon");
}

TEST(OperatorConfig, EachProblemIsReportedWithItsFlag)
{
    tnt::app::OperatorConfig c;
    c.publisher = "";
    c.publication_director = "Ligne\nsautée";
    c.contact_email = "pas-une-adresse";
    c.accessibility = "conforme";
    const auto problems = tnt::app::checkOperatorConfig(c);
    EXPECT_EQ(problems.size(), 4u);
    EXPECT_TRUE(mentions(problems, "--publisher :"));
    EXPECT_TRUE(mentions(problems, "--publication-director :"));
    EXPECT_TRUE(mentions(problems, "--contact-email : « pas-une-adresse »"));
    EXPECT_TRUE(mentions(problems, "--accessibility : « conforme » ; attendu non, partiellement ou totalement"));
    tnt::app::ServeConfig serve;
    serve.site = c;
    EXPECT_TRUE(mentions(tnt::app::checkServeConfig(serve), "--contact-email"));
}
