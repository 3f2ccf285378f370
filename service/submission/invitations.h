// Personal invitations to a form (issue 19): the programme team loads a list of people (`tnt-forms invite`),
// each receives a link of their own that opens the form with their commune and mandate filled in, and the
// team follows who was invited, who started, who answered, and reminds those who did not.
//
// The links. Each invitation has 128 random bits, `public_id`, kept in its row. Its personal link is those
// bits signed with the service's key under the purpose "invitation" (SignedSecrets), its unsubscribe link
// the same bits under "unsubscribe": the service writes them again for a reminder, nobody without the key
// can make one, and an altered link is refused before any lookup. The invitation's draft has a secret
// derived from the same bits under the key, so the personal link opened again resumes where its holder
// stopped; like every draft secret, only its SHA-256 is stored.
//
// Anonymity. The response an invitation leads to is stored like any other: it holds nothing of the
// invitation. "Answered" is written afterwards, in a transaction of its own, as a state without a time
// (docs/invitations.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "service/domain/form.h"
#include "service/submission/signed_secrets.h"

namespace tnt::submission {

enum class InvitationState { invited, started, answered };

std::string_view invitationStateName(InvitationState state);  // "invited", "started", "answered"
std::optional<InvitationState> parseInvitationState(std::string_view name);

struct Invitation {
    std::uint64_t id = 0;
    std::string public_id;  // 32 lowercase hex characters
    InvitationState state = InvitationState::invited;
    std::string insee;
    std::string departement;
    std::string commune;  // its name
    std::string mandate;  // an option key of the form's mandate question
    bool unsubscribed = false;
};

class InvitationLinks {
public:
    // `key`: the service's secret key (crypto::readSecretKeyFile); not empty.
    explicit InvitationLinks(std::string key);

    // 128 new random bits, for a new invitation.
    static std::string newPublicId();

    std::string invitationToken(std::string_view public_id) const;
    std::string unsubscribeToken(std::string_view public_id) const;
    // The public id of an authentic token; nullopt for an altered or made-up one.
    std::optional<std::string> invitationSubject(std::string_view token) const;
    std::optional<std::string> unsubscribeSubject(std::string_view token) const;
    // The secret of the invitation's draft (a draft secret, authentic for Drafts).
    std::string draftSecret(std::string_view public_id) const;

    static std::string invitationPath(std::string_view form_slug, std::string_view token);
    static std::string unsubscribePath(std::string_view form_slug, std::string_view token);

private:
    std::string key_;
    SignedSecrets invitation_;
    SignedSecrets unsubscribe_;
    SignedSecrets draft_;
};

// Where invitations are kept (storage::InvitationRepository).
class InvitationStore {
public:
    virtual ~InvitationStore() = default;
    virtual std::optional<Invitation> find(const std::string& form_slug, const std::string& public_id) = 0;
    // invited → started; a later state is kept.
    virtual void markStarted(std::uint64_t id) = 0;
    // → answered, in a transaction of its own.
    virtual void markAnswered(std::uint64_t id) = 0;
    // No reminder any more; false when the invitation is gone.
    virtual bool unsubscribe(std::uint64_t id) = 0;
};

// The answers an invitation fills in: its mandate, and when the form names them its département and its
// commune's name (domain::InvitationSettings). Empty when the form takes no invitations.
nlohmann::json invitationAnswers(const domain::Form& form, const Invitation& invitation);

}  // namespace tnt::submission
