// The pilot's daily digest: how many people signed up to each group of the token's scope since the last
// one, and the link to the dashboard — counts only, no name, no address, no answer.
#pragma once

#include <optional>

#include "service/domain/group_catalogue.h"
#include "service/messages/mail_templates.h"
#include "service/messages/response_mail.h"
#include "service/storage/digest_repository.h"

namespace tnt::messages {

class DigestMail {
public:
    DigestMail(const MailTemplates& templates, const domain::GroupCatalogue* catalogue, ResponseMailSettings settings);

    // None when nobody signed up in the period; the message's values otherwise, for the outbox.
    std::optional<submission::OutgoingMail> compose(const storage::DigestPeriod& period) const;
    // The MIME message of a queued digest ("resume").
    std::string render(const std::string& message_id, const std::string& recipient, const std::string& payload) const;

private:
    const MailTemplates& templates_;
    const domain::GroupCatalogue* catalogue_;
    ResponseMailSettings settings_;
};

}  // namespace tnt::messages
