// `tnt-forms invite SLUG FILE.csv`: reads the invitation file row by row (domain::InvitationFile checks each
// address, INSEE code against the official list of communes, and mandate against the form's), writes the
// rejected rows with their reason to a reject file, and adds the others in transactions of a few hundred,
// each with its invitation e-mail queued in the outbox (the serving process sends it and writes the
// personal link with its key). An address already invited to the form is left as it was: loading the same
// file twice invites nobody twice.
#include <fstream>
#include <iostream>

#include "service/app/command_files.h"
#include "service/app/commands.h"
#include "service/app/database_command.h"
#include "service/app/progress_bar.h"
#include "service/app/reminders.h"
#include "service/domain/communes.h"
#include "service/domain/form_loader.h"
#include "service/domain/invitation_list.h"
#include "service/messages/invitation_mail.h"
#include "service/storage/database_error.h"
#include "service/storage/form_repository.h"
#include "service/storage/invitation_repository.h"

namespace tnt::app {
namespace {

constexpr std::size_t kBatch = 500;

int fail(const std::string& message, int code)
{
    std::cerr << "tnt-forms invite : " << message << "\n";
    return code;
}

}  // namespace

int runInvite(const DatabaseConfig& database, const InviteConfig& config)
{
    const auto forms = domain::loadFormsDirectory(config.forms_dir);
    if (!forms.ok()) {
        for (const auto& d : forms.diagnostics) std::cerr << domain::formatDiagnostic(d) << "\n";
        return fail("les formulaires de " + config.forms_dir + " ont des erreurs", 2);
    }
    const auto* form = forms.find(config.slug);
    if (form == nullptr) return fail("aucun formulaire « " + config.slug + " » dans " + config.forms_dir, 2);
    if (!form->invitations) {
        return fail("le formulaire « " + config.slug +
                        " » ne prend pas d'invitations : ajoutez-lui la clé invitations (forms/README.md)",
                    2);
    }
    const auto now = std::chrono::system_clock::now();
    if (form->window.statusAt(now) == domain::FormStatus::closed) {
        return fail("le formulaire « " + config.slug + " » est clos : une invitation n'y mènerait à rien", 2);
    }
    const auto communes_path = config.communes.empty() ? config.forms_dir + "/communes.csv" : config.communes;
    std::optional<domain::CommuneList> communes;
    try {
        communes = domain::CommuneList::load(communes_path);
    } catch (const std::exception& e) {
        return fail(std::string(e.what()) + " (--communes)", 2);
    }
    std::optional<domain::InvitationFile> file;
    try {
        file.emplace(domain::InvitationFile::fromStream(std::make_unique<std::ifstream>(config.file, std::ios::binary),
                                                        *communes, domain::invitationMandates(*form)));
    } catch (const std::exception& e) {
        return fail(config.file + " : " + e.what(), 2);
    }

    const auto rejects_path =
        config.rejects.empty() ? defaultRejectsPath(config.file) : std::filesystem::path(config.rejects);
    try {
        std::unique_ptr<storage::ConnectionPool> pool;
        std::unique_ptr<storage::InvitationRepository> invitations;
        if (!config.dry_run) {
            pool = openCommandPool(database, 1);
            if (!pool) return 2;
            try {
                storage::FormRepository(*pool).sync(forms.forms, forms.catalogue ? &*forms.catalogue : nullptr);
            } catch (const storage::DatabaseError& e) {
                if (e.kind() != storage::DatabaseError::Kind::missing_table) throw;
                return fail("la base n'a pas les tables du service : lancez d'abord « tnt-forms migrate » (" +
                                std::string(e.what()) + ")",
                            1);
            }
            invitations = std::make_unique<storage::InvitationRepository>(*pool);
        }
        std::ofstream rejects_file(rejects_path, std::ios::binary | std::ios::trunc);
        if (!rejects_file) return fail("impossible d'écrire " + rejects_path.string(), 1);
        domain::InvitationRejectFile rejects(
            file->header(), file->separator(), [&rejects_file](std::string_view chunk) {
                rejects_file.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
            });
        const auto domain = mailDomain(config.mail_from);
        const storage::InvitationMail mail = [&](const std::string& public_id, const std::string& email,
                                                 const std::string& commune) {
            return std::optional(
                messages::invitationMail(messages::kInvitationKind, *form, public_id, email, commune, domain));
        };

        ProgressBar progress((config.dry_run ? "vérification " : "invitations ") + config.slug,
                             countCsvRecords(config.file));
        std::uint64_t read = 0;
        storage::InvitationBatch totals;
        std::size_t accepted = 0;
        std::vector<storage::NewInvitation> batch;
        auto store = [&] {
            if (batch.empty()) return;
            if (invitations) {
                const auto added = invitations->add(form->slug, batch, now, mail);
                totals.added += added.added;
                totals.already += added.already;
            }
            batch.clear();
        };
        while (auto row = file->next()) {
            ++read;
            if (const auto* rejected = std::get_if<domain::RejectedInvitation>(&*row)) {
                rejects.add(*rejected);
            } else {
                const auto& invitee = std::get<domain::Invitee>(*row);
                ++accepted;
                batch.push_back({submission::InvitationLinks::newPublicId(), invitee.email, invitee.insee,
                                 invitee.departement, invitee.commune, invitee.mandate});
                if (batch.size() >= kBatch) store();
            }
            progress.update(read);
        }
        store();
        progress.finish(read);
        rejects.flush();
        rejects_file.close();
        if (rejects.rows() == 0) std::filesystem::remove(rejects_path);

        std::cout << (config.dry_run ? "Vérification (personne n'est invité) de " : "Invitations de ") << config.file
                  << " à « " << form->slug << " » :\n"
                  << "  lignes lues : " << read << "\n";
        if (config.dry_run) {
            std::cout << "  à inviter : " << accepted << "\n";
        } else {
            std::cout << "  invitées (courriel en file d'envoi) : " << totals.added << "\n"
                      << "  déjà invitées, laissées telles quelles : " << totals.already << "\n";
        }
        std::cout << "  rejetées : " << rejects.rows() << "\n";
        if (rejects.rows() > 0) std::cout << "Lignes rejetées et leur motif : " << rejects_path.string() << "\n";
        if (!config.dry_run && totals.added > 0) {
            std::cout << "Les courriels partent par le service (tnt-forms serve avec un relais SMTP).\n";
        }
        return 0;
    } catch (const std::exception& e) {
        return fail(e.what(), 1);
    }
}

int runRemind(const DatabaseConfig& database, const RemindConfig& config)
{
    const auto forms = domain::loadFormsDirectory(config.forms_dir);
    if (!forms.ok()) {
        for (const auto& d : forms.diagnostics) std::cerr << domain::formatDiagnostic(d) << "\n";
        std::cerr << "tnt-forms remind : les formulaires de " << config.forms_dir << " ont des erreurs\n";
        return 2;
    }
    const auto* form = forms.find(config.slug);
    if (form == nullptr) {
        std::cerr << "tnt-forms remind : aucun formulaire « " << config.slug << " » dans " << config.forms_dir << "\n";
        return 2;
    }
    const auto now = std::chrono::system_clock::now();
    if (!form->invitations || form->window.statusAt(now) != domain::FormStatus::open) {
        std::cerr << "tnt-forms remind : « " << config.slug
                  << (form->invitations ? " » ne prend pas de réponses en ce moment : pas de relance\n"
                                        : " » ne prend pas d'invitations\n");
        return 2;
    }
    try {
        auto pool = openCommandPool(database, 1);
        if (!pool) return 2;
        storage::InvitationRepository invitations(*pool);
        const storage::ReminderRule rule{config.days, config.max};
        const auto due = remindInvited(invitations, *form, now, rule, true, config.mail_from);
        if (config.dry_run) {
            std::cout << form->slug << " : " << due << " personne(s) à relancer (rien n'est envoyé)\n";
            return 0;
        }
        ProgressBar progress("relances " + form->slug, due);
        const auto sent = remindInvited(invitations, *form, now, rule, false, config.mail_from,
                                        [&progress](std::size_t n) { progress.update(n); });
        progress.finish(sent);
        std::cout << form->slug << " : " << sent << " relance(s) en file d'envoi (personnes invitées sans réponse, "
                  << "non relancées depuis " << config.days << " jour(s), relancées moins de " << config.max
                  << " fois)\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "tnt-forms remind : " << e.what() << "\n";
        return 1;
    }
}

}  // namespace tnt::app
