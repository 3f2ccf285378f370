// A pilot's dashboard session: what the browser's cookie stands for. The cookie holds a random session id
// (never the access token); the database keeps its SHA-256, the token it was opened with, and two times.
// The rules of when a session ends live here, once: idle too long, older than its absolute limit, or its
// token no longer usable (expired or revoked). Logout deletes it.
#pragma once

#include <chrono>

#include "service/access/access_token.h"
#include "service/domain/paris_time.h"

namespace tnt::access {

struct PilotSessionPolicy {
    std::chrono::minutes idle{60};  // no request for this long ends the session
    std::chrono::hours absolute{12};  // a working day at most, whatever the activity
    std::chrono::seconds touch_every{60};  // last_seen_at is written at most this often (not on every request)
};

struct PilotSession {
    AccessToken token;
    domain::TimePoint created_at;
    domain::TimePoint last_seen_at;

    bool usableAt(domain::TimePoint now, const PilotSessionPolicy& policy) const;
    // True when the request at `now` should record itself as the session's last activity.
    bool needsTouchAt(domain::TimePoint now, const PilotSessionPolicy& policy) const;
};

// Sessions last seen before this instant, or created before the absolute limit, are over (for the purge).
domain::TimePoint idleCutoff(domain::TimePoint now, const PilotSessionPolicy& policy);
domain::TimePoint absoluteCutoff(domain::TimePoint now, const PilotSessionPolicy& policy);

}  // namespace tnt::access
