// Who is asking for pilot data: the Bearer token of the API, or the dashboard's HttpOnly cookie holding
// the same secret. Only the SHA-256 of the secret is looked up. 401 for a missing, unknown, expired or
// revoked token; 403 is the caller's, once it knows what is asked.
#pragma once

#include <optional>
#include <string>

#include "service/access/access_token.h"
#include "service/http/http_message.h"
#include "service/storage/token_repository.h"
#include "service/submission/clock.h"

namespace tnt::http {

inline constexpr const char* kPilotCookie = "tnt_pilote";
// The dashboard's login page, saying the session has ended.
inline constexpr const char* kPilotSessionEndedPath = "/pilote?session=expiree";

// The secret presented by the request (Authorization: Bearer …, else the pilot cookie), if any.
std::optional<std::string> presentedSecret(const HttpRequest& request);

// A person's browser rather than an API client: no Authorization header, and the dashboard's cookie or an
// Accept that asks for HTML. Such a request refused with 401 is sent to the login page instead of JSON.
bool fromDashboardBrowser(const HttpRequest& request);

// Throws ApiError 401 unauthorized.
access::AccessToken authenticatePilot(const HttpRequest& request, storage::TokenRepository& tokens,
                                      const submission::Clock& clock);

}  // namespace tnt::http
