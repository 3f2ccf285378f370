#include "service/http/pilot_auth.h"

#include <algorithm>
#include <cctype>

#include "service/crypto/digest.h"
#include "service/crypto/random_secret.h"
#include "service/http/api_error.h"

namespace tnt::http {
namespace {

constexpr std::size_t kSessionIdLength = 43;  // [A-Za-z0-9]: about 256 bits
constexpr std::size_t kLoginNonceLength = 32;
constexpr std::size_t kMaxSecretLength = 200;

ApiError unauthorized()
{
    return ApiError(401, "unauthorized",
                    "Un jeton d'accès valide est nécessaire (en-tête Authorization: Bearer …). Il est peut-être "
                    "expiré ou révoqué : demandez-en un nouveau à l'équipe du programme.");
}

bool alphanumeric(const std::string& text, std::size_t length)
{
    return text.size() == length &&
           std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isalnum(c) != 0; });
}

// Authorization: Bearer … (the scheme in any case, RFC 9110 §11.1). An Authorization header of another
// scheme gives "" (refused, never a fallback to the cookie); none gives nullopt.
std::optional<std::string> bearerSecret(const HttpRequest& request)
{
    const auto auth = request.header("authorization");
    if (!auth) return std::nullopt;
    static constexpr std::string_view bearer = "bearer ";
    const bool is_bearer = auth->size() > bearer.size() &&
                           std::equal(bearer.begin(), bearer.end(), auth->begin(),
                                      [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); });
    if (!is_bearer) return std::string();
    auto secret = auth->substr(bearer.size());
    while (!secret.empty() && secret.front() == ' ') secret.erase(0, 1);
    return secret;
}

std::optional<std::string> sessionCookie(const HttpRequest& request)
{
    const auto header = request.header("cookie");
    if (!header) return std::nullopt;
    return cookieValue(*header, kPilotCookie);
}

// The failures are counted per client (through trusted proxies), else per TCP peer.
const std::string& clientOf(const HttpRequest& request)
{
    return request.client_address.empty() ? request.peer_address : request.client_address;
}

}  // namespace

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

bool fromDashboardBrowser(const HttpRequest& request)
{
    if (request.header("authorization")) return false;
    if (sessionCookie(request)) return true;
    return request.header("accept").value_or("").find("text/html") != std::string::npos;
}

PilotAuthenticator::PilotAuthenticator(storage::TokenRepository& tokens, const submission::Clock& clock,
                                       PilotAuthOptions options)
    : tokens_(tokens), clock_(clock), options_(options), failures_(options.failures_per_minute)
{
}

access::AccessToken PilotAuthenticator::authenticate(const HttpRequest& request)
{
    if (auto secret = bearerSecret(request)) return tokenForSecret(request, *secret);
    const auto session_id = sessionCookie(request);
    if (!session_id) throw unauthorized();  // nothing presented: not a failed guess
    checkNotLockedOut(request);
    if (!alphanumeric(*session_id, kSessionIdLength)) return refuseAndCount(request);
    const auto hash = crypto::sha256Hex(*session_id);
    const auto session = tokens_.findSession(hash);
    const auto now = clock_.now();
    if (!session || !session->usableAt(now, options_.session)) return refuseAndCount(request);
    if (session->needsTouchAt(now, options_.session)) tokens_.touchSession(hash, now);
    return session->token;
}

access::AccessToken PilotAuthenticator::tokenForSecret(const HttpRequest& request, const std::string& secret)
{
    checkNotLockedOut(request);
    if (secret.empty() || secret.size() > kMaxSecretLength) return refuseAndCount(request);
    auto token = tokens_.findBySecretHash(crypto::sha256Hex(secret));
    if (!token || !token->usableAt(clock_.now())) return refuseAndCount(request);
    return *token;
}

std::string PilotAuthenticator::openSession(const access::AccessToken& token)
{
    const auto now = clock_.now();
    // Ended sessions are forgotten as new ones open: the table holds the live ones and a few more.
    tokens_.deleteSessionsBefore(access::idleCutoff(now, options_.session),
                                 access::absoluteCutoff(now, options_.session));
    const auto session_id = crypto::randomToken(kSessionIdLength);
    tokens_.createSession(token.id, crypto::sha256Hex(session_id), now);
    // No Max-Age: the cookie goes with the browser; the server ends the session earlier when it must.
    return cookie(kPilotCookie, session_id, "/", std::nullopt);
}

std::string PilotAuthenticator::closeSession(const HttpRequest& request)
{
    if (const auto session_id = sessionCookie(request); session_id && alphanumeric(*session_id, kSessionIdLength)) {
        tokens_.deleteSession(crypto::sha256Hex(*session_id));
    }
    return cookie(kPilotCookie, "", "/", 0);
}

std::optional<std::string> PilotAuthenticator::sessionKey(const HttpRequest& request) const
{
    const auto session_id = sessionCookie(request);
    if (!session_id || session_id->empty()) return std::nullopt;
    return crypto::sha256Hex(*session_id);
}

std::string PilotAuthenticator::loginNonce(const HttpRequest& request, std::string& set_cookie) const
{
    if (auto nonce = presentedLoginNonce(request)) {
        set_cookie.clear();
        return *nonce;
    }
    auto nonce = crypto::randomToken(kLoginNonceLength);
    set_cookie = cookie(kPilotLoginCookie, nonce, "/pilote", 24 * 3600);
    return nonce;
}

std::optional<std::string> PilotAuthenticator::presentedLoginNonce(const HttpRequest& request) const
{
    const auto header = request.header("cookie");
    if (!header) return std::nullopt;
    auto nonce = cookieValue(*header, kPilotLoginCookie);
    if (!nonce || !alphanumeric(*nonce, kLoginNonceLength)) return std::nullopt;
    return nonce;
}

void PilotAuthenticator::checkNotLockedOut(const HttpRequest& request)
{
    int retry_after = 0;
    if (failures_.exhausted(clientOf(request), std::chrono::steady_clock::now(), retry_after)) {
        throw ApiError(429, "too_many_attempts",
                       "Trop de tentatives avec un jeton ou une session non valides depuis votre adresse : "
                       "réessayez dans " +
                           std::to_string(retry_after) + " s.")
            .withRetryAfter(retry_after);
    }
}

access::AccessToken PilotAuthenticator::refuseAndCount(const HttpRequest& request)
{
    int retry_after = 0;
    failures_.allow(clientOf(request), std::chrono::steady_clock::now(), retry_after);
    throw unauthorized();
}

std::string PilotAuthenticator::cookie(const std::string& name, const std::string& value, const std::string& path,
                                       std::optional<int> max_age) const
{
    std::string text = name + "=" + value + "; HttpOnly; SameSite=Strict; Path=" + path;
    if (max_age) text += "; Max-Age=" + std::to_string(*max_age);
    // Secure whenever the service is configured as served over https — never from a request header.
    if (options_.secure_cookies) text += "; Secure";
    return text;
}

}  // namespace tnt::http
