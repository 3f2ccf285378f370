// What a new response says by e-mail: the submission service asks a MailComposer for the messages of a
// response it is about to store, and they are written with it (the outbox) — composed here, in the request,
// because the respondent's receipt secret, which the withdrawal link carries, exists only now.
// Implemented by messages::ResponseMail; a service without a relay has none.
#pragma once

#include <string>
#include <vector>

#include "service/domain/form.h"
#include "service/submission/response_store.h"

namespace tnt::submission {

class MailComposer {
public:
    virtual ~MailComposer() = default;

    // The messages `response` sends (none when the form sends none or the respondent did not ask for it).
    // `receipt` is the respondent's receipt secret; `placements` what the store made of each group chosen
    // (registered, or waitlisted at a position). Never throws: a message that cannot be composed is left out
    // (and logged) rather than refusing the answers.
    virtual std::vector<OutgoingMail> compose(const domain::Form& form, const NewResponse& response,
                                              const std::string& receipt,
                                              const std::vector<domain::Placement>& placements) const = 0;

    // The message with a draft's resume link (the draft's `secret`), to `to`; none when it cannot be composed.
    virtual std::vector<OutgoingMail> draftLink(const domain::Form& form, const std::string& to,
                                                const std::string& secret, domain::TimePoint expires_at) const = 0;
};

}  // namespace tnt::submission
