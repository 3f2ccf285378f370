#include "service/http/handlers/page_pilot_handlers.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "service/http/api_error.h"
#include "service/http/handlers/page_form_handlers.h"
#include "service/http/pilot_auth.h"
#include "service/http/pilot_request.h"
#include "service/http/urlencoded.h"
#include "service/pages/form_answers.h"
#include "service/pages/pilot_pages.h"
#include "service/pages/receipt_pages.h"
#include "service/reporting/form_statistics.h"
#include "service/reporting/participation.h"
#include "service/reporting/download.h"
#include "service/reporting/registration_counts.h"
#include "service/reporting/response_lists.h"

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

// Rows of the dashboard's previews: the latest registrants, the latest answers of each free-text question.
constexpr std::size_t kLatestRegistrants = 10;
constexpr std::size_t kLatestTexts = 3;

pages::PilotRegistrant registrantOnPage(const reporting::Registrant& r)
{
    return {pages::formatResponseNumber(r.public_id), r.name, r.structure, r.groups,
            domain::formatFrenchParisDay(r.submitted_at)};
}

pages::PilotTextAnswer textOnPage(const storage::ListedText& t)
{
    return {pages::formatResponseNumber(t.public_id),
            domain::formatFrenchParisDay(
                domain::TimePoint(std::chrono::time_point_cast<domain::TimePoint::duration>(t.submitted_at))),
            t.text};
}

std::vector<pages::PilotRegistrant> registrantsOnPage(const PilotPageDependencies& deps, const PilotRequest& pilot,
                                                      std::uint64_t offset, std::size_t limit)
{
    const auto fields = reporting::registrantFields(*pilot.form);
    std::vector<pages::PilotRegistrant> out;
    for (const auto& row : deps.listing.responses(pilot.filter, offset, limit)) {
        out.push_back(registrantOnPage(reporting::registrantOf(row, fields, deps.forms, pilot.groups)));
    }
    return out;
}

// What the dashboard lists besides its figures. The free-text totals are the statistics' (counters, no scan).
pages::PilotLists dashboardLists(const PilotPageDependencies& deps, const PilotRequest& pilot,
                                 const exports::FormStatistics& stats)
{
    pages::PilotLists lists;
    if (pilot.form->groupsQuestion() != nullptr) {
        lists.registration_form = true;
        lists.registrants_total = stats.responses;
        lists.latest_registrants = registrantsOnPage(deps, pilot, 0, kLatestRegistrants);
    }
    for (const auto& q : stats.questions) {
        const auto* question = pilot.form->find(q.key);
        const auto* text = std::get_if<exports::TextStatistics>(&q.figures);
        if (question == nullptr || text == nullptr || !reporting::isFreeText(*question)) continue;
        pages::PilotTextPreview preview{q.key, text->nonEmpty, {}};
        if (text->nonEmpty > 0) {
            for (const auto& t : deps.listing.texts(pilot.filter, {q.key, ""}, 0, kLatestTexts)) {
                preview.latest.push_back(textOnPage(t));
            }
        }
        lists.texts.push_back(std::move(preview));
    }
    return lists;
}

// "GP3 — Dématérialisation de l'urbanisme, GP5 — Cybersécurité": the token's groups by name.
std::vector<std::string> groupNames(const PilotPageDependencies& deps, const std::vector<std::string>& codes)
{
    std::vector<std::string> out;
    for (const auto& code : codes) out.push_back(reporting::groupLabel(deps.forms, code));
    return out;
}

// A list's bad request (a page number, a search): 400 and a French page saying what to change.
HttpResponse badListRequest(const PilotPageDependencies& deps, const std::string& title, const std::string& text)
{
    return pageResponse(400, pages::renderPilotMessagePage(deps.views, title, text));
}

// ?page= of a list: 1 when absent; an error sentence when it is not a page of the list.
struct PageChoice {
    std::uint64_t page = 1;
    std::string error;
};

PageChoice pageChoice(const HttpRequest& request)
{
    const auto text = request.queryValue("page").value_or("");
    if (text.empty()) return {};
    std::uint64_t page = 0;
    const auto* end = text.data() + text.size();
    const auto [at, ec] = std::from_chars(text.data(), end, page);
    if (ec != std::errc() || at != end || page == 0 || text.size() > 9) {
        return {1, "Le numéro de page doit être un nombre entier à partir de 1."};
    }
    return {page, ""};
}

std::string pageOutOfRange(std::uint64_t page, std::uint64_t pages)
{
    return "La page " + std::to_string(page) + " n'existe pas : cette liste " +
           (pages == 1 ? std::string("tient sur une page") : "compte " + std::to_string(pages) + " pages") + ".";
}

// The filters of a list page: those of the dashboard it came from; the chosen group by name.
pages::PilotFilters listFilters(const PilotPageDependencies& deps, const HttpRequest& request)
{
    auto filters = dashboardFilters(request, {});
    if (!filters.group.empty()) {
        filters.group_choices.emplace_back(filters.group, reporting::groupLabel(deps.forms, filters.group));
    }
    return filters;
}

// The participation of an invitation campaign, for a pilot of the whole form (it counts people, not
// groups): 404 for a form without invitations, 403 for a token narrowed to groups.
std::optional<HttpResponse> participationRefused(const PilotPageDependencies& deps, const PilotRequest& pilot)
{
    if (!pilot.form->invitations) {
        return pageResponse(404, pages::renderPilotMessagePage(deps.views, "Pas d'invitations",
                                                               "Ce formulaire ne prend pas d'invitations : il n'a "
                                                               "pas de vue de participation."));
    }
    if (pilot.groups.narrowed()) {
        return pageResponse(403, pages::renderPilotMessagePage(deps.views, "Accès refusé",
                                                               "La participation des personnes invitées est "
                                                               "réservée aux pilotes du formulaire entier."));
    }
    return std::nullopt;
}

reporting::Participation participationOf(const PilotPageDependencies& deps, const PilotRequest& pilot)
{
    return reporting::buildParticipation(*pilot.form, deps.invitations->participation(pilot.form->slug));
}

pages::PilotParticipationRow participationRow(const reporting::ParticipationRow& row)
{
    return {row.label, row.invited, row.started, row.answered, row.answeredPercent()};
}

void addParticipationRoutes(Router& router, const PilotPageDependencies& deps)
{
    router.add("GET", "/pilote/formulaires/{slug}/participation", [deps](const HttpRequest& request) {
        try {
            const auto pilot = resolvePilotRequest(request, deps.forms, deps.auth, deps.form_ids);
            if (auto refused = participationRefused(deps, pilot)) return std::move(*refused);
            const auto figures = participationOf(deps, pilot);
            pages::PilotParticipation view;
            view.total = participationRow(figures.total);
            for (const auto& row : figures.departements) view.departements.push_back(participationRow(row));
            for (const auto& row : figures.mandates) view.mandates.push_back(participationRow(row));
            if (!deps.remind) {
                view.cannot_remind = "Le service n'a pas de relais de courriel : il ne peut pas envoyer de relance.";
            } else if (pilot.form->window.statusAt(deps.clock.now()) != domain::FormStatus::open) {
                view.cannot_remind = "Le formulaire ne prend pas de réponses en ce moment : pas de relance.";
            } else {
                view.due = deps.remind(*pilot.form, true);
            }
            view.days = deps.reminder_rule.days;
            view.max = deps.reminder_rule.max;
            return pageResponse(
                200, pages::renderPilotParticipationPage(deps.views, *pilot.form, view, dashboardCsrf(deps, request)));
        } catch (const ApiError& e) {
            return errorPage(e, deps, request);
        }
    });

    router.add("GET", "/pilote/formulaires/{slug}/participation.csv", [deps](const HttpRequest& request) {
        try {
            const auto pilot = resolvePilotRequest(request, deps.forms, deps.auth, deps.form_ids);
            if (auto refused = participationRefused(deps, pilot)) return std::move(*refused);
            auto response = HttpResponse::text(200, reporting::participationCsv(participationOf(deps, pilot)),
                                               "text/csv; charset=utf-8");
            response.header("Content-Disposition",
                            "attachment; filename=\"" + pilot.form->slug + "-participation.csv\"");
            response.header("Cache-Control", "no-store");
            return response;
        } catch (const ApiError& e) {
            return errorPage(e, deps, request);
        }
    });

    router.add("POST", "/pilote/formulaires/{slug}/relancer", [deps](const HttpRequest& request) {
        try {
            const auto pilot = resolvePilotRequest(request, deps.forms, deps.auth, deps.form_ids);
            if (auto refused = participationRefused(deps, pilot)) return std::move(*refused);
            const auto content_type = request.header("content-type");
            const auto fields =
                content_type && isUrlEncodedContentType(*content_type) ? parseUrlEncoded(request.body) : FormFields{};
            const auto key = deps.auth.sessionKey(request);
            if (!key || !csrfValid(deps.csrf, fields, sessionScope(*key))) {
                return pageResponse(403, pages::renderPilotMessagePage(
                                             deps.views, "Demande refusée",
                                             "La page était ouverte depuis trop longtemps, ou la demande ne vient pas "
                                             "de ce site. Revenez à la participation et recommencez."));
            }
            if (!deps.remind) {
                return pageResponse(409, pages::renderPilotMessagePage(
                                             deps.views, "Relance impossible",
                                             "Le service n'a pas de relais de courriel : il ne peut pas relancer."));
            }
            if (pilot.form->window.statusAt(deps.clock.now()) != domain::FormStatus::open) {
                return pageResponse(409, pages::renderPilotMessagePage(
                                             deps.views, "Relance impossible",
                                             "Le formulaire ne prend pas de réponses en ce moment : une relance "
                                             "inviterait à répondre en vain."));
            }
            const auto sent = deps.remind(*pilot.form, false);
            const auto text = sent == 0   ? std::string("Personne n'était à relancer : aucun courriel n'est parti.")
                              : sent == 1 ? std::string("1 relance est partie dans la file d'envoi.")
                                          : std::to_string(sent) + " relances sont parties dans la file d'envoi.";
            return pageResponse(200, pages::renderPilotMessagePage(deps.views, "Relances envoyées", text));
        } catch (const ApiError& e) {
            return errorPage(e, deps, request);
        }
    });
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
                const auto report = reporting::resolveReport(token, form.slug, {}, deps.forms, deps.form_ids);
                entries.push_back(
                    {&form, deps.statistics.aggregate(report.filter).responses, statusWord(form.window.statusAt(now))});
            }
            return pageResponse(
                200, pages::renderPilotFormsPage(deps.views, token.name, entries, dashboardCsrf(deps, request)));
        } catch (const reporting::ReportRefused& refusal) {
            return errorPage(reportError(refusal), deps, request);
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
            reporting::DownloadSources sources{deps.exports, deps.statistics};
            const auto sizes = reporting::estimateSizes(download, sources, stats.responses);
            return pageResponse(200, pages::renderPilotFormPage(
                                         deps.views, *pilot.form, stats, groupNames(deps, pilot.filter.groups),
                                         dashboardCsrf(deps, request), rows, filters,
                                         {sizes.csv, sizes.xlsx, sizes.ods}, dashboardLists(deps, pilot, stats)));
        } catch (const ApiError& e) {
            return errorPage(e, deps, request);
        }
    });

    // Every registrant in the pilot's scope and filters, a page at a time (a registration form only).
    router.add("GET", "/pilote/formulaires/{slug}/inscrits", [deps](const HttpRequest& request) {
        try {
            const auto pilot = resolvePilotRequest(request, deps.forms, deps.auth, deps.form_ids);
            if (pilot.form->groupsQuestion() == nullptr) {
                return pageResponse(404, pages::renderPilotMessagePage(
                                             deps.views, "Pas d'inscriptions",
                                             "Ce formulaire n'inscrit personne à des groupes : ses réponses sont dans "
                                             "les statistiques et dans l'export."));
            }
            const auto choice = pageChoice(request);
            if (!choice.error.empty()) return badListRequest(deps, "Page introuvable", choice.error);
            // From the statistics counters, like the dashboard's "Voir les N personnes inscrites".
            const auto total = deps.statistics.aggregate(pilot.filter).responses;
            const auto pages_count = reporting::pageCount(total);
            if (choice.page > pages_count) {
                return badListRequest(deps, "Page introuvable", pageOutOfRange(choice.page, pages_count));
            }
            const auto filters = listFilters(deps, request);
            const auto registrants =
                registrantsOnPage(deps, pilot, (choice.page - 1) * reporting::kListPageSize, reporting::kListPageSize);
            // Names and structures on screen: logged like a download.
            deps.exports.record({pilot.token.name, pilot.form->slug,
                                 pilot.scope + " page:" + std::to_string(choice.page), "inscrits", registrants.size()});
            const pages::PilotPaging paging{choice.page, pages_count, total,
                                            "/pilote/formulaires/" + pilot.form->slug + "/inscrits?" +
                                                (filters.query.empty() ? "" : filters.query.substr(1) + "&")};
            return pageResponse(200, pages::renderPilotRegistrantsPage(deps.views, *pilot.form, registrants, paging,
                                                                       filters, dashboardCsrf(deps, request)));
        } catch (const ApiError& e) {
            return errorPage(e, deps, request);
        }
    });

    // One free-text question's answers in the pilot's scope and filters, a page at a time, optionally those
    // containing a text (?q=, blind to case and accents).
    router.add("GET", "/pilote/formulaires/{slug}/textes/{question}", [deps](const HttpRequest& request) {
        try {
            const auto pilot = resolvePilotRequest(request, deps.forms, deps.auth, deps.form_ids);
            const auto* question = pilot.form->find(request.param("question"));
            if (question == nullptr || !reporting::isFreeText(*question)) {
                return pageResponse(
                    404, pages::renderPilotMessagePage(deps.views, "Question introuvable",
                                                       "Ce formulaire n'a pas de question à réponse libre de ce nom."));
            }
            const auto choice = pageChoice(request);
            if (!choice.error.empty()) return badListRequest(deps, "Page introuvable", choice.error);
            auto search = request.queryValue("q").value_or("");
            while (!search.empty() && search.back() == ' ') search.pop_back();
            while (!search.empty() && search.front() == ' ') search.erase(0, 1);
            if (reporting::characterCount(search) > reporting::kMaxSearchCharacters) {
                return badListRequest(deps, "Recherche trop longue",
                                      "Cherchez un texte de " + std::to_string(reporting::kMaxSearchCharacters) +
                                          " caractères au plus : un mot ou une courte expression suffit.");
            }
            const storage::TextQuery query{question->key, search};
            const auto total = deps.listing.countTexts(pilot.filter, query);
            const auto pages_count = reporting::pageCount(total);
            if (choice.page > pages_count) {
                return badListRequest(deps, "Page introuvable", pageOutOfRange(choice.page, pages_count));
            }
            std::vector<pages::PilotTextAnswer> answers;
            for (const auto& t : deps.listing.texts(pilot.filter, query, (choice.page - 1) * reporting::kListPageSize,
                                                    reporting::kListPageSize)) {
                answers.push_back(textOnPage(t));
            }
            const auto filters = listFilters(deps, request);
            auto link = "/pilote/formulaires/" + pilot.form->slug + "/textes/" + question->key + "?" +
                        (filters.query.empty() ? "" : filters.query.substr(1) + "&");
            if (!search.empty()) link += "q=" + urlEncode(search) + "&";
            const pages::PilotPaging paging{choice.page, pages_count, total, link};
            // The answers on screen, logged like a download (whether a search was made, never its text).
            deps.exports.record({pilot.token.name, pilot.form->slug,
                                 pilot.scope + " question:" + question->key + (search.empty() ? "" : " recherche:oui") +
                                     " page:" + std::to_string(choice.page),
                                 "textes", answers.size()});
            return pageResponse(200, pages::renderPilotTextsPage(deps.views, *pilot.form, *question, answers, paging,
                                                                 filters, search, dashboardCsrf(deps, request)));
        } catch (const ApiError& e) {
            return errorPage(e, deps, request);
        }
    });

    if (deps.invitations != nullptr) addParticipationRoutes(router, deps);

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
