// Respondents' drafts: answers kept between the steps of a form and resumed later from a link (issue 19).
// The right to read or change a draft is its secret (SignedSecrets, purpose "draft"), given only to the
// respondent; the store keeps its SHA-256. A draft lives until the form stops accepting answers, at most the
// form's retention (domain::draftExpiry); opening it after that removes it. Its answers are not validated
// here (a draft is incomplete by nature): the steps and the final sending validate them.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "service/domain/form.h"
#include "service/submission/clock.h"
#include "service/submission/mail_composer.h"
#include "service/submission/signed_secrets.h"

namespace tnt::submission {

// A draft as stored: its answers as JSON text, the step to show, its times.
struct StoredDraft {
    std::string answers;
    std::size_t step = 0;
    domain::TimePoint updated_at;
    domain::TimePoint expires_at;
    std::optional<std::uint64_t> invitation;  // the invitation it was started from (invitations.h), if any
};

// Where drafts are kept (storage::DraftRepository).
class DraftStore {
public:
    virtual ~DraftStore() = default;
    // False when a draft of this secret exists already (an invitation's, started in two tabs).
    virtual bool create(const std::string& form_slug, const std::string& secret_hash, const StoredDraft& draft,
                        domain::TimePoint now) = 0;
    // Not lapsed at `now`; a lapsed one is removed.
    virtual std::optional<StoredDraft> find(const std::string& form_slug, const std::string& secret_hash,
                                            domain::TimePoint now) = 0;
    // `edit` runs under the draft's lock, in the transaction that stores its result.
    virtual std::optional<StoredDraft> update(const std::string& form_slug, const std::string& secret_hash,
                                              domain::TimePoint now, const std::function<void(StoredDraft&)>& edit) = 0;
    virtual bool remove(const std::string& form_slug, const std::string& secret_hash) = 0;
    virtual void queueMail(const OutgoingMail& mail) = 0;
};

struct Draft {
    std::string secret;
    nlohmann::json answers = nlohmann::json::object();
    std::size_t step = 0;
    domain::TimePoint updated_at;
    domain::TimePoint expires_at;
    std::optional<std::uint64_t> invitation;
};

// Why a draft link leads nowhere: not issued by this service (altered, made up: 403), or its draft is gone
// (sent, lapsed, discarded: 410).
class DraftRefused : public std::runtime_error {
public:
    enum class Reason { forged, gone };
    explicit DraftRefused(Reason reason);
    Reason reason() const { return reason_; }

private:
    Reason reason_;
};

class Drafts {
public:
    // `mail`: composes the resume e-mail; none without a relay.
    Drafts(DraftStore& store, const Clock& clock, const SignedSecrets& secrets, const MailComposer* mail);

    // A new draft with these answers, to resume at `step`.
    Draft create(const domain::Form& form, const nlohmann::json& answers, std::size_t step);

    // The draft of an invitation: its secret is the invitation's (InvitationLinks::draftSecret), so that the
    // personal link finds it again. nullopt when it exists already (then change() it).
    std::optional<Draft> createForInvitation(const domain::Form& form, const nlohmann::json& answers, std::size_t step,
                                             const std::string& secret, std::uint64_t invitation);

    // The draft of `secret`. Throws DraftRefused; SubmissionRefused (closed, not_open) when the form does
    // not take answers now — the draft of a closed form is removed then.
    Draft open(const domain::Form& form, const std::string& secret);

    // Changes the draft under its lock: `edit` gets its answers and step and changes them. The same throws
    // as open(); two changes at once are applied one after the other, the last one's step wins.
    Draft change(const domain::Form& form, const std::string& secret,
                 const std::function<void(nlohmann::json& answers, std::size_t& step)>& edit);

    // Removes the draft (its answers were sent, or its holder discards it). False when it was gone.
    bool discard(const domain::Form& form, const std::string& secret);

    // Queues the e-mail with the draft's resume link to `to`. False when there is no relay.
    bool mailLink(const domain::Form& form, const Draft& draft, const std::string& to);

    // Whether the resume link can be sent by e-mail (the service has a relay).
    bool canMail() const { return mail_ != nullptr; }

    // Whether `secret` has the shape and signature of a draft secret (checked before any lookup).
    bool authentic(const std::string& secret) const { return secrets_.authentic(secret); }

private:
    void ensureOpen(const domain::Form& form, const std::string& secret);

    DraftStore& store_;
    const Clock& clock_;
    const SignedSecrets& secrets_;
    const MailComposer* mail_;
};

}  // namespace tnt::submission
