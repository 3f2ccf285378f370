#include "service/messages/registration_mail.h"

namespace tnt::messages {

submission::OfferLetter RegistrationMail::offer(const submission::RegistrationNotice& notice) const
{
    const auto secret = secrets_.issue();
    submission::OfferLetter letter{submission::SignedSecrets::hash(secret), {}};
    const auto* form = forms_.find(notice.form_slug);
    if (mail_ != nullptr && form != nullptr) letter.mail = mail_->offer(*form, notice, secret);
    return letter;
}

std::vector<submission::OutgoingMail> RegistrationMail::accepted(const submission::RegistrationNotice& notice) const
{
    const auto* form = forms_.find(notice.form_slug);
    if (mail_ == nullptr || form == nullptr) return {};
    return mail_->accepted(*form, notice);
}

}  // namespace tnt::messages
