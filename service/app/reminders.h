// Reminding the invited people of a form who have not answered (issue 19): the one place of the rule's
// application, used by `tnt-forms remind` and the pilots' reminder button. The rule itself (who is due) is
// the repository's query; this queues the reminders in transactions of a few hundred, with their e-mails.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "service/domain/form.h"
#include "service/storage/invitation_repository.h"

namespace tnt::app {

// Queues one reminder to each person due one at `now` under `rule` (or counts them, `dry_run`); how many.
// `progress` hears the running count after each transaction. `mail_from`: the From address, whose domain
// makes the Message-IDs.
std::size_t remindInvited(storage::InvitationRepository& invitations, const domain::Form& form,
                          std::chrono::system_clock::time_point now, storage::ReminderRule rule, bool dry_run,
                          std::string_view mail_from, const std::function<void(std::size_t)>& progress = {});

// The domain of a From address ("formulaires@anct.gouv.fr" → "anct.gouv.fr"; "" when there is none).
std::string mailDomain(std::string_view from_address);

}  // namespace tnt::app
