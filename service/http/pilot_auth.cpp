#include "service/http/pilot_auth.h"

#include <algorithm>
#include <cctype>

#include "service/crypto/digest.h"
#include "service/http/api_error.h"

namespace tnt::http {
namespace {

ApiError unauthorized()
{
    return ApiError(401, "unauthorized",
                    "Un jeton d'accès valide est nécessaire (en-tête Authorization: Bearer …). Il est peut-être "
                    "expiré ou révoqué : demandez-en un nouveau à l'équipe du programme.");
}

std::optional<std::string> cookieValue(const std::string& header, const std::string& name)
{
    std::size_t pos = 0;
    while (pos < header.size()) {
        while (pos < header.size() && (header[pos] == ' ' || header[pos] == ';')) ++pos;
        const auto end = header.find(';', pos);
        const auto pair = header.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
        const auto eq = pair.find('=');
        if (eq != std::string::npos && pair.substr(0, eq) == name) return pair.substr(eq + 1);
        if (end == std::string::npos) break;
        pos = end + 1;
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> presentedSecret(const HttpRequest& request)
{
    if (auto auth = request.header("authorization")) {
        // The scheme is case-insensitive (RFC 9110 §11.1): "bearer x" and "BEARER x" are Bearer too.
        static constexpr std::string_view bearer = "bearer ";
        const bool is_bearer =
            auth->size() > bearer.size() && std::equal(bearer.begin(), bearer.end(), auth->begin(), [](char a, char b) {
                return a == std::tolower(static_cast<unsigned char>(b));
            });
        if (is_bearer) {
            auto secret = auth->substr(bearer.size());
            while (!secret.empty() && secret.front() == ' ') secret.erase(0, 1);
            return secret;
        }
        return std::string();  // present but not a bearer token: refused, never falls back to the cookie
    }
    if (auto cookie = request.header("cookie")) return cookieValue(*cookie, kPilotCookie);
    return std::nullopt;
}

bool fromDashboardBrowser(const HttpRequest& request)
{
    if (request.header("authorization")) return false;
    const auto cookie = request.header("cookie");
    if (cookie && cookieValue(*cookie, kPilotCookie)) return true;
    return request.header("accept").value_or("").find("text/html") != std::string::npos;
}

access::AccessToken authenticatePilot(const HttpRequest& request, storage::TokenRepository& tokens,
                                      const submission::Clock& clock)
{
    const auto secret = presentedSecret(request);
    if (!secret || secret->empty() || secret->size() > 200) throw unauthorized();
    auto token = tokens.findBySecretHash(crypto::sha256Hex(*secret));
    if (!token || !token->usableAt(clock.now())) throw unauthorized();
    return *token;
}

}  // namespace tnt::http
