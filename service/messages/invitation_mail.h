// The e-mails of an invitation campaign (issue 19): the invitation ("invitation") and the reminder
// ("relance"). Queued by the commands that invite and remind (which have neither the key nor the relay),
// they carry only the form, the invitation's public id and a few words; the serving process writes the
// personal and unsubscribe links when it sends them (ResponseMail::render), with the List-Unsubscribe
// headers (RFC 2369, one-click per RFC 8058).
#pragma once

#include <string>
#include <string_view>

#include "service/domain/form.h"
#include "service/submission/response_store.h"

namespace tnt::messages {

inline constexpr std::string_view kInvitationKind = "invitation";
inline constexpr std::string_view kReminderKind = "relance";

// `message_domain`: the domain of the Message-ID (the From address's), "localhost" when unknown.
submission::OutgoingMail invitationMail(std::string_view kind, const domain::Form& form, const std::string& public_id,
                                        const std::string& to, const std::string& commune,
                                        std::string_view message_domain);

}  // namespace tnt::messages
