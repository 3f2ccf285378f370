// `tnt-forms token create | list | revoke`: the pilots' access tokens. The secret is printed once, at
// creation; only its SHA-256 is stored.
#include <date/date.h>

#include <iostream>

#include "service/app/commands.h"
#include "service/app/database_command.h"
#include "service/crypto/digest.h"
#include "service/crypto/random_secret.h"
#include "service/domain/field_formats.h"
#include "service/storage/token_repository.h"

namespace tnt::app {
namespace {

std::string day(const std::optional<domain::TimePoint>& t)
{
    return t ? date::format("%F", date::floor<date::days>(*t)) : "-";
}

template <typename Run>
int withTokens(const DatabaseConfig& database, const char* command, Run run)
{
    try {
        auto pool = openCommandPool(database);
        if (!pool) return 2;
        storage::TokenRepository tokens(*pool);
        return run(tokens);
    } catch (const std::exception& e) {
        std::cerr << "tnt-forms token " << command << " : " << e.what() << "\n";
        return 1;
    }
}

}  // namespace

int runTokenCreate(const DatabaseConfig& database, const TokenConfig& config)
{
    access::AccessToken token;
    token.name = config.name;
    try {
        for (const auto& scope : config.scopes) access::addScope(token, scope);
    } catch (const std::invalid_argument& e) {
        std::cerr << "tnt-forms token create : " << e.what() << "\n";
        return 2;
    }
    if (token.forms.empty()) {
        std::cerr << "tnt-forms token create : indiquez au moins une portée form:IDENTIFIANT (ou form:*).\n";
        return 2;
    }
    if (config.expires_days < 0) {
        std::cerr << "tnt-forms token create : --expires attend un nombre de jours positif.\n";
        return 2;
    }
    if (!config.notify_email.empty()) {
        const auto address = domain::normaliseEmail(config.notify_email);
        if (!address) {
            std::cerr << "tnt-forms token create : --notify attend une adresse électronique (ex. "
                         "pilote@exemple.gouv.fr).\n";
            return 2;
        }
        token.notify_email = *address;
    }
    if (config.expires_days > 0) {
        token.expires_at = std::chrono::system_clock::now() + date::days(config.expires_days);
    }
    return withTokens(database, "create", [&](storage::TokenRepository& tokens) {
        const auto secret = "tnt_" + crypto::randomToken(40);
        const auto id = tokens.create(token, crypto::sha256Hex(secret));
        std::cout << "Jeton n° " << id << " « " << token.name << " » (" << token.scopeText()
                  << "), expire : " << day(token.expires_at)
                  << (token.notify_email.empty() ? "" : ", résumé quotidien à " + token.notify_email) << "\n"
                  << "Secret (affiché une seule fois, à transmettre au pilote par un canal sûr) :\n"
                  << secret << "\n";
        return 0;
    });
}

int runTokenList(const DatabaseConfig& database)
{
    return withTokens(database, "list", [](storage::TokenRepository& tokens) {
        std::cout << "n°\tnom\tportées\tcréé\texpire\trévoqué\trésumé à\n";
        for (const auto& t : tokens.list()) {
            std::cout << t.id << "\t" << t.name << "\t" << t.scopeText() << "\t" << day(t.created_at) << "\t"
                      << day(t.expires_at) << "\t" << day(t.revoked_at) << "\t"
                      << (t.notify_email.empty() ? "-" : t.notify_email) << "\n";
        }
        return 0;
    });
}

int runTokenRevoke(const DatabaseConfig& database, const TokenConfig& config)
{
    if (!config.revoke_id && !config.revoke_name) {
        std::cerr << "tnt-forms token revoke : indiquez --id N (le numéro de token list) ou --name NOM.\n";
        return 2;
    }
    return withTokens(database, "revoke", [&](storage::TokenRepository& tokens) {
        const int n =
            config.revoke_id ? tokens.revokeById(*config.revoke_id) : tokens.revokeByName(*config.revoke_name);
        if (n == 0) {
            if (config.revoke_id) {
                std::cerr << "Aucun jeton actif ne porte le numéro " << *config.revoke_id << ".\n";
            } else {
                std::cerr << "Aucun jeton actif ne porte le nom « " << *config.revoke_name << " ».\n";
            }
            return 1;
        }
        std::cout << n << " jeton(s) révoqué(s).\n";
        return 0;
    });
}

}  // namespace tnt::app
