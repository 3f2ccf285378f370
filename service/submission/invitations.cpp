#include "service/submission/invitations.h"

#include <stdexcept>

#include "service/crypto/digest.h"
#include "service/crypto/random_secret.h"

namespace tnt::submission {

std::string_view invitationStateName(InvitationState state)
{
    switch (state) {
    case InvitationState::invited:
        return "invited";
    case InvitationState::started:
        return "started";
    case InvitationState::answered:
        return "answered";
    }
    return "invited";
}

std::optional<InvitationState> parseInvitationState(std::string_view name)
{
    if (name == "invited") return InvitationState::invited;
    if (name == "started") return InvitationState::started;
    if (name == "answered") return InvitationState::answered;
    return std::nullopt;
}

InvitationLinks::InvitationLinks(std::string key)
    : key_(std::move(key)), invitation_(key_, "invitation"), unsubscribe_(key_, "unsubscribe"), draft_(key_, "draft")
{
}

std::string InvitationLinks::newPublicId()
{
    return crypto::randomToken(32, "0123456789abcdef");
}

std::string InvitationLinks::invitationToken(std::string_view public_id) const
{
    return invitation_.sign(public_id);
}

std::string InvitationLinks::unsubscribeToken(std::string_view public_id) const
{
    return unsubscribe_.sign(public_id);
}

std::optional<std::string> InvitationLinks::invitationSubject(std::string_view token) const
{
    return invitation_.subject(token);
}

std::optional<std::string> InvitationLinks::unsubscribeSubject(std::string_view token) const
{
    return unsubscribe_.subject(token);
}

std::string InvitationLinks::draftSecret(std::string_view public_id) const
{
    // Keyed: the public id alone (a database's reader) does not give the draft.
    return draft_.sign(crypto::hmacSha256Hex(key_, "invitation-draft:" + std::string(public_id)).substr(0, 32));
}

std::string InvitationLinks::invitationPath(std::string_view form_slug, std::string_view token)
{
    return "/f/" + std::string(form_slug) + "/invitation/" + std::string(token);
}

std::string InvitationLinks::unsubscribePath(std::string_view form_slug, std::string_view token)
{
    return "/f/" + std::string(form_slug) + "/desinscription/" + std::string(token);
}

nlohmann::json invitationAnswers(const domain::Form& form, const Invitation& invitation)
{
    auto answers = nlohmann::json::object();
    if (!form.invitations) return answers;
    const auto& settings = *form.invitations;
    if (!invitation.mandate.empty()) answers[settings.mandate] = invitation.mandate;
    if (!settings.departement.empty() && !invitation.departement.empty()) {
        answers[settings.departement] = invitation.departement;
    }
    if (!settings.commune.empty() && !invitation.commune.empty()) answers[settings.commune] = invitation.commune;
    return answers;
}

}  // namespace tnt::submission
