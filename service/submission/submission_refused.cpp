#include "service/submission/submission_refused.h"

namespace tnt::submission {

SubmissionRefused::SubmissionRefused(RefusalReason reason, std::string message)
    : std::runtime_error(message), reason_(reason), message_(std::move(message))
{
}

SubmissionRefused SubmissionRefused::notOpen(domain::TimePoint opens_at)
{
    SubmissionRefused e(RefusalReason::not_open,
                        "Ce formulaire n'est pas encore ouvert. Il ouvrira le " + domain::formatFrenchParis(opens_at) + ".");
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

SubmissionRefused SubmissionRefused::alreadyRegistered()
{
    return SubmissionRefused(RefusalReason::already_registered,
                             "Une réponse avec ces informations a déjà été enregistrée (par exemple la même adresse "
                             "électronique pour le même groupe).");
}

SubmissionRefused SubmissionRefused::groupFull(const std::string& code, const std::string& name)
{
    SubmissionRefused e(RefusalReason::group_full,
                        "Le groupe « " + name + " » est complet : il n'y a plus de place disponible.");
    e.group = code;
    return e;
}

}  // namespace tnt::submission
