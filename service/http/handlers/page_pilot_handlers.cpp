#include "service/http/handlers/page_pilot_handlers.h"

#include "service/http/api_error.h"
#include "service/http/handlers/page_form_handlers.h"
#include "service/http/pilot_auth.h"
#include "service/http/pilot_request.h"
#include "service/http/urlencoded.h"
#include "service/pages/form_answers.h"
#include "service/pages/pilot_pages.h"
#include "service/reporting/form_statistics.h"

namespace tnt::http {
namespace {

constexpr const char* kCsrfScope = "pilote";
constexpr const char* kSessionEnded =
    "Votre session a pris fin (jeton expiré ou révoqué, navigateur fermé ou déconnexion) : collez votre jeton "
    "pour continuer.";
constexpr const char* kTokenNoLongerValid =
    "Votre jeton n'est plus valide (expiré ou révoqué). Collez un nouveau jeton.";

std::string issueCsrf(const CsrfSigner& csrf)
{
    return csrf.issue(kCsrfScope, std::chrono::system_clock::now());
}

// Secure only behind TLS (the reverse proxy says so): a plain-HTTP test or local run keeps its cookie.
std::string cookie(const HttpRequest& request, const std::string& value, bool clear)
{
    std::string text = std::string(kPilotCookie) + "=" + value + "; HttpOnly; SameSite=Strict; Path=/";
    if (clear) text += "; Max-Age=0";
    if (request.header("x-forwarded-proto").value_or("") == "https") text += "; Secure";
    return text;
}

HttpResponse loginPage(int status, const PilotPageDependencies& deps, const std::string& error,
                       const std::string& notice = "")
{
    return pageResponse(status, pages::renderPilotLoginPage(deps.site, issueCsrf(deps.csrf), error, notice));
}

// ApiError from the shared pilot checks, as pages: 401 → log in again, 403/404 → a French page.
HttpResponse errorPage(const ApiError& e, const PilotPageDependencies& deps)
{
    if (e.status() == 401) return loginPage(401, deps, kTokenNoLongerValid);
    if (e.status() == 403) {
        return pageResponse(403, pages::renderPilotMessagePage(deps.site, "Accès refusé", e.message()));
    }
    if (e.status() == 404) {
        return pageResponse(404, pages::renderPilotMessagePage(deps.site, "Formulaire introuvable", e.message()));
    }
    throw e;
}

bool csrfValid(const CsrfSigner& csrf, const FormFields& fields)
{
    return csrf.verify(pages::fieldValue(fields, "_csrf"), kCsrfScope, std::chrono::system_clock::now()) ==
           CsrfCheck::valid;
}

std::string statusWord(domain::FormStatus status)
{
    switch (status) {
    case domain::FormStatus::open: return "ouvert";
    case domain::FormStatus::closed: return "clos";
    case domain::FormStatus::upcoming: return "pas encore ouvert";
    }
    return "";
}

HttpResponse logout(const HttpRequest& request)
{
    auto response = HttpResponse::redirect("/pilote/");
    response.header("Set-Cookie", cookie(request, "", true));
    response.header("Cache-Control", "no-store");
    return response;
}

}  // namespace

void addPilotPageRoutes(Router& router, PilotPageDependencies deps)
{
    router.add("GET", "/pilote", [deps](const HttpRequest& request) {
        // Already signed in: straight to the forms.
        if (presentedSecret(request)) {
            try {
                authenticatePilot(request, deps.tokens, deps.clock);
                return HttpResponse::redirect("/pilote/formulaires");
            } catch (const ApiError&) {
            }
        }
        // A download link followed after the session ended lands here (kPilotSessionEndedPath).
        const bool ended = request.queryValue("session").value_or("") == "expiree";
        return loginPage(200, deps, "", ended ? kSessionEnded : "");
    });

    router.add("POST", "/pilote/connexion", [deps](const HttpRequest& request) {
        const auto content_type = request.header("content-type");
        if (!content_type || !isUrlEncodedContentType(*content_type)) {
            return loginPage(415, deps, "Envoyez le jeton depuis ce formulaire.");
        }
        const auto fields = parseUrlEncoded(request.body);
        if (!csrfValid(deps.csrf, fields)) {
            return loginPage(403, deps, "La page était ouverte depuis trop longtemps. Collez le jeton à nouveau.");
        }
        auto secret = pages::fieldValue(fields, pages::kTokenField);
        while (!secret.empty() && (secret.back() == ' ' || secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
        while (!secret.empty() && secret.front() == ' ') secret.erase(0, 1);
        const bool cookie_safe = !secret.empty() && secret.size() <= 200 &&
                                 secret.find_first_of(";, \t\"\\") == std::string::npos;
        HttpRequest probe;
        probe.headers["authorization"] = "Bearer " + secret;
        try {
            if (!cookie_safe) throw ApiError(401, "unauthorized", "");
            authenticatePilot(probe, deps.tokens, deps.clock);
        } catch (const ApiError& e) {
            if (e.status() != 401) throw;
            return loginPage(401, deps, "Ce jeton n'est pas reconnu, ou il est expiré ou révoqué.");
        }
        auto response = HttpResponse::redirect("/pilote/formulaires");
        response.header("Set-Cookie", cookie(request, secret, false));
        response.header("Cache-Control", "no-store");
        return response;
    });

    router.add("POST", "/pilote/deconnexion", [](const HttpRequest& request) { return logout(request); },
               Execution::inline_on_reactor);
    router.add("GET", "/pilote/deconnexion", [](const HttpRequest& request) { return logout(request); },
               Execution::inline_on_reactor);

    router.add("GET", "/pilote/formulaires", [deps](const HttpRequest& request) {
        try {
            const auto token = authenticatePilot(request, deps.tokens, deps.clock);
            const auto now = deps.clock.now();
            std::vector<pages::PilotFormEntry> entries;
            for (const auto& form : deps.forms.forms) {
                if (!token.canReadForm(form.slug)) continue;
                const auto id = deps.exports.formId(form.slug);
                if (!id) continue;
                storage::ResponseFilter filter;
                filter.form_id = *id;
                filter.groups = access::visibleGroups(token, std::nullopt);
                entries.push_back({&form, deps.statistics.aggregate(filter).responses, statusWord(form.window.statusAt(now))});
            }
            return pageResponse(200, pages::renderPilotFormsPage(deps.site, token.name, entries, issueCsrf(deps.csrf)));
        } catch (const ApiError& e) {
            return errorPage(e, deps);
        }
    });

    router.add("GET", "/pilote/formulaires/{slug}", [deps](const HttpRequest& request) {
        try {
            auto pilot = resolvePilotRequest(request, deps.forms, deps.tokens, deps.exports, deps.clock);
            const auto stats =
                reporting::buildStatistics(*pilot.form, deps.statistics.aggregate(pilot.filter), pilot.groups);
            return pageResponse(200, pages::renderPilotFormPage(deps.site, *pilot.form, stats, pilot.filter.groups,
                                                                issueCsrf(deps.csrf)));
        } catch (const ApiError& e) {
            return errorPage(e, deps);
        }
    });
}

}  // namespace tnt::http
