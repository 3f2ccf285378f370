#include "service/messages/invitation_mail.h"

#include <chrono>

#include <nlohmann/json.hpp>

#include "service/domain/paris_time.h"
#include "service/mail/mime.h"

namespace tnt::messages {

submission::OutgoingMail invitationMail(std::string_view kind, const domain::Form& form, const std::string& public_id,
                                        const std::string& to, const std::string& commune,
                                        std::string_view message_domain)
{
    nlohmann::json values{{"form_title", form.title},
                          {"form_description", form.description},
                          {"commune", commune},
                          {"closes_at", form.window.closes_at ? domain::formatFrenchParis(*form.window.closes_at) : ""},
                          {"has_closing", form.window.closes_at.has_value()}};
    const nlohmann::json payload{{"values", std::move(values)},
                                 {"form", form.slug},
                                 {"invitation", public_id},
                                 {"submitted_at", std::chrono::duration_cast<std::chrono::seconds>(
                                                      std::chrono::system_clock::now().time_since_epoch())
                                                      .count()}};
    return {mail::newMessageId(message_domain.empty() ? "localhost" : message_domain), std::string(kind), to,
            payload.dump()};
}

}  // namespace tnt::messages
