#include "service/app/command_line.h"

#include <CLI/CLI.hpp>

#include <iostream>

#include "service/app/commands.h"

namespace tnt::app {
namespace {

void addDatabaseOptions(CLI::App& cmd, DatabaseConfig& db)
{
    cmd.add_option("--db-socket", db.socket, "Socket unix de MariaDB (prioritaire sur --db-host)")
        ->envname("TNT_FORMS_DB_SOCKET");
    cmd.add_option("--db-host", db.host, "Hôte de MariaDB")->envname("TNT_FORMS_DB_HOST")->capture_default_str();
    cmd.add_option("--db-port", db.port, "Port de MariaDB")->envname("TNT_FORMS_DB_PORT")->capture_default_str();
    cmd.add_option("--db-name", db.name, "Nom de la base")->envname("TNT_FORMS_DB_NAME")->capture_default_str();
    cmd.add_option("--db-user", db.user, "Utilisateur de la base")->envname("TNT_FORMS_DB_USER")->capture_default_str();
    cmd.add_option("--db-password-file", db.password_file,
                   "Fichier contenant le mot de passe (sinon la variable TNT_FORMS_DB_PASSWORD)")
        ->envname("TNT_FORMS_DB_PASSWORD_FILE");
    cmd.add_option("--db-pool", db.pool_size, "Connexions au plus dans le pool")
        ->envname("TNT_FORMS_DB_POOL")
        ->capture_default_str();
    cmd.add_option("--db-connect-timeout", db.connect_timeout_seconds, "Délai de connexion (secondes)")
        ->envname("TNT_FORMS_DB_CONNECT_TIMEOUT")
        ->capture_default_str();
}

}  // namespace

CommandLine::CommandLine() : app_(std::make_unique<CLI::App>())
{
    auto& app = *app_;
    app.name("tnt-forms");
    app.description(
        "tnt-forms : formulaires du programme « Transformation numérique des territoires ».\n"
        "Chaque option a aussi sa variable d'environnement TNT_FORMS_*.");
    app.require_subcommand(1);
    app.set_version_flag("--version", "tnt-forms 0.1.0");

    if (const char* env = std::getenv("TNT_FORMS_DB_PASSWORD")) database_.password = env;

    auto* serve = app.add_subcommand("serve", "Démarre le service HTTP (applique d'abord les migrations)");
    addDatabaseOptions(*serve, database_);
    serve->add_option("--listen", serve_.listen, "Adresse d'écoute hôte:port")
        ->envname("TNT_FORMS_LISTEN")
        ->capture_default_str();
    serve->add_option("--threads", serve_.threads, "Threads réseau (réacteurs Pistache)")
        ->envname("TNT_FORMS_THREADS")
        ->capture_default_str();
    serve->add_option("--workers", serve_.workers, "Threads de travail pour la base de données")
        ->envname("TNT_FORMS_WORKERS")
        ->capture_default_str();
    serve
        ->add_option("--queue", serve_.queue,
                     "Requêtes en attente au plus avant de répondre 503 (par file : celle des travailleurs, celle des "
                     "réponses à enregistrer)")
        ->envname("TNT_FORMS_QUEUE")
        ->capture_default_str();
    serve->add_option("--max-body", serve_.max_body_bytes, "Taille maximale d'un corps de requête (octets)")
        ->envname("TNT_FORMS_MAX_BODY")
        ->capture_default_str();
    serve->add_option("--forms", serve_.forms_dir, "Dossier des formulaires YAML")
        ->envname("TNT_FORMS_FORMS_DIR")
        ->capture_default_str();
    serve->add_option("--schema", serve_.schema_dir, "Dossier des migrations SQL")
        ->envname("TNT_FORMS_SCHEMA_DIR")
        ->capture_default_str();
    serve->add_option("--static", serve_.static_dir, "Dossier du système de design de l'État (DSFR)")
        ->envname("TNT_FORMS_STATIC_DIR")
        ->capture_default_str();
    serve
        ->add_option("--docs", serve_.docs_dir,
                     "Dossier de openapi.json, la description de l'API servie à /api/v1/openapi.json (par défaut : "
                     "le dossier docs à côté de celui des formulaires)")
        ->envname("TNT_FORMS_DOCS");
    serve
        ->add_option("--templates", serve_.templates_dir,
                     "Dossier des modèles des pages, pour les changer sans recompiler (par défaut : le dossier pages "
                     "des formulaires) ; vérifiez-le d'abord avec « tnt-forms templates check DOSSIER »")
        ->envname("TNT_FORMS_TEMPLATES");
    serve->add_option("--db-writers", serve_.db_writers, "Threads qui enregistrent les réponses par lots")
        ->envname("TNT_FORMS_DB_WRITERS")
        ->capture_default_str();
    serve
        ->add_option("--batch", serve_.max_batch,
                     "Réponses au plus par transaction (validation groupée ; 1 : une transaction par réponse)")
        ->envname("TNT_FORMS_BATCH")
        ->capture_default_str();
    serve
        ->add_option("--header-timeout", serve_.header_timeout_seconds,
                     "Secondes accordées à une requête pour envoyer sa ligne et ses en-têtes, y compris sur une "
                     "connexion gardée ouverte (408 au-delà)")
        ->envname("TNT_FORMS_HEADER_TIMEOUT")
        ->capture_default_str();
    serve
        ->add_option("--keepalive-timeout", serve_.keepalive_seconds,
                     "Secondes au bout desquelles une connexion inactive est fermée (plus que le keepalive_timeout "
                     "de nginx)")
        ->envname("TNT_FORMS_KEEPALIVE_TIMEOUT")
        ->capture_default_str();
    serve
        ->add_option("--send-timeout", serve_.send_timeout_seconds,
                     "Secondes au bout desquelles un client qui ne lit plus sa réponse est coupé")
        ->envname("TNT_FORMS_SEND_TIMEOUT")
        ->capture_default_str();
    serve
        ->add_option("--spool-dir", serve_.spool_dir,
                     "Dossier où les exports attendent les clients lents (fichiers effacés dès leur création)")
        ->envname("TNT_FORMS_SPOOL_DIR")
        ->capture_default_str();
    serve
        ->add_option("--rate-limit", serve_.rate_limit_per_minute,
                     "Réponses par minute et par adresse IP au plus (0 : sans limite)")
        ->envname("TNT_FORMS_RATE_LIMIT")
        ->capture_default_str();
    serve
        ->add_option("--offer-sweep", serve_.offer_sweep_seconds,
                     "Secondes entre deux passages qui closent les offres de place expirées et proposent les places "
                     "libres aux personnes en liste d'attente")
        ->envname("TNT_FORMS_OFFER_SWEEP")
        ->capture_default_str();
    serve
        ->add_option("--pilot-auth-limit", serve_.pilot_auth_limit_per_minute,
                     "Échecs d'authentification des pilotes (jeton ou session non valides) par minute et par adresse "
                     "IP, avant de répondre 429 (0 : sans limite)")
        ->envname("TNT_FORMS_PILOT_AUTH_LIMIT")
        ->capture_default_str();
    serve
        ->add_option("--secret-key-file", serve_.secret_key_file,
                     "Clé secrète des jetons CSRF et des liens de récépissé (aléatoire à chaque démarrage sinon)")
        ->envname("TNT_FORMS_SECRET_KEY_FILE");
    serve
        ->add_option("--trusted-proxy", serve_.trusted_proxies,
                     "Adresse ou bloc CIDR d'un mandataire inverse (nginx) dont l'en-tête X-Forwarded-For désigne "
                     "le client (répétable ; sinon l'adresse du client est celle de la connexion)")
        ->envname("TNT_FORMS_TRUSTED_PROXIES")
        ->delimiter(',');
    serve
        ->add_option("--public-url", serve_.public_url,
                     "Adresse publique du service (ex. https://formulaires.exemple.gouv.fr) : en https, les "
                     "cookies des pilotes ne circulent qu'en https (Secure)")
        ->envname("TNT_FORMS_PUBLIC_URL");
    // Refused by the configuration check with a message that points to nginx (TLS is the proxy's job).
    serve->add_option("--tls-cert", serve_.tls_cert, "Retiré : le TLS est assuré par nginx (deploy/README.md)")
        ->envname("TNT_FORMS_TLS_CERT")
        ->group("");
    serve->add_option("--tls-key", serve_.tls_key, "Retiré : le TLS est assuré par nginx (deploy/README.md)")
        ->envname("TNT_FORMS_TLS_KEY")
        ->group("");
    serve->add_option("--publisher", serve_.site.publisher, "Éditeur du site (pied de page, mentions légales)")
        ->envname("TNT_FORMS_PUBLISHER")
        ->capture_default_str();
    serve->add_option("--publisher-address", serve_.site.publisher_address, "Adresse postale de l'éditeur")
        ->envname("TNT_FORMS_PUBLISHER_ADDRESS")
        ->capture_default_str();
    serve->add_option("--publication-director", serve_.site.publication_director, "Directeur de la publication")
        ->envname("TNT_FORMS_PUBLICATION_DIRECTOR")
        ->capture_default_str();
    serve
        ->add_option("--contact-email", serve_.site.contact_email,
                     "Adresse où les répondants écrivent (pied de page, données personnelles, accessibilité)")
        ->envname("TNT_FORMS_CONTACT_EMAIL")
        ->capture_default_str();
    serve->add_option("--hosting", serve_.site.host, "Hébergeur : nom et adresse (mentions légales)")
        ->envname("TNT_FORMS_HOSTING")
        ->capture_default_str();
    serve
        ->add_option("--accessibility", serve_.site.accessibility,
                     "Conformité au RGAA affichée dans le pied de page : non, partiellement ou totalement")
        ->envname("TNT_FORMS_ACCESSIBILITY")
        ->capture_default_str();
    serve
        ->add_option("--smtp-host", serve_.mail.smtp_host,
                     "Relais SMTP par lequel partent les courriels (sans lui, aucun courriel n'est envoyé)")
        ->envname("TNT_FORMS_SMTP_HOST")
        ->group("Courriels");
    serve->add_option("--smtp-port", serve_.mail.smtp_port, "Port du relais SMTP")
        ->envname("TNT_FORMS_SMTP_PORT")
        ->capture_default_str()
        ->group("Courriels");
    serve
        ->add_option("--smtp-security", serve_.mail.smtp_security,
                     "Chiffrement vers le relais : none, starttls ou tls (TLS implicite, port 465)")
        ->envname("TNT_FORMS_SMTP_SECURITY")
        ->capture_default_str()
        ->group("Courriels");
    serve
        ->add_option("--smtp-user", serve_.mail.smtp_user,
                     "Identifiant sur le relais (sans lui, pas d'authentification)")
        ->envname("TNT_FORMS_SMTP_USER")
        ->group("Courriels");
    serve
        ->add_option("--smtp-password-file", serve_.mail.smtp_password_file,
                     "Fichier du mot de passe du relais (sa première ligne)")
        ->envname("TNT_FORMS_SMTP_PASSWORD_FILE")
        ->group("Courriels");
    serve->add_option("--smtp-timeout", serve_.mail.smtp_timeout_seconds, "Secondes accordées à un envoi")
        ->envname("TNT_FORMS_SMTP_TIMEOUT")
        ->capture_default_str()
        ->group("Courriels");
    serve->add_option("--mail-from", serve_.mail.from_address, "Adresse d'envoi des courriels (From)")
        ->envname("TNT_FORMS_SMTP_FROM")
        ->group("Courriels");
    serve->add_option("--mail-from-name", serve_.mail.from_name, "Nom affiché de l'expéditeur")
        ->envname("TNT_FORMS_SMTP_FROM_NAME")
        ->capture_default_str()
        ->group("Courriels");
    serve
        ->add_option("--mail-templates", serve_.mail.templates_dir,
                     "Dossier des modèles de courriel (par défaut : le dossier mail des formulaires)")
        ->envname("TNT_FORMS_MAIL_TEMPLATES")
        ->group("Courriels");
    serve
        ->add_option(
            "--mail-senders", serve_.mail.senders,
            "Threads qui envoient les courriels en attente (0 : cette instance les met en file, une autre les envoie)")
        ->envname("TNT_FORMS_MAIL_SENDERS")
        ->capture_default_str()
        ->group("Courriels");
    serve
        ->add_option("--mail-retry", serve_.mail.first_retry_seconds,
                     "Secondes avant le deuxième essai d'un courriel non remis (doublées à chaque essai, une heure au "
                     "plus)")
        ->envname("TNT_FORMS_MAIL_RETRY")
        ->capture_default_str()
        ->group("Courriels");
    serve
        ->add_option("--mail-give-up", serve_.mail.give_up_hours,
                     "Heures après lesquelles un courriel toujours pas remis est abandonné")
        ->envname("TNT_FORMS_MAIL_GIVE_UP")
        ->capture_default_str()
        ->group("Courriels");
    serve
        ->add_option("--mail-digest-interval", serve_.mail.digest_interval_seconds,
                     "Secondes entre deux résumés d'un pilote (token create --notify)")
        ->envname("TNT_FORMS_MAIL_DIGEST_INTERVAL")
        ->capture_default_str()
        ->group("Courriels");
    if (const char* clock = std::getenv("TNT_FORMS_CLOCK_FILE")) serve_.clock_file = clock;
    serve->add_flag("!--no-migrate", serve_.migrate, "Ne pas appliquer les migrations au démarrage");
    serve->add_flag("!--no-request-log", serve_.log_requests, "Ne pas journaliser chaque requête");

    auto* migrate = app.add_subcommand("migrate", "Applique les migrations SQL manquantes, dans l'ordre");
    addDatabaseOptions(*migrate, database_);
    migrate->add_option("--schema", serve_.schema_dir, "Dossier des migrations SQL")
        ->envname("TNT_FORMS_SCHEMA_DIR")
        ->capture_default_str();

    auto* forms = app.add_subcommand("forms", "Outils pour les formulaires YAML");
    forms->require_subcommand(1);
    auto* check =
        forms->add_subcommand("check", "Vérifie chaque formulaire et affiche les erreurs fichier:ligne:colonne");
    check->add_option("dir", forms_check_dir_, "Dossier des formulaires")->capture_default_str();

    auto* templates = app.add_subcommand("templates", "Outils pour les modèles des pages et des courriels");
    templates->require_subcommand(1);
    auto* templates_check = templates->add_subcommand(
        "check", "Vérifie un dossier de modèles comme au démarrage et affiche les erreurs fichier:ligne");
    templates_check
        ->add_option("dir", templates_check_.pages_dir, "Dossier des modèles des pages (comme serve --templates)")
        ->capture_default_str();
    templates_check->add_option("--mail", templates_check_.mail_dir,
                                "Dossier des modèles de courriel à vérifier aussi (comme serve --mail-templates)");

    auto* import = app.add_subcommand(
        "import", "Importe un export CSV de framaforms ou d'Airtable dans un formulaire (mêmes contrôles que l'API)");
    addDatabaseOptions(*import, database_);
    import->add_option("slug", import_.slug, "Identifiant du formulaire (ex. sensibilisation-elus)")->required();
    import->add_option("file", import_.file, "Fichier CSV à importer (',', ';' ou tabulation ; UTF-8 ou Windows-1252)")
        ->required()
        ->check(CLI::ExistingFile);
    import->add_option("--mapping", import_.mapping, "Correspondance colonnes → questions (YAML)");
    import->add_option("--rejects", import_.rejects, "Fichier CSV des lignes rejetées (défaut : FICHIER.rejets.csv)");
    import->add_option("--forms", import_.forms_dir, "Dossier des formulaires YAML")
        ->envname("TNT_FORMS_FORMS_DIR")
        ->capture_default_str();
    import->add_flag("--dry-run", import_.dry_run, "Vérifie chaque ligne sans rien enregistrer");
    import->add_flag("--suggest-mapping", import_.suggest_mapping,
                     "Propose une correspondance à partir des en-têtes du fichier, sans rien importer");

    auto* exporter =
        app.add_subcommand("export",
                           "Exporte les réponses d'un formulaire en CSV, XLSX (Excel) ou ODS (LibreOffice), "
                           "avec une barre de progression");
    addDatabaseOptions(*exporter, database_);
    exporter->add_option("slug", export_.slug, "Identifiant du formulaire")->required();
    exporter->add_option("--out", export_.out, "Fichier à écrire")->required();
    exporter->add_option("--format", export_.format,
                         "csv, xlsx ou ods (par défaut : l'extension de --out, sinon csv) ; un classeur a une feuille "
                         "Réponses et une feuille Statistiques");
    exporter
        ->add_option("--forms", export_.forms_dir, "Dossier des formulaires YAML (feuille Statistiques d'un classeur)")
        ->envname("TNT_FORMS_FORMS_DIR")
        ->capture_default_str();
    exporter->add_option("--dialect", export_.dialect, "CSV : excel (BOM, ';', CRLF) ou rfc4180 (',')")
        ->capture_default_str();
    exporter->add_option("--labels", export_.labels, "text (libellés) ou codes (clés)")->capture_default_str();
    exporter->add_option("--multiple", export_.multiple, "columns (une colonne 0/1 par option) ou joined")
        ->capture_default_str();
    exporter->add_option("--group", export_.group, "Seulement les inscriptions à ce groupe (ex. GP3)");
    exporter->add_option(
        "--from", export_.from,
        "Réponses envoyées à partir de ce jour ou de cette heure (AAAA-MM-JJ [HH:MM], heure de Paris)");
    exporter->add_option("--to", export_.to, "Réponses envoyées jusqu'à ce jour inclus (AAAA-MM-JJ [HH:MM])");

    auto* purge = app.add_subcommand(
        "purge",
        "Supprime les réponses plus anciennes que la durée de conservation (retention_days) de chaque formulaire, "
        "et les réponses en cours (brouillons) expirées");
    addDatabaseOptions(*purge, database_);
    purge->add_option("--forms", purge_.forms_dir, "Dossier des formulaires YAML")
        ->envname("TNT_FORMS_FORMS_DIR")
        ->capture_default_str();
    purge->add_flag("--dry-run", purge_.dry_run, "Compte ce qui serait supprimé, sans rien supprimer");

    auto* invite = app.add_subcommand(
        "invite",
        "Invite les personnes d'un fichier CSV (adresse, code INSEE de la commune, mandat) à répondre à un "
        "formulaire : chacune reçoit par courriel son lien personnel ; les lignes refusées vont dans un fichier de "
        "rejets ; une adresse déjà invitée ne l'est pas deux fois");
    addDatabaseOptions(*invite, database_);
    invite->add_option("slug", invite_.slug, "Identifiant du formulaire (ex. sensibilisation-elus)")->required();
    invite
        ->add_option("file", invite_.file,
                     "Fichier CSV avec les colonnes email, code_insee et mandat (',', ';' ou tabulation ; UTF-8 ou "
                     "Windows-1252)")
        ->required()
        ->check(CLI::ExistingFile);
    invite->add_option("--rejects", invite_.rejects, "Fichier CSV des lignes rejetées (défaut : FICHIER.rejets.csv)");
    invite->add_option("--forms", invite_.forms_dir, "Dossier des formulaires YAML")
        ->envname("TNT_FORMS_FORMS_DIR")
        ->capture_default_str();
    invite->add_option("--communes", invite_.communes,
                       "Liste officielle des communes (défaut : communes.csv du dossier des formulaires)");
    invite->add_option("--mail-from", invite_.mail_from, "Adresse d'envoi des courriels (comme serve --mail-from)")
        ->envname("TNT_FORMS_SMTP_FROM");
    invite->add_flag("--dry-run", invite_.dry_run, "Vérifie le fichier sans inviter personne");

    auto* remind = app.add_subcommand(
        "remind",
        "Relance une fois les personnes invitées qui n'ont pas répondu (jamais celles qui ont répondu ou se sont "
        "désinscrites), par la file d'envoi");
    addDatabaseOptions(*remind, database_);
    remind->add_option("slug", remind_.slug, "Identifiant du formulaire")->required();
    remind->add_option("--forms", remind_.forms_dir, "Dossier des formulaires YAML")
        ->envname("TNT_FORMS_FORMS_DIR")
        ->capture_default_str();
    remind->add_option("--days", remind_.days, "Pas de relance à qui a été relancé depuis moins de ce nombre de jours")
        ->check(CLI::Range(0, 365))
        ->capture_default_str();
    remind->add_option("--max", remind_.max, "Nombre de relances au plus par personne")
        ->check(CLI::Range(1, 20))
        ->capture_default_str();
    remind->add_option("--mail-from", remind_.mail_from, "Adresse d'envoi des courriels (comme serve --mail-from)")
        ->envname("TNT_FORMS_SMTP_FROM");
    remind->add_flag("--dry-run", remind_.dry_run, "Compte les personnes à relancer, sans rien envoyer");

    auto* token = app.add_subcommand("token", "Jetons d'accès des pilotes");
    token->require_subcommand(1);
    auto* create = token->add_subcommand("create", "Crée un jeton ; son secret n'est affiché qu'une fois");
    addDatabaseOptions(*create, database_);
    create->add_option("--name", token_.name, "Nom du jeton (ex. « pilotes GP3 »)")->required();
    create->add_option("--scope", token_.scopes, "form:IDENTIFIANT, form:* ou group:CODE ; répétable")->required();
    create
        ->add_option("--expires", token_.expires_days,
                     "Expire après ce nombre de jours (0 : jamais, à dire explicitement)")
        ->capture_default_str();
    create->add_option("--notify", token_.notify_email,
                       "Adresse du pilote qui reçoit chaque jour le nombre de nouvelles inscriptions à ses groupes "
                       "(sans données personnelles ; le service doit avoir un relais SMTP)");
    auto* list = token->add_subcommand("list", "Liste les jetons (jamais leur secret)");
    addDatabaseOptions(*list, database_);
    auto* revoke = token->add_subcommand("revoke", "Révoque un jeton, par son numéro (--id) ou son nom (--name)");
    addDatabaseOptions(*revoke, database_);
    // Two options, not one argument: « revoke 8 » must never also revoke a token named "8".
    auto* by_id = revoke->add_option("--id", token_.revoke_id, "Numéro du jeton (token list)");
    auto* by_name = revoke->add_option("--name", token_.revoke_name, "Nom du jeton");
    by_id->excludes(by_name);
}

CommandLine::~CommandLine() = default;

int CommandLine::parse(const std::vector<std::string>& args, std::string& error)
{
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    try {
        app_->parse(reversed);
    } catch (const CLI::ParseError& e) {
        error = e.what();
        return e.get_exit_code() == 0 ? 0 : e.get_exit_code();
    }
    return 0;
}

std::string CommandLine::selectedCommand() const
{
    std::string name;
    for (const auto* sub = app_.get(); sub != nullptr;) {
        const auto chosen = sub->get_subcommands();
        if (chosen.empty()) break;
        sub = chosen.front();
        name += (name.empty() ? "" : " ") + sub->get_name();
    }
    return name;
}

int CommandLine::run(int argc, char** argv)
{
    try {
        app_->parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app_->exit(e);
    }
    const auto command = selectedCommand();
    if (command == "serve") return runServe(database_, serve_);
    if (command == "migrate") return runMigrate(database_, serve_.schema_dir);
    if (command == "forms check") return runFormsCheck(forms_check_dir_);
    if (command == "templates check") return runTemplatesCheck(templates_check_);
    if (command == "import") return runImport(database_, import_);
    if (command == "export") return runExport(database_, export_);
    if (command == "purge") return runPurge(database_, purge_);
    if (command == "invite") return runInvite(database_, invite_);
    if (command == "remind") return runRemind(database_, remind_);
    if (command == "token create") return runTokenCreate(database_, token_);
    if (command == "token list") return runTokenList(database_);
    if (command == "token revoke") return runTokenRevoke(database_, token_);
    std::cerr << app_->help();
    return 2;
}

}  // namespace tnt::app
