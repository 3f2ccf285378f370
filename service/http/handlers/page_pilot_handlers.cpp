#include "service/http/handlers/page_pilot_handlers.h"

#include <algorithm>
#include <cctype>

#include "service/http/api_error.h"
#include "service/http/handlers/page_form_handlers.h"
#include "service/http/pilot_auth.h"
#include "service/http/pilot_request.h"
#include "service/http/urlencoded.h"
#include "service/pages/form_answers.h"
#include "service/pages/pilot_pages.h"
#include "service/pages/receipt_pages.h"
#include "service/reporting/form_statistics.h"
#include "service/reporting/download.h"
#include "service/reporting/registration_counts.h"

namespace tnt::http {
namespace {

constexpr const char* kSessionEnded =
    "Votre session a pris fin (inactivité, durée maximale, jeton expiré ou révoqué, ou déconnexion) : collez "
    "votre jeton pour continuer.";
constexpr const char* kTokenNoLongerValid =
    "Votre session a pris fin ou votre jeton n'est plus valide (expiré ou révoqué). Collez votre jeton.";

// The login form's CSRF token is bound to the browser's pre-session cookie; the dashboard's (logout) to
// its session. A token taken from one browser is worth nothing in another.
std::string loginScope(const std::string& nonce)
{
    return "connexion:" + nonce;
}
std::string sessionScope(const std::string& session_key)
{
    return "pilote:" + session_key;
}

std::string dashboardCsrf(const PilotPageDependencies& deps, const HttpRequest& request)
{
    return deps.csrf.issue(sessionScope(deps.auth.sessionKey(request).value_or("")), std::chrono::system_clock::now());
}

bool csrfValid(const CsrfSigner& csrf, const FormFields& fields, const std::string& scope)
{
    return csrf.verify(pages::fieldValue(fields, "_csrf"), scope, std::chrono::system_clock::now()) == CsrfCheck::valid;
}

// The login page, with its CSRF token bound to the pre-session cookie (set here when the browser has none).
HttpResponse loginPage(int status, const PilotPageDependencies& deps, const HttpRequest& request,
                       const std::string& error, const std::string& notice = "")
{
    std::string set_cookie;
    const auto nonce = deps.auth.loginNonce(request, set_cookie);
    auto response = pageResponse(
        status, pages::renderPilotLoginPage(
                    deps.views, deps.csrf.issue(loginScope(nonce), std::chrono::system_clock::now()), error, notice));
    if (!set_cookie.empty()) response.header("Set-Cookie", set_cookie);
    response.header("Cache-Control", "no-store");
    return response;
}

// ApiError from the shared pilot checks, as pages: 401 → log in again, 403/404/429 → a French page.
HttpResponse errorPage(const ApiError& e, const PilotPageDependencies& deps, const HttpRequest& request)
{
    if (e.status() == 401) return loginPage(401, deps, request, kTokenNoLongerValid);
    if (e.status() == 403) {
        return pageResponse(403, pages::renderPilotMessagePage(deps.views, "Accès refusé", e.message()));
    }
    if (e.status() == 404) {
        return pageResponse(404, pages::renderPilotMessagePage(deps.views, "Formulaire introuvable", e.message()));
    }
    if (e.status() == 422) {  // the dashboard's date filters
        std::string text = "Les dates du filtre ne conviennent pas.";
        const auto fields = e.details().value("fields", nlohmann::json::object());
        for (const auto& [name, reason] : fields.items()) {
            text += std::string(" « ") +
                    (name == "from" ? "Du"
                     : name == "to" ? "Au"
                                    : name) +
                    " » : " + reason.get<std::string>();
        }
        return pageResponse(422, pages::renderPilotMessagePage(deps.views, "Filtre refusé", text));
    }
    if (e.status() == 429) {
        auto response = pageResponse(429, pages::renderPilotMessagePage(deps.views, "Trop de tentatives", e.message()));
        response.header("Retry-After", std::to_string(e.retryAfter()));
        return response;
    }
    throw e;
}

std::string statusWord(domain::FormStatus status)
{
    switch (status) {
    case domain::FormStatus::open:
        return "ouvert";
    case domain::FormStatus::closed:
        return "clos";
    case domain::FormStatus::upcoming:
        return "pas encore ouvert";
    }
    return "";
}

// The registration form's groups the pilot sees, with their sign-ups by state (empty for another form).
std::vector<pages::PilotGroupRow> registrationRows(const PilotPageDependencies& deps, const PilotRequest& pilot)
{
    if (pilot.form->groupsQuestion() == nullptr) return {};
    using domain::RegistrationState;
    std::vector<pages::PilotGroupRow> rows;
    for (const auto& g : reporting::registrationCounts(*pilot.form, deps.forms, pilot.groups,
                                                       deps.registrations.stateCounts(pilot.form->slug))) {
        rows.push_back({g.code, g.name, g.capacity ? std::to_string(*g.capacity) : "",
                        g.count(RegistrationState::registered), g.count(RegistrationState::offered),
                        g.count(RegistrationState::waitlisted),
                        g.count(RegistrationState::withdrawn) + g.count(RegistrationState::declined) +
                            g.count(RegistrationState::expired)});
    }
    return rows;
}

// The filters as the request gave them, the groups the pilot may pick, and the query string that carries the
// filters to the download links.
pages::PilotFilters dashboardFilters(const HttpRequest& request, const std::vector<pages::PilotGroupRow>& groups)
{
    pages::PilotFilters filters;
    filters.from = request.queryValue("from").value_or("");
    filters.to = request.queryValue("to").value_or("");
    filters.group = request.queryValue("group").value_or("");
    for (const auto& g : groups) filters.group_choices.emplace_back(g.code, g.name);
    for (const auto& [name, value] :
         {std::pair{"from", filters.from}, std::pair{"to", filters.to}, std::pair{"group", filters.group}}) {
        if (!value.empty()) filters.query += std::string("&") + name + "=" + urlEncode(value);
    }
    return filters;
}

// A response number as pilots copy it from an export or a receipt: dashes, spaces and case ignored.
std::string responseNumber(const std::string& text)
{
    std::string out;
    for (const char c : text) {
        if (c == '-' || c == ' ' || c == '\t') continue;
        out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return out;
}

}  // namespace

void addPilotPageRoutes(Router& router, PilotPageDependencies deps)
{
    router.add("GET", "/pilote", [deps](const HttpRequest& request) {
        // Already signed in: straight to the forms.
        if (request.header("cookie")) {
            try {
                deps.auth.authenticate(request);
                return HttpResponse::redirect("/pilote/formulaires");
            } catch (const ApiError& e) {
                if (e.status() == 429) return errorPage(e, deps, request);
            }
        }
        // A download link followed after the session ended lands here (kPilotSessionEndedPath).
        const bool ended = request.queryValue("session").value_or("") == "expiree";
        return loginPage(200, deps, request, "", ended ? kSessionEnded : "");
    });

    router.add("POST", "/pilote/connexion", [deps](const HttpRequest& request) {
        const auto content_type = request.header("content-type");
        if (!content_type || !isUrlEncodedContentType(*content_type)) {
            return loginPage(415, deps, request, "Envoyez le jeton depuis ce formulaire.");
        }
        const auto fields = parseUrlEncoded(request.body);
        const auto nonce = deps.auth.presentedLoginNonce(request);
        if (!nonce) {
            return loginPage(403, deps, request,
                             "Votre navigateur n'a pas renvoyé le cookie de connexion : autorisez les cookies de ce "
                             "site, puis collez le jeton à nouveau.");
        }
        if (!csrfValid(deps.csrf, fields, loginScope(*nonce))) {
            return loginPage(403, deps, request,
                             "La page était ouverte depuis trop longtemps. Collez le jeton à nouveau.");
        }
        auto secret = pages::fieldValue(fields, pages::kTokenField);
        while (!secret.empty() && (secret.back() == ' ' || secret.back() == '\n' || secret.back() == '\r'))
            secret.pop_back();
        while (!secret.empty() && secret.front() == ' ') secret.erase(0, 1);
        std::optional<access::AccessToken> token;
        try {
            token = deps.auth.tokenForSecret(request, secret);
        } catch (const ApiError& e) {
            if (e.status() == 429) return errorPage(e, deps, request);
            if (e.status() != 401) throw;
            return loginPage(401, deps, request, "Ce jeton n'est pas reconnu, ou il est expiré ou révoqué.");
        }
        auto response = HttpResponse::redirect("/pilote/formulaires");
        // A new session id at each login, whatever the browser had before (no session fixation).
        response.header("Set-Cookie", deps.auth.openSession(*token));
        response.header("Cache-Control", "no-store");
        return response;
    });

    // POST only, with the session's CSRF token: a link or an image on another site cannot log a pilot out.
    router.add("POST", "/pilote/deconnexion", [deps](const HttpRequest& request) {
        const auto key = deps.auth.sessionKey(request);
        if (key) {
            const auto content_type = request.header("content-type");
            const bool form = content_type && isUrlEncodedContentType(*content_type);
            if (!form || !csrfValid(deps.csrf, parseUrlEncoded(request.body), sessionScope(*key))) {
                return pageResponse(403, pages::renderPilotMessagePage(
                                             deps.views, "Déconnexion refusée",
                                             "La page était ouverte depuis trop longtemps, ou la demande ne vient pas "
                                             "de ce site. Revenez à vos formulaires et cliquez de nouveau sur « Se "
                                             "déconnecter »."));
            }
        }
        auto response = HttpResponse::redirect("/pilote/");
        response.header("Set-Cookie", deps.auth.closeSession(request));
        response.header("Cache-Control", "no-store");
        return response;
    });

    router.add("GET", "/pilote/formulaires", [deps](const HttpRequest& request) {
        try {
            const auto token = deps.auth.authenticate(request);
            const auto now = deps.clock.now();
            std::vector<pages::PilotFormEntry> entries;
            for (const auto& form : deps.forms.forms) {
                if (!token.canReadForm(form.slug)) continue;
                const auto id = deps.form_ids.find(form.slug);
                if (id == deps.form_ids.end()) continue;
                storage::ResponseFilter filter;
                filter.form_id = id->second;
                filter.groups = access::visibleGroups(token, std::nullopt);
                entries.push_back(
                    {&form, deps.statistics.aggregate(filter).responses, statusWord(form.window.statusAt(now))});
            }
            return pageResponse(
                200, pages::renderPilotFormsPage(deps.views, token.name, entries, dashboardCsrf(deps, request)));
        } catch (const ApiError& e) {
            return errorPage(e, deps, request);
        }
    });

    router.add("GET", "/pilote/formulaires/{slug}", [deps](const HttpRequest& request) {
        try {
            auto pilot = resolvePilotRequest(request, deps.forms, deps.auth, deps.form_ids);
            const auto stats =
                reporting::buildStatistics(*pilot.form, deps.statistics.aggregate(pilot.filter), pilot.groups);
            const auto rows = registrationRows(deps, pilot);
            const auto filters = dashboardFilters(request, rows);
            reporting::Download download;
            download.slug = pilot.form->slug;
            download.form = pilot.form;
            download.filter = pilot.filter;
            download.scope = pilot.groups;
            reporting::DownloadSources sources{deps.exports, deps.statistics, deps.temp_dir};
            const auto sizes = reporting::estimateSizes(download, sources, stats.responses);
            return pageResponse(200, pages::renderPilotFormPage(deps.views, *pilot.form, stats, pilot.filter.groups,
                                                                dashboardCsrf(deps, request), rows, filters,
                                                                {sizes.csv, sizes.xlsx, sizes.ods}));
        } catch (const ApiError& e) {
            return errorPage(e, deps, request);
        }
    });

    // Freeing a place: first the confirmation, then (confirmer=oui) the withdrawal; both with the session's
    // CSRF token, and only in one of the pilot's groups.
    router.add("POST", "/pilote/formulaires/{slug}/liberer", [deps](const HttpRequest& request) {
        try {
            const auto pilot = resolvePilotRequest(request, deps.forms, deps.auth, deps.form_ids);
            const auto back = "/pilote/formulaires/" + pilot.form->slug;
            const auto content_type = request.header("content-type");
            const auto fields =
                content_type && isUrlEncodedContentType(*content_type) ? parseUrlEncoded(request.body) : FormFields{};
            const auto key = deps.auth.sessionKey(request);
            if (!key || !csrfValid(deps.csrf, fields, sessionScope(*key))) {
                return pageResponse(403, pages::renderPilotMessagePage(
                                             deps.views, "Demande refusée",
                                             "La page était ouverte depuis trop longtemps, ou la demande ne vient pas "
                                             "de ce site. Revenez au formulaire et recommencez."));
            }
            const auto number = responseNumber(pages::fieldValue(fields, "numero"));
            const auto group = pages::fieldValue(fields, "groupe");
            const auto rows = registrationRows(deps, pilot);
            const auto row = std::find_if(rows.begin(), rows.end(),
                                          [&group](const pages::PilotGroupRow& r) { return r.code == group; });
            if (row == rows.end()) {
                return pageResponse(403, pages::renderPilotMessagePage(
                                             deps.views, "Groupe hors de votre accès",
                                             "Vous ne pouvez libérer une place que dans l'un de vos groupes."));
            }
            if (number.size() != 16) {
                return pageResponse(
                    422, pages::renderPilotMessagePage(deps.views, "Numéro de réponse incomplet",
                                                       "Un numéro de réponse compte 16 caractères (par exemple "
                                                       "K7QM-3XHT-9PZR-W2NA) : copiez-le depuis l'export."));
            }
            if (pages::fieldValue(fields, "confirmer") != "oui") {
                return pageResponse(200, pages::renderPilotReleaseConfirmPage(
                                             deps.views, *pilot.form, pages::formatResponseNumber(number), row->code,
                                             row->name, dashboardCsrf(deps, request)));
            }
            switch (deps.registrations.withdrawByPublicId(pilot.form->slug, number, group, deps.clock.now())) {
            case storage::WithdrawalOutcome::withdrawn:
                return pageResponse(200, pages::renderPilotMessagePage(
                                             deps.views, "Place libérée",
                                             "La réponse n° " + pages::formatResponseNumber(number) +
                                                 " est retirée du groupe " + group +
                                                 ". Si des personnes attendent, la première s'est vu proposer la "
                                                 "place par courriel."));
            case storage::WithdrawalOutcome::already:
                return pageResponse(200, pages::renderPilotMessagePage(
                                             deps.views, "Déjà retirée",
                                             "La réponse n° " + pages::formatResponseNumber(number) +
                                                 " avait déjà quitté le groupe " + group + " : rien n'a changé."));
            case storage::WithdrawalOutcome::not_found:
                break;
            }
            return pageResponse(
                404, pages::renderPilotMessagePage(deps.views, "Inscription introuvable",
                                                   "Aucune réponse n° " + pages::formatResponseNumber(number) +
                                                       " n'est inscrite au groupe " + group + " dans ce formulaire."));
        } catch (const ApiError& e) {
            return errorPage(e, deps, request);
        }
    });
}

}  // namespace tnt::http
