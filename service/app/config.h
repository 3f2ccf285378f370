// The configuration of the tnt-forms commands, filled from flags and TNT_FORMS_* environment
// variables, and its checks: every problem is reported at once, in a sentence that says what to fix.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "service/pages/site.h"
#include "service/storage/database_settings.h"

namespace tnt::app {

struct DatabaseConfig {
    std::string socket;
    std::string host = "127.0.0.1";
    int port = 3306;
    std::string name = "tnt_forms";
    std::string user = "tnt_forms";
    std::string password_file;
    std::string password;  // TNT_FORMS_DB_PASSWORD only: a flag would show in `ps`
    int pool_size = 24;  // the workers (16) and the batch writers (2), with room for the health probe
    int connect_timeout_seconds = 2;
};

// Who runs the service, as the footer of every page and the legal pages name them (--publisher,
// --contact-email…). The defaults are the programme's; an operator hosting its own copy sets its own.
struct OperatorConfig {
    std::string publisher = "Agence nationale de la cohésion des territoires (ANCT)";
    std::string publisher_address = "20 avenue de Ségur, 75007 Paris";
    std::string publication_director = "Le directeur général de l'Agence nationale de la cohésion des territoires";
    std::string contact_email = "transformation-numerique@anct.gouv.fr";
    std::string host =
        "Agence nationale de la cohésion des territoires (ANCT), 20 avenue de Ségur, 75007 Paris : "
        "serveurs du programme « Transformation numérique des territoires »";
    std::string accessibility = "non";  // non, partiellement or totalement (conforme), as audited
};

// The e-mails (`serve --smtp-host …`): without a relay, no message is queued.
struct MailConfig {
    std::string smtp_host;  // empty: the service sends no e-mail
    int smtp_port = 25;
    std::string smtp_security = "none";  // none, starttls or tls (implicit TLS, usually port 465)
    std::string smtp_user;  // login only when set
    std::string smtp_password_file;  // the password, in a file (a flag would show in `ps`)
    int smtp_timeout_seconds = 30;
    std::string from_address;  // From and envelope sender; required with a relay
    std::string from_name = "Transformation numérique des territoires";
    std::string templates_dir;  // the messages' templates; empty: the mail folder in the forms folder
    int senders = 1;  // threads sending the outbox
    int first_retry_seconds = 60;  // back-off before the second attempt, doubled each time up to an hour
    int give_up_hours = 24;  // a message undelivered this long is marked failed
    int digest_interval_seconds = 86400;  // the pilots' digests: one per token per period (tests shorten it)
};

struct ServeConfig {
    std::string listen = "127.0.0.1:8080";
    int threads = 2;
    int workers = 16;
    int queue = 1024;
    std::size_t max_body_bytes = 1 << 20;
    std::string forms_dir = "forms";
    std::string schema_dir = "schema";
    std::string static_dir = "node_modules/@gouvfr/dsfr/dist";
    std::string docs_dir;  // holds openapi.json; empty: the docs folder next to the forms (docsDirectory)
    std::string templates_dir;  // the pages' templates; empty: found from the forms (pageTemplatesDirectory)
    bool migrate = true;
    bool log_requests = true;
    int db_writers = 2;  // threads that commit submissions in batches
    int max_batch = 32;  // submissions per transaction at most; 1 disables group commit
    int keepalive_seconds = 75;  // an idle persistent connection is closed after this
    int header_timeout_seconds = 10;  // a request's line and headers must be in within this (408 otherwise)
    int send_timeout_seconds = 30;  // a client that takes no byte of its response for this long is cut
    std::string spool_dir = "/var/tmp";  // streamed exports wait there for slow readers (unlinked files)
    int rate_limit_per_minute = 30;  // submissions per client address; 0 = no limit
    int offer_sweep_seconds = 30;  // how often lapsed offers end and free places are offered to people waiting
    int pilot_auth_limit_per_minute = 30;  // failed pilot authentications per client address, then 429; 0 = no limit
    std::string secret_key_file;  // signs CSRF tokens and derives receipt links; random per start when empty
    std::string tls_cert;  // refused: TLS is the reverse proxy's (kept to say so clearly)
    std::string tls_key;
    std::vector<std::string> trusted_proxies;  // CIDR blocks whose X-Forwarded-For is believed
    std::string public_url;  // "https://formulaires.example.gouv.fr": the pilots' cookies are Secure when https
    std::string clock_file;  // tests only: read "now" from this file (TNT_FORMS_CLOCK_FILE)
    OperatorConfig site;
    MailConfig mail;
};

// `tnt-forms templates check`: a folder of page templates, and optionally one of e-mail templates, checked
// as `serve` loads them.
struct TemplatesCheckConfig {
    std::string pages_dir = "forms/pages";
    std::string mail_dir;  // empty: not checked
};

// `tnt-forms import`: bring answers collected by framaforms or Airtable into a form.
struct ImportConfig {
    std::string slug;
    std::string file;
    std::string mapping;  // YAML mapping of CSV columns to questions
    std::string rejects;  // where rejected rows go (default: FILE.rejets.csv)
    std::string forms_dir = "forms";
    bool dry_run = false;
    bool suggest_mapping = false;
};

// `tnt-forms export`: an operator's CSV export of a form to a file.
struct ExportConfig {
    std::string slug;
    std::string out;
    std::string format;  // csv, xlsx or ods; empty: from the extension of `out`, else csv
    std::string forms_dir = "forms";  // a workbook's statistics sheet needs the form
    std::string dialect = "excel";
    std::string labels = "text";
    std::string multiple = "columns";
    std::string group;
    std::string from;  // as the pilots' filters: "2026-01-01" or "2026-01-01 14:00", Paris time; "" = none
    std::string to;
};

// `tnt-forms purge`: delete the responses past each form's retention_days.
struct PurgeConfig {
    std::string forms_dir = "forms";
    bool dry_run = false;
};

// `tnt-forms invite`: invite the people of a CSV file to answer a form (their e-mails are queued; the
// serving process sends them).
struct InviteConfig {
    std::string slug;
    std::string file;
    std::string rejects;  // where rejected rows go (default: FILE.rejets.csv)
    std::string forms_dir = "forms";
    std::string communes;  // the official list; empty: communes.csv in the forms folder
    std::string mail_from;  // the From address (its domain makes the Message-IDs); TNT_FORMS_SMTP_FROM
    bool dry_run = false;
};

// `tnt-forms remind`: one reminder to each invited person who has not answered and is due one.
struct RemindConfig {
    std::string slug;
    std::string forms_dir = "forms";
    int days = 7;  // not reminded for this many days
    int max = 2;  // at most this many reminders per person
    std::string mail_from;
    bool dry_run = false;
};

// `tnt-forms token …`
struct TokenConfig {
    std::string name;
    std::vector<std::string> scopes;
    int expires_days = 365;  // 0 = never, said explicitly
    std::string notify_email;  // token create --notify: the pilot's daily digest of new registrations
    std::optional<long long> revoke_id;  // token revoke --id
    std::optional<std::string> revoke_name;  // token revoke --name
};

struct ListenAddress {
    std::string host;
    int port = 0;
};

// Parses "host:port" ("127.0.0.1:8080", "[::1]:8080", ":8080"); empty host means 0.0.0.0.
bool parseListenAddress(const std::string& text, ListenAddress& out);

std::vector<std::string> checkDatabaseConfig(const DatabaseConfig& config);
std::vector<std::string> checkServeConfig(const ServeConfig& config);
// --public-url says the service is reached over https: its cookies are then sent over https only.
bool servedOverHttps(const ServeConfig& config);
// The folder of openapi.json: --docs, else the first "docs" folder holding it beside the forms folder or
// beside one of its parents (a test's fixture forms lie deeper in the source tree than its docs/); when
// there is none, the docs folder beside the forms, for the start-up message.
std::string docsDirectory(const ServeConfig& config);
std::vector<std::string> checkOperatorConfig(const OperatorConfig& config);
// The relay's settings, when one is set: every problem at once (the password file is only checked to exist).
std::vector<std::string> checkMailConfig(const MailConfig& config);
// The page templates' folder: --templates, else "pages" in the forms folder, else the first forms/pages
// beside one of the forms folder's parents (a test's fixture forms lie deeper in the source tree).
std::string pageTemplatesDirectory(const ServeConfig& config);
// The e-mail templates' folder: --mail-templates, else "mail" in the forms folder.
std::string mailTemplatesDirectory(const ServeConfig& config);
// Where the links in e-mails point: --public-url, else http:// and the listening address.
std::string linkBaseUrl(const ServeConfig& config);

// The checked operator details as the pages take them (call after checkOperatorConfig found nothing).
pages::Site toSite(const OperatorConfig& config);

// The password from the file (first line) or TNT_FORMS_DB_PASSWORD. Throws std::runtime_error with a
// message naming the file (never the content) when it cannot be read.
storage::DatabaseSettings toDatabaseSettings(const DatabaseConfig& config);

// A password file's first line, without trailing spaces or carriage return (the database's, the relay's).
// Throws std::runtime_error naming the file, never its content.
std::string readPasswordFile(const std::string& path);

}  // namespace tnt::app
