#include "service/messages/digest_mail.h"

#include "service/domain/paris_time.h"
#include "service/mail/mime.h"

namespace tnt::messages {

DigestMail::DigestMail(const MailTemplates& templates, const domain::GroupCatalogue* catalogue,
                       ResponseMailSettings settings)
    : templates_(templates), catalogue_(catalogue), settings_(std::move(settings))
{
    while (settings_.public_url.ends_with('/')) settings_.public_url.pop_back();
}

std::optional<submission::OutgoingMail> DigestMail::compose(const storage::DigestPeriod& period) const
{
    std::uint64_t total = 0;
    kainjow::mustache::list groups;
    for (const auto& [code, count] : period.registrations) {
        if (count == 0) continue;
        total += count;
        const auto* group = catalogue_ != nullptr ? catalogue_->find(code) : nullptr;
        kainjow::mustache::data g;
        g.set("code", code);
        g.set("name", group != nullptr ? group->name : code);
        g.set("count", std::to_string(count));
        g.set("plural", count > 1);
        groups.push_back(g);
    }
    if (total == 0) return std::nullopt;
    kainjow::mustache::data data;
    data.set("token_name", period.token.name);
    data.set("since", domain::formatFrenchParis(period.since));
    data.set("until", domain::formatFrenchParis(period.until));
    data.set("total", std::to_string(total));
    data.set("plural", total > 1);
    data.set("groups", groups);
    data.set("dashboard_url", settings_.public_url + "/pilote/");
    data.set("publisher", settings_.publisher);
    data.set("contact_email", settings_.contact_email);
    const auto rendered = templates_.render("resume", data);
    mail::Message message;
    message.from_address = settings_.from_address;
    message.from_name = settings_.from_name;
    message.to = period.token.notify_email;
    message.subject = rendered.subject;
    message.text = rendered.text;
    message.html = rendered.html;
    const auto at = settings_.from_address.find('@');
    message.message_id =
        mail::newMessageId(at == std::string::npos ? "tnt-forms.invalid" : settings_.from_address.substr(at + 1));
    message.date = period.until;
    return submission::OutgoingMail{message.message_id, "resume", message.to, mail::renderMime(message)};
}

}  // namespace tnt::messages
