// The letters of the waitlist (submission::RegistrationLetters): an offer's secret, issued here and
// stored hashed by the caller, and its e-mail; the confirmation once the place is accepted. Without a
// relay (`mail` null) the secret is still issued — the person's receipt page offers the same choice.
#pragma once

#include "service/domain/form_loader.h"
#include "service/messages/response_mail.h"
#include "service/submission/signed_secrets.h"
#include "service/submission/registration_letters.h"

namespace tnt::messages {

class RegistrationMail : public submission::RegistrationLetters {
public:
    // All must outlive this object; `mail` may be null (no relay configured).
    RegistrationMail(const domain::FormSet& forms, const submission::SignedSecrets& secrets, const ResponseMail* mail)
        : forms_(forms), secrets_(secrets), mail_(mail)
    {
    }

    submission::OfferLetter offer(const submission::RegistrationNotice& notice) const override;
    std::vector<submission::OutgoingMail> accepted(const submission::RegistrationNotice& notice) const override;

private:
    const domain::FormSet& forms_;
    const submission::SignedSecrets& secrets_;
    const ResponseMail* mail_;
};

}  // namespace tnt::messages
