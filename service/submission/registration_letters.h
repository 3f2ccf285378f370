// What a change on a group's waitlist writes to the person it concerns: the offer of a freed place (with
// the secret of its accept and decline links) and the confirmation once accepted. Asked for by the
// registrations' storage inside the transaction that makes the change, so that a message exists exactly
// when its change does (the outbox). Implemented by messages::RegistrationMail; the secret is issued even
// when no e-mail can be sent (the receipt page offers the same choice).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "service/submission/response_store.h"

namespace tnt::submission {

// The person a change concerns, as their response stored it.
struct RegistrationNotice {
    std::string form_slug;
    std::string response_public_id;
    nlohmann::json answers;  // their answers (the e-mail address is one of them, when the form has one)
    std::chrono::system_clock::time_point submitted_at;
    std::string group;  // the group's code
    std::chrono::system_clock::time_point offer_expires_at;  // an offer: until when the place is kept
};

struct OfferLetter {
    std::string secret_hash;  // stored with the offer (SignedSecrets::hash)
    std::vector<OutgoingMail> mail;  // the offer e-mail (none when the person gave no address)
};

class RegistrationLetters {
public:
    virtual ~RegistrationLetters() = default;

    // A freed place offered to `notice`'s person until notice.offer_expires_at. Never throws for the
    // message: an e-mail that cannot be composed is left out (and logged).
    virtual OfferLetter offer(const RegistrationNotice& notice) const = 0;
    // The offer accepted: the registration's confirmation.
    virtual std::vector<OutgoingMail> accepted(const RegistrationNotice& notice) const = 0;
};

}  // namespace tnt::submission
