#include "service/access/pilot_session.h"

namespace tnt::access {

bool PilotSession::usableAt(domain::TimePoint now, const PilotSessionPolicy& policy) const
{
    return token.usableAt(now) && last_seen_at > idleCutoff(now, policy) && created_at > absoluteCutoff(now, policy);
}

bool PilotSession::needsTouchAt(domain::TimePoint now, const PilotSessionPolicy& policy) const
{
    return now - last_seen_at >= policy.touch_every;
}

domain::TimePoint idleCutoff(domain::TimePoint now, const PilotSessionPolicy& policy)
{
    return now - policy.idle;
}

domain::TimePoint absoluteCutoff(domain::TimePoint now, const PilotSessionPolicy& policy)
{
    return now - policy.absolute;
}

}  // namespace tnt::access
