#include "service/app/reminders.h"

#include "service/messages/invitation_mail.h"

namespace tnt::app {

std::string mailDomain(std::string_view from_address)
{
    const auto at = from_address.rfind('@');
    return at == std::string_view::npos ? std::string() : std::string(from_address.substr(at + 1));
}

std::size_t remindInvited(storage::InvitationRepository& invitations, const domain::Form& form,
                          std::chrono::system_clock::time_point now, storage::ReminderRule rule, bool dry_run,
                          std::string_view mail_from, const std::function<void(std::size_t)>& progress)
{
    constexpr std::size_t kBatch = 200;
    const auto domain = mailDomain(mail_from);
    const storage::InvitationMail mail = [&](const std::string& public_id, const std::string& email,
                                             const std::string& commune) {
        return std::optional(
            messages::invitationMail(messages::kReminderKind, form, public_id, email, commune, domain));
    };
    if (dry_run) {
        return invitations.remind(form.slug, now, rule, 0, true, mail);
    }
    std::size_t total = 0;
    while (true) {
        // Each transaction counts the reminders it queues, so the next one no longer sees those people.
        const auto n = invitations.remind(form.slug, now, rule, kBatch, false, mail);
        total += n;
        if (progress) progress(total);
        if (n < kBatch) break;
    }
    return total;
}

}  // namespace tnt::app
