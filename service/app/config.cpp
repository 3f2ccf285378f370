#include "service/app/config.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <stdexcept>

#include "service/domain/field_formats.h"
#include "service/http/trusted_proxies.h"
#include "service/messages/mail_templates.h"
#include "service/pages/views.h"

namespace tnt::app {
namespace {

bool isDirectory(const std::string& path)
{
    std::error_code ec;
    return std::filesystem::is_directory(path, ec);
}

// Shown on every page: one line of printable text.
bool printableLine(const std::string& text)
{
    return std::none_of(text.begin(), text.end(), [](char c) { return (c >= 0 && c < 32) || c == 127; });
}

}  // namespace

bool parseListenAddress(const std::string& text, ListenAddress& out)
{
    const auto colon = text.rfind(':');
    if (colon == std::string::npos) return false;
    std::string host = text.substr(0, colon);
    const std::string port = text.substr(colon + 1);
    if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) return false;
    const int value = std::stoi(port);
    if (value < 1 || value > 65535) return false;
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    if (host.empty()) host = "0.0.0.0";
    out.host = host;
    out.port = value;
    return true;
}

std::vector<std::string> checkDatabaseConfig(const DatabaseConfig& c)
{
    std::vector<std::string> problems;
    if (c.socket.empty() && c.host.empty()) {
        problems.push_back("--db-socket ou --db-host : indiquez comment joindre la base de données.");
    }
    if (c.socket.empty() && (c.port < 1 || c.port > 65535)) {
        problems.push_back("--db-port : " + std::to_string(c.port) + " n'est pas un port TCP (1 à 65535).");
    }
    if (c.name.empty()) problems.push_back("--db-name : le nom de la base de données est vide.");
    if (c.user.empty()) problems.push_back("--db-user : l'utilisateur de la base de données est vide.");
    if (c.pool_size < 1 || c.pool_size > 512) {
        problems.push_back("--db-pool : " + std::to_string(c.pool_size) + " connexions, attendu de 1 à 512.");
    }
    if (c.connect_timeout_seconds < 1 || c.connect_timeout_seconds > 60) {
        problems.push_back("--db-connect-timeout : attendu de 1 à 60 secondes.");
    }
    if (!c.password_file.empty()) {
        std::ifstream in(c.password_file);
        if (!in) problems.push_back("--db-password-file : le fichier " + c.password_file + " est illisible ou absent.");
    } else if (c.password.empty()) {
        problems.push_back(
            "mot de passe de la base : indiquez --db-password-file (ou TNT_FORMS_DB_PASSWORD_FILE), "
            "ou la variable TNT_FORMS_DB_PASSWORD.");
    }
    return problems;
}

std::vector<std::string> checkServeConfig(const ServeConfig& c)
{
    std::vector<std::string> problems;
    ListenAddress address;
    if (!parseListenAddress(c.listen, address)) {
        problems.push_back("--listen : « " + c.listen + " » n'est pas une adresse hôte:port (ex. 127.0.0.1:8080).");
    }
    if (c.threads < 1 || c.threads > 64) problems.push_back("--threads : attendu de 1 à 64.");
    if (c.workers < 1 || c.workers > 1024) problems.push_back("--workers : attendu de 1 à 1024.");
    if (c.queue < 1 || c.queue > 1000000) problems.push_back("--queue : attendu de 1 à 1 000 000.");
    if (c.max_body_bytes < 1024 || c.max_body_bytes > (64u << 20)) {
        problems.push_back("--max-body : attendu de 1024 octets à 64 Mio.");
    }
    if (c.db_writers < 1 || c.db_writers > 64) problems.push_back("--db-writers : attendu de 1 à 64.");
    if (c.max_batch < 1 || c.max_batch > 256) problems.push_back("--batch : attendu de 1 à 256.");
    if (c.header_timeout_seconds < 1 || c.header_timeout_seconds > 300) {
        problems.push_back("--header-timeout : attendu de 1 à 300 secondes.");
    }
    if (c.keepalive_seconds < 1 || c.keepalive_seconds > 3600) {
        problems.push_back("--keepalive-timeout : attendu de 1 à 3600 secondes.");
    }
    if (c.send_timeout_seconds < 1 || c.send_timeout_seconds > 3600) {
        problems.push_back("--send-timeout : attendu de 1 à 3600 secondes.");
    }
    if (c.rate_limit_per_minute < 0) problems.push_back("--rate-limit : attendu 0 (sans limite) ou plus.");
    if (c.offer_sweep_seconds < 1 || c.offer_sweep_seconds > 3600) {
        problems.push_back("--offer-sweep : attendu de 1 à 3600 secondes.");
    }
    if (c.pilot_auth_limit_per_minute < 0) {
        problems.push_back("--pilot-auth-limit : attendu 0 (sans limite) ou plus.");
    }
    if (!c.secret_key_file.empty() && !std::ifstream(c.secret_key_file)) {
        problems.push_back("--secret-key-file : le fichier " + c.secret_key_file + " est illisible ou absent.");
    }
    // Pistache's TLS handshakes block its only accept thread (one silent client stalls every new one) and
    // it buffers streamed exports whole: HTTPS is nginx's job (deploy/README.md).
    if (!c.tls_cert.empty() || !c.tls_key.empty()) {
        problems.push_back(
            "--tls-cert/--tls-key : tnt-forms ne sert plus HTTPS lui-même. Placez nginx devant le "
            "service pour le TLS (deploy/README.md, « Reverse proxy ») et retirez ces options.");
    }
    for (const auto& block : c.trusted_proxies) {
        if (!http::TrustedProxies::validBlock(block)) {
            problems.push_back("--trusted-proxy : « " + block +
                               " » n'est ni une adresse IP ni un bloc CIDR "
                               "(ex. 127.0.0.1, 10.0.0.0/8, ::1).");
        }
    }
    if (!c.public_url.empty() && !std::regex_match(c.public_url, std::regex(R"(^https?://[A-Za-z0-9.\-\[\]:]+/?$)"))) {
        problems.push_back("--public-url : « " + c.public_url +
                           " » n'est pas une adresse du service (attendu par "
                           "exemple https://formulaires.exemple.gouv.fr, sans chemin).");
    }
    if (!isDirectory(c.forms_dir)) problems.push_back("--forms : le dossier " + c.forms_dir + " n'existe pas.");
    if (c.migrate && !isDirectory(c.schema_dir)) {
        problems.push_back("--schema : le dossier " + c.schema_dir + " n'existe pas.");
    }
    const auto site = checkOperatorConfig(c.site);
    problems.insert(problems.end(), site.begin(), site.end());
    const auto mail = checkMailConfig(c.mail);
    problems.insert(problems.end(), mail.begin(), mail.end());
    // The templates, before anything starts: a broken one would otherwise serve half a page.
    if (isDirectory(c.forms_dir) || !c.templates_dir.empty()) {
        for (const auto& p : pages::Views::check(pageTemplatesDirectory(c))) problems.push_back("--templates : " + p);
    }
    if (!c.mail.smtp_host.empty() && (isDirectory(c.forms_dir) || !c.mail.templates_dir.empty())) {
        for (const auto& p : messages::MailTemplates::check(mailTemplatesDirectory(c)))
            problems.push_back("--mail-templates : " + p);
    }
    return problems;
}

bool servedOverHttps(const ServeConfig& config)
{
    return config.public_url.rfind("https://", 0) == 0;
}

namespace {

// The forms folder as an absolute path without a trailing separator.
std::filesystem::path formsFolder(const ServeConfig& config)
{
    std::error_code ec;
    auto forms = std::filesystem::absolute(config.forms_dir, ec).lexically_normal();
    if (forms.filename().empty()) forms = forms.parent_path();  // "forms/"
    return forms;
}

// `dir / relative` for the first of `start` and its parents where `holds` it; none at the root: nothing.
std::optional<std::filesystem::path> firstUpwards(std::filesystem::path dir, const std::filesystem::path& relative,
                                                  bool (*holds)(const std::filesystem::path&, std::error_code&))
{
    for (;; dir = dir.parent_path()) {
        std::error_code unreadable;  // a folder that cannot be read holds nothing
        if (holds(dir / relative, unreadable)) return dir / relative;
        if (dir == dir.parent_path()) return std::nullopt;
    }
}

}  // namespace

std::string docsDirectory(const ServeConfig& config)
{
    if (!config.docs_dir.empty()) return config.docs_dir;
    const auto forms = formsFolder(config);
    if (const auto found = firstUpwards(forms.parent_path(), "docs/openapi.json", std::filesystem::is_regular_file))
        return found->parent_path().string();
    return (forms.parent_path() / "docs").string();
}

std::vector<std::string> checkMailConfig(const MailConfig& c)
{
    std::vector<std::string> problems;
    if (c.smtp_host.empty()) return problems;
    if (!printableLine(c.smtp_host) || c.smtp_host.find_first_of(" /@") != std::string::npos) {
        problems.push_back("--smtp-host : « " + c.smtp_host + " » n'est pas un nom d'hôte (ex. smtp.exemple.gouv.fr).");
    }
    if (c.smtp_port < 1 || c.smtp_port > 65535) problems.push_back("--smtp-port : attendu de 1 à 65535.");
    if (c.smtp_security != "none" && c.smtp_security != "starttls" && c.smtp_security != "tls") {
        problems.push_back(
            "--smtp-security : attendu none, starttls ou tls (TLS implicite, port 465 le plus souvent).");
    }
    if (!c.smtp_password_file.empty() && !std::ifstream(c.smtp_password_file)) {
        problems.push_back("--smtp-password-file : le fichier " + c.smtp_password_file + " est illisible ou absent.");
    }
    if (!c.smtp_password_file.empty() && c.smtp_user.empty()) {
        problems.push_back("--smtp-password-file sans --smtp-user : indiquez aussi l'identifiant du relais.");
    }
    if (c.smtp_timeout_seconds < 1 || c.smtp_timeout_seconds > 600) {
        problems.push_back("--smtp-timeout : attendu de 1 à 600 secondes.");
    }
    if (!domain::normaliseEmail(c.from_address) || !printableLine(c.from_address)) {
        problems.push_back("--mail-from : « " + c.from_address +
                           " » n'est pas une adresse électronique ; avec --smtp-host, indiquez l'adresse d'envoi "
                           "(ex. formulaires@exemple.gouv.fr).");
    }
    if (c.from_name.size() > 200 || !printableLine(c.from_name)) {
        problems.push_back("--mail-from-name : attendu une ligne de texte de 200 caractères au plus.");
    }
    if (c.senders < 0 || c.senders > 16) {
        problems.push_back("--mail-senders : attendu de 0 (cette instance met en file, une autre envoie) à 16.");
    }
    if (c.first_retry_seconds < 1 || c.first_retry_seconds > 3600) {
        problems.push_back("--mail-retry : attendu de 1 à 3600 secondes.");
    }
    if (c.give_up_hours < 1 || c.give_up_hours > 24 * 14)
        problems.push_back("--mail-give-up : attendu de 1 à 336 heures.");
    return problems;
}

std::string pageTemplatesDirectory(const ServeConfig& config)
{
    if (!config.templates_dir.empty()) return config.templates_dir;
    const auto forms = formsFolder(config);
    std::error_code ec;
    if (std::filesystem::is_directory(forms / "pages", ec)) return (forms / "pages").string();
    if (const auto found = firstUpwards(forms.parent_path(), "forms/pages", std::filesystem::is_directory))
        return found->string();
    return (forms / "pages").string();
}

std::string mailTemplatesDirectory(const ServeConfig& config)
{
    if (!config.mail.templates_dir.empty()) return config.mail.templates_dir;
    return (std::filesystem::path(config.forms_dir) / "mail").string();
}

std::string linkBaseUrl(const ServeConfig& config)
{
    std::string base = config.public_url.empty() ? "http://" + config.listen : config.public_url;
    while (base.ends_with('/')) base.pop_back();
    return base;
}

std::vector<std::string> checkOperatorConfig(const OperatorConfig& c)
{
    std::vector<std::string> problems;
    const std::pair<const char*, const std::string*> texts[] = {{"--publisher", &c.publisher},
                                                                {"--publisher-address", &c.publisher_address},
                                                                {"--publication-director", &c.publication_director},
                                                                {"--hosting", &c.host}};
    for (const auto& [flag, text] : texts) {
        if (text->empty() || text->size() > 500 || !printableLine(*text)) {
            problems.push_back(std::string(flag) +
                               " : attendu une ligne de texte de 1 à 500 caractères (affichée "
                               "dans les mentions légales).");
        }
    }
    if (!domain::normaliseEmail(c.contact_email) || !printableLine(c.contact_email)) {
        problems.push_back("--contact-email : « " + c.contact_email +
                           " » n'est pas une adresse électronique (ex. contact@exemple.gouv.fr).");
    }
    if (!pages::accessibilityStatusFromWord(c.accessibility)) {
        problems.push_back("--accessibility : « " + c.accessibility +
                           " » ; attendu non, partiellement ou totalement (conforme au RGAA).");
    }
    return problems;
}

pages::Site toSite(const OperatorConfig& c)
{
    return {c.publisher,
            c.publisher_address,
            c.publication_director,
            c.contact_email,
            c.host,
            pages::accessibilityStatusFromWord(c.accessibility).value_or(pages::AccessibilityStatus::non_conforme)};
}

std::string readPasswordFile(const std::string& path)
{
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read the password file " + path);
    std::string password;
    std::getline(in, password);
    while (!password.empty() && (password.back() == '\r' || password.back() == ' ')) password.pop_back();
    return password;
}

storage::DatabaseSettings toDatabaseSettings(const DatabaseConfig& c)
{
    storage::DatabaseSettings s;
    s.socket = c.socket;
    s.host = c.host;
    s.port = c.port;
    s.name = c.name;
    s.user = c.user;
    s.connect_timeout = std::chrono::seconds(c.connect_timeout_seconds);
    if (!c.password_file.empty()) {
        s.password = readPasswordFile(c.password_file);
    } else {
        s.password = c.password;
    }
    return s;
}

}  // namespace tnt::app
