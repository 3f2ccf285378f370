// `tnt-forms purge [--dry-run]`: for every form with retention_days, deletes the responses submitted
// before now − retention_days, with their answers and registrations, and reports the counts. Meant for a
// daily timer (deploy/README.md); forms without retention_days are kept until purged by hand. Also removes
// the respondents' drafts that lapsed (the form closed, or their retention passed), and the invitations of a
// form closed for longer than its retention (a year without retention_days): addresses kept for nothing.
#include <date/date.h>

#include <iostream>

#include "service/app/commands.h"
#include "service/app/database_command.h"
#include "service/domain/form_loader.h"
#include "service/storage/draft_repository.h"
#include "service/storage/invitation_repository.h"
#include "service/storage/response_deletion.h"

namespace tnt::app {

int runPurge(const DatabaseConfig& database, const PurgeConfig& config)
{
    const auto forms = domain::loadFormsDirectory(config.forms_dir);
    if (!forms.ok()) {
        for (const auto& d : forms.diagnostics) std::cerr << domain::formatDiagnostic(d) << "\n";
        std::cerr << "tnt-forms purge : les formulaires de " << config.forms_dir << " ont des erreurs.\n";
        return 2;
    }
    try {
        auto pool = openCommandPool(database);
        if (!pool) return 2;
        storage::ResponseDeletion deletion(*pool);
        const auto now = std::chrono::system_clock::now();
        std::uint64_t total = 0;
        for (const auto& form : forms.forms) {
            if (form.retention_days <= 0) {
                std::cout << form.slug << " : conservation illimitée, rien à supprimer\n";
                continue;
            }
            const auto cutoff = now - date::days(form.retention_days);
            const auto n = deletion.purgeOlderThan(form.slug, cutoff, config.dry_run,
                                                   "conservation de " + std::to_string(form.retention_days) + " jours");
            total += n;
            std::cout << form.slug << " : " << n << " réponse(s) " << (config.dry_run ? "à supprimer" : "supprimée(s)")
                      << " (antérieures au " << date::format("%F", date::floor<date::days>(cutoff)) << ", conservation "
                      << form.retention_days << " jours)\n";
        }
        std::cout << "total : " << total << " réponse(s) " << (config.dry_run ? "à supprimer" : "supprimée(s)") << "\n";
        storage::InvitationRepository invitations(*pool);
        for (const auto& form : forms.forms) {
            if (!form.invitations || !form.window.closes_at) continue;
            const auto kept = date::days(form.retention_days > 0 ? form.retention_days : 365);
            if (*form.window.closes_at + kept > now) continue;
            const auto n = invitations.removeAll(form.slug, config.dry_run);
            if (n > 0) {
                std::cout << form.slug << " : " << n << " invitation(s) "
                          << (config.dry_run ? "à supprimer" : "supprimée(s)") << " (formulaire clos depuis plus de "
                          << kept.count() << " jours)\n";
            }
        }
        const auto drafts = storage::DraftRepository(*pool).purgeExpired(now, config.dry_run);
        std::cout << "réponses en cours (brouillons) expirées : " << drafts << " "
                  << (config.dry_run ? "à supprimer" : "supprimée(s)") << "\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "tnt-forms purge : " << e.what() << "\n";
        return 1;
    }
}

}  // namespace tnt::app
