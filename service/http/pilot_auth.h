// Who is asking for pilot data. An API client sends its token (Authorization: Bearer …); the dashboard's
// browser sends a session cookie holding a random session id, never the token (access::PilotSession: idle
// and absolute expiry, ended by logout or with its token). Only SHA-256s are looked up. 401 for anything
// missing, unknown, expired or revoked; 429 once a client address has failed too often (a guessing client
// is slowed down before it reaches the database); 403 is the caller's, once it knows what is asked.
#pragma once

#include <optional>
#include <string>

#include "service/access/access_token.h"
#include "service/access/pilot_session.h"
#include "service/http/http_message.h"
#include "service/http/rate_limiter.h"
#include "service/storage/token_repository.h"
#include "service/submission/clock.h"

namespace tnt::http {

inline constexpr const char* kPilotCookie = "tnt_pilote";  // the dashboard session's id
// Before login: a random value the login form's CSRF token is bound to, so another site cannot log a
// browser into its own account (login CSRF).
inline constexpr const char* kPilotLoginCookie = "tnt_pilote_connexion";
// The dashboard's login page, saying the session has ended.
inline constexpr const char* kPilotSessionEndedPath = "/pilote?session=expiree";

struct PilotAuthOptions {
    access::PilotSessionPolicy session;
    bool secure_cookies = false;  // the service is served over https (--public-url https://…)
    int failures_per_minute = 30;  // failed authentications per client address, then 429; 0 = no limit
};

// The value of cookie `name` in a Cookie header, if present.
std::optional<std::string> cookieValue(const std::string& header, const std::string& name);

// A person's browser rather than an API client: no Authorization header, and the dashboard's cookie or an
// Accept that asks for HTML. Such a request refused with 401 is sent to the login page instead of JSON.
bool fromDashboardBrowser(const HttpRequest& request);

class PilotAuthenticator {
public:
    PilotAuthenticator(storage::TokenRepository& tokens, const submission::Clock& clock, PilotAuthOptions options);

    // The token of a Bearer request, or of the request's dashboard session. Throws ApiError 401 or 429.
    access::AccessToken authenticate(const HttpRequest& request);
    // The token whose secret a pilot pasted in the login form (same failures count). Throws ApiError 401 or 429.
    access::AccessToken tokenForSecret(const HttpRequest& request, const std::string& secret);

    // Opens a session for `token`; returns the Set-Cookie value that gives it to the browser.
    std::string openSession(const access::AccessToken& token);
    // Ends the request's session, if it has one; returns the Set-Cookie value that clears it.
    std::string closeSession(const HttpRequest& request);
    // A key that names the request's session without revealing it (to bind the dashboard's CSRF tokens),
    // or nullopt without a session cookie.
    std::optional<std::string> sessionKey(const HttpRequest& request) const;

    // The pre-session cookie of the login form: the request's value if it has a well-formed one, else a new
    // one in `set_cookie` (empty when the request's is kept).
    std::string loginNonce(const HttpRequest& request, std::string& set_cookie) const;
    std::optional<std::string> presentedLoginNonce(const HttpRequest& request) const;

private:
    access::AccessToken refuseAndCount(const HttpRequest& request);
    void checkNotLockedOut(const HttpRequest& request);
    std::string cookie(const std::string& name, const std::string& value, const std::string& path,
                       std::optional<int> max_age) const;

    storage::TokenRepository& tokens_;
    const submission::Clock& clock_;
    PilotAuthOptions options_;
    RateLimiter failures_;
};

}  // namespace tnt::http
