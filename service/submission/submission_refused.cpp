#include "service/submission/submission_refused.h"

namespace tnt::submission {

SubmissionRefused::SubmissionRefused(RefusalReason reason, std::string message)
    : std::runtime_error(message), reason_(reason), message_(std::move(message))
{
}

SubmissionRefused SubmissionRefused::notOpen(domain::TimePoint opens_at)
{
    SubmissionRefused e(RefusalReason::not_open, "Ce formulaire n'est pas encore ouvert. Il ouvrira le " +
                                                     domain::formatFrenchParis(opens_at) + ".");
    e.at = opens_at;
    return e;
}

SubmissionRefused SubmissionRefused::closed(domain::TimePoint closed_since)
{
    SubmissionRefused e(RefusalReason::closed,
                        "Ce formulaire est clos depuis le " + domain::formatFrenchParis(closed_since) + ".");
    e.at = closed_since;
    return e;
}

SubmissionRefused SubmissionRefused::invalid(std::map<std::string, std::string> fields)
{
    SubmissionRefused e(RefusalReason::invalid,
                        fields.size() == 1 ? "Le formulaire contient une erreur."
                                           : "Le formulaire contient " + std::to_string(fields.size()) + " erreurs.");
    e.fields = std::move(fields);
    return e;
}

SubmissionRefused SubmissionRefused::alreadyRegistered(std::vector<std::string> taken_claims)
{
    SubmissionRefused e(RefusalReason::already_registered,
                        "Une réponse avec ces informations a déjà été enregistrée (par exemple la même adresse "
                        "électronique pour le même groupe).");
    e.taken_claims = std::move(taken_claims);
    return e;
}

SubmissionRefused SubmissionRefused::alreadyInGroups(std::vector<std::string> codes,
                                                     const std::vector<std::string>& names)
{
    std::string list;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) list += i + 1 == names.size() ? " et " : ", ";
        list += "«\u00a0" + names[i] + "\u00a0»";
    }
    const bool several = names.size() > 1;
    SubmissionRefused e(RefusalReason::already_registered,
                        std::string(several ? "Une inscription aux groupes " : "Une inscription au groupe ") + list +
                            " existe déjà avec ces informations (la même adresse électronique). Décochez " +
                            (several ? "ces groupes" : "ce groupe") + " pour vous inscrire aux autres.");
    e.groups = std::move(codes);
    return e;
}

SubmissionRefused SubmissionRefused::idempotencyKeyReused()
{
    return SubmissionRefused(RefusalReason::idempotency_key_reused,
                             "Cette clé d'idempotence a déjà servi pour d'autres réponses : une nouvelle réponse "
                             "demande une nouvelle clé.");
}

SubmissionRefused SubmissionRefused::groupFull(const std::string& code, const std::string& name)
{
    SubmissionRefused e(RefusalReason::group_full,
                        "Le groupe « " + name + " » est complet : il n'y a plus de place disponible.");
    e.group = code;
    return e;
}

}  // namespace tnt::submission
