// The e-mails a response sends (the form's `email_copy` key): to a respondent who signed up to project
// groups, the registration confirmation — the groups, their objectives and next meetings, a calendar file
// (.ics) of those meetings and the withdrawal link; to any other respondent who asked for it, a copy of the
// answers as labels with the same link. compose() runs in the request and writes only the message's values
// (a small JSON payload, queued in the response's transaction); render() turns a payload into the whole MIME
// message when a sender sends it, from MailTemplates.
#pragma once

#include <memory>
#include <string>

#include "service/domain/group_catalogue.h"
#include "service/mail/mime.h"
#include "service/messages/mail_templates.h"
#include "service/submission/invitations.h"
#include "service/submission/mail_composer.h"
#include "service/submission/registration_letters.h"

namespace spdlog {
class logger;
}

namespace tnt::messages {

struct ResponseMailSettings {
    std::string from_address;  // the From and envelope address: "formulaires@exemple.gouv.fr"
    std::string from_name;  // "Transformation numérique des territoires"
    std::string public_url;  // "https://formulaires.exemple.gouv.fr": the links' start, without a final /
    std::string publisher;  // who runs the service (the footer of the messages)
    std::string contact_email;  // where respondents write
};

class ResponseMail : public submission::MailComposer {
public:
    // `links`: writes the links of the invitation e-mails (none: they cannot be sent).
    ResponseMail(const MailTemplates& templates, const domain::GroupCatalogue* catalogue, ResponseMailSettings settings,
                 std::shared_ptr<spdlog::logger> log, const submission::InvitationLinks* links = nullptr);

    std::vector<submission::OutgoingMail> compose(const domain::Form& form, const submission::NewResponse& response,
                                                  const std::string& receipt,
                                                  const std::vector<domain::Placement>& placements) const override;

    // The offer of a freed place ("offre"), with the link of the offer's `secret`; the confirmation once
    // it is accepted ("place"). None when the person gave no address or did not ask for e-mail.
    std::vector<submission::OutgoingMail> offer(const domain::Form& form, const submission::RegistrationNotice& notice,
                                                const std::string& secret) const;
    std::vector<submission::OutgoingMail> accepted(const domain::Form& form,
                                                   const submission::RegistrationNotice& notice) const;

    // The resume link of a draft ("reprise"), to `to`: the link of the draft's `secret` and when it lapses.
    std::vector<submission::OutgoingMail> draftLink(const domain::Form& form, const std::string& to,
                                                    const std::string& secret,
                                                    domain::TimePoint expires_at) const override;
    // The page a draft's secret resumes (also shown on the page that saves it).
    std::string draftUrl(const domain::Form& form, const std::string& secret) const;

    // The template values of a response (public for the tests). A waitlisted group says its position and
    // leaves its meetings out.
    nlohmann::json templateData(const domain::Form& form, const submission::NewResponse& response,
                                const std::string& receipt,
                                const std::vector<domain::Placement>& placements = {}) const;

    // The MIME message of a queued payload (kinds "inscription", "copie", "offre", "place", "reprise",
    // "invitation", "relance"). Throws on a payload it cannot read or a message it cannot write (the sender
    // marks it failed).
    std::string render(const std::string& kind, const std::string& message_id, const std::string& recipient,
                       const std::string& payload) const;

    // The message around rendered templates: From, Message-ID, Date, the parts and the attachments. Shared
    // with the pilots' digests.
    static std::string mime(const ResponseMailSettings& settings, const RenderedMail& rendered,
                            const std::string& message_id, const std::string& recipient,
                            std::chrono::system_clock::time_point date, std::vector<mail::Attachment> attachments,
                            std::vector<std::pair<std::string, std::string>> headers = {});
    // A Message-ID in the sender's domain.
    static std::string messageId(const ResponseMailSettings& settings);

    // Whom `response` asks to write to: the e-mail answer when the form sends copies and the consent, if
    // any, is ticked; "" otherwise.
    static std::string recipient(const domain::Form& form, const nlohmann::json& answers);

    // An answer as the respondent would read it: option labels, « Oui »/« Non », the "Autre" text.
    static std::string answerText(const domain::Question& question, const nlohmann::json& answers);

private:
    // The values every message about one group shares: the person, the form, the group and its meetings.
    nlohmann::json groupValues(const domain::Form& form, const submission::RegistrationNotice& notice) const;
    std::vector<submission::OutgoingMail> one(const std::string& kind, const std::string& to,
                                              const nlohmann::json& payload, const std::string& form_slug) const;
    std::string calendar(const std::vector<std::string>& groups, domain::TimePoint after) const;

    const MailTemplates& templates_;
    const domain::GroupCatalogue* catalogue_;
    ResponseMailSettings settings_;
    std::shared_ptr<spdlog::logger> log_;
    const submission::InvitationLinks* links_;
};

}  // namespace tnt::messages
