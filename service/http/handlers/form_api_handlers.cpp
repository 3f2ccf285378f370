#include "service/http/handlers/form_api_handlers.h"

#include <algorithm>

#include "service/domain/answer_validation.h"
#include "service/domain/form_steps.h"
#include "service/http/api_error.h"
#include "service/http/handlers/page_form_handlers.h"
#include "service/http/handlers/receipt_handlers.h"
#include "service/http/json_body.h"
#include "service/http/submission_errors.h"

namespace tnt::http {
namespace {

nlohmann::json summary(const domain::Form& form, domain::TimePoint now)
{
    const auto window = form.window.toJson();
    return {{"slug", form.slug},
            {"title", form.title},
            {"description", form.description},
            {"status", domain::toString(form.window.statusAt(now))},
            {"opens_at", window.value("opens_at", nlohmann::json())},
            {"closes_at", window.value("closes_at", nlohmann::json())},
            {"url", "/f/" + form.slug},
            {"api", "/api/v1/forms/" + form.slug}};
}

const domain::Form& findForm(const domain::FormSet& forms, const std::string& slug)
{
    const auto* form = forms.find(slug);
    if (form == nullptr) {
        throw ApiError(404, "not_found", "Aucun formulaire ne porte cet identifiant.");
    }
    return *form;
}

// 1 to 128 visible ASCII characters: what clients put in Idempotency-Key (UUIDs, ULIDs, hashes).
std::optional<std::string> idempotencyKey(const HttpRequest& request)
{
    auto key = request.header("idempotency-key");
    if (!key) return std::nullopt;
    const bool valid = !key->empty() && key->size() <= 128 &&
                       std::all_of(key->begin(), key->end(), [](char c) { return c > 32 && c < 127; });
    if (!valid) {
        throw ApiError(400, "invalid_idempotency_key",
                       "L'en-tête Idempotency-Key doit compter de 1 à 128 caractères ASCII visibles.");
    }
    return key;
}

// 201 with the stored response, or the refusal as the API's error.
HttpResponse createdResponse(const domain::Form& form, const submission::StoreOutcome& outcome)
{
    if (!outcome.stored) {
        try {
            std::rethrow_exception(outcome.error);
        } catch (const submission::SubmissionRefused& refusal) {
            throw toApiError(refusal);
        }
    }
    const auto& stored = *outcome.stored;
    // receipt_url: the respondent's own receipt (and deletion) link, a secret to hand to them only.
    nlohmann::json out{{"id", stored.public_id},
                       {"submitted_at", domain::formatIsoUtc(stored.submitted_at)},
                       {"receipt_url", receiptPath(form.slug, stored.receipt)}};
    // A registration: the state in each group chosen (registered, or waitlisted with a position).
    if (!stored.placements.empty()) {
        auto registrations = nlohmann::json::array();
        for (const auto& p : stored.placements) registrations.push_back(p.toJson());
        out["registrations"] = std::move(registrations);
    }
    auto response = HttpResponse::json(201, out.dump());
    if (stored.replayed) response.header("Idempotent-Replayed", "true");
    return response;
}

void rateLimit(const FormApiDependencies& deps, const HttpRequest& request)
{
    int retry_after = 0;
    if (!deps.rate_limiter.allow(request.client_address, std::chrono::steady_clock::now(), retry_after)) {
        throw ApiError(429, "rate_limited", "Trop de réponses envoyées depuis cette adresse. Réessayez plus tard.")
            .withRetryAfter(retry_after);
    }
}

// The answers of a draft's body ({"answers": {…}}, the object may be empty): every key must be one of the
// form's answers; the values are checked when the answers are sent, not before.
nlohmann::json draftAnswers(const domain::Form& form, const HttpRequest& request)
{
    requireJsonContentType(request);
    const auto body = parseJsonBody(request.body);
    if (!body.is_object() || !body.contains("answers") || !body["answers"].is_object() || body.size() != 1) {
        throw ApiError(422, "validation_failed", "Le corps doit être un objet JSON {\"answers\": {…}}.",
                       {{"fields", nlohmann::json::object()}});
    }
    nlohmann::json unknown = nlohmann::json::object();
    for (const auto& item : body["answers"].items()) {
        const auto& key = item.key();
        bool known = false;
        for (std::size_t step = 0; step < form.stepCount() && !known; ++step)
            known = domain::belongsToStep(form, step, key);
        if (!known) unknown[key] = "Cette question n'est pas dans le formulaire.";
    }
    if (!unknown.empty()) {
        throw ApiError(422, "validation_failed", "Des réponses ne correspondent à aucune question du formulaire.",
                       {{"fields", unknown}});
    }
    return body["answers"];
}

// A draft as the API shows it, with what its answers still lack or get wrong.
nlohmann::json draftJson(const domain::Form& form, const submission::Draft& draft)
{
    const auto checked = domain::validateAnswers(form, draft.answers);
    return {{"draft", draft.secret},
            {"resume_url", resumePath(form.slug, draft.secret)},
            {"answers", draft.answers},
            {"updated_at", domain::formatIsoUtc(draft.updated_at)},
            {"expires_at", domain::formatIsoUtc(draft.expires_at)},
            {"complete", checked.ok()},
            {"errors", checked.errors}};
}

// A draft's secret that leads nowhere, as the API says it.
[[noreturn]] void throwDraftRefused(const submission::DraftRefused& refusal)
{
    if (refusal.reason() == submission::DraftRefused::Reason::forged) {
        throw ApiError(403, "draft_forbidden", "Ce brouillon n'a pas été émis par ce service.");
    }
    throw ApiError(410, "draft_gone", "Ce brouillon n'existe plus : envoyé, effacé ou expiré.");
}

// Runs a draft's route: its refusals as the API's errors.
template <typename Work>
HttpResponse onDraft(Work work)
{
    try {
        return work();
    } catch (const submission::DraftRefused& refusal) {
        throwDraftRefused(refusal);
    } catch (const submission::SubmissionRefused& refusal) {
        throw toApiError(refusal);
    }
}

void addDraftApiRoutes(Router& router, const FormApiDependencies& deps)
{
    router.add("POST", "/api/v1/forms/{slug}/drafts", [deps](const HttpRequest& request) {
        const auto& form = findForm(deps.forms, request.param("slug"));
        rateLimit(deps, request);
        const auto answers = draftAnswers(form, request);
        return onDraft([&] {
            const auto draft = deps.drafts->create(form, answers, 0);
            return HttpResponse::json(201, draftJson(form, draft).dump());
        });
    });
    router.add("GET", "/api/v1/forms/{slug}/drafts/{draft}", [deps](const HttpRequest& request) {
        const auto& form = findForm(deps.forms, request.param("slug"));
        return onDraft([&] {
            return HttpResponse::json(200, draftJson(form, deps.drafts->open(form, request.param("draft"))).dump());
        });
    });
    router.add("PUT", "/api/v1/forms/{slug}/drafts/{draft}", [deps](const HttpRequest& request) {
        const auto& form = findForm(deps.forms, request.param("slug"));
        rateLimit(deps, request);
        const auto answers = draftAnswers(form, request);
        return onDraft([&] {
            const auto draft = deps.drafts->change(form, request.param("draft"),
                                                   [&](nlohmann::json& stored, std::size_t&) { stored = answers; });
            return HttpResponse::json(200, draftJson(form, draft).dump());
        });
    });
    router.add("DELETE", "/api/v1/forms/{slug}/drafts/{draft}", [deps](const HttpRequest& request) {
        const auto& form = findForm(deps.forms, request.param("slug"));
        return onDraft([&] {
            deps.drafts->open(form, request.param("draft"));  // 403 or 410 rather than a silent nothing
            deps.drafts->discard(form, request.param("draft"));
            HttpResponse gone;
            gone.status = 204;
            return gone;
        });
    });
}

}  // namespace

void addFormApiRoutes(Router& router, FormApiDependencies deps)
{
    if (deps.drafts != nullptr) addDraftApiRoutes(router, deps);

    router.add(
        "GET", "/api/v1/forms",
        [deps](const HttpRequest&) {
            const auto now = deps.clock.now();
            nlohmann::json list = nlohmann::json::array();
            for (const auto& form : deps.forms.forms) list.push_back(summary(form, now));
            return HttpResponse::json(200, nlohmann::json{{"forms", list}}.dump());
        },
        Execution::inline_on_reactor);

    router.add(
        "GET", "/api/v1/forms/{slug}",
        [deps](const HttpRequest& request) {
            const auto& form = findForm(deps.forms, request.param("slug"));
            auto body = form.toJson();
            const auto now = deps.clock.now();
            body["status"] = domain::toString(form.window.statusAt(now));
            // The project groups as the form offers them now: places left and state, from the counters that
            // enforce the capacity (a second old at most).
            if (deps.group_places != nullptr && deps.forms.catalogue && form.groupsQuestion() != nullptr) {
                const auto counts = deps.group_places->counts();
                const auto availability = deps.forms.catalogue->availability(*counts, now);
                auto groups = nlohmann::json::array();
                for (const auto& group : deps.forms.catalogue->groups) {
                    const auto& a = availability.at(group.code);
                    auto entry = group.toJson();
                    entry["state"] = a.stateName();
                    entry["places_left"] = a.places_left ? nlohmann::json(*a.places_left) : nlohmann::json(nullptr);
                    entry["waitlist_length"] = a.waitlist_length;
                    entry["availability"] = a.describe();
                    groups.push_back(std::move(entry));
                }
                body["groups"] = std::move(groups);
            }
            return HttpResponse::json(200, body.dump());
        },
        Execution::inline_on_reactor);

    // Validated on the thread that read the request, answered by the database writer that committed it.
    router.addDeferred("POST", "/api/v1/forms/{slug}/responses", [deps](const HttpRequest& request, Reply reply) {
        const auto& form = findForm(deps.forms, request.param("slug"));
        requireJsonContentType(request);
        rateLimit(deps, request);
        const auto body = parseJsonBody(request.body);
        if (!body.is_object() || !body.contains("answers") || !body["answers"].is_object()) {
            throw ApiError(422, "validation_failed", "Le corps doit être un objet JSON {\"answers\": {…}}.",
                           {{"fields", nlohmann::json::object()}});
        }
        for (const auto& [key, value] : body.items()) {
            if (key != "answers") {
                throw ApiError(422, "validation_failed", "Clé inattendue dans le corps : « " + key + " ».",
                               {{"fields", {{key, "Clé inconnue."}}}});
            }
        }
        deps.submissions.submitThen(form, body["answers"], idempotencyKey(request), "",
                                    [&form, reply](submission::StoreOutcome outcome) {
                                        reply([&] { return createdResponse(form, outcome); });
                                    });
    });
}

}  // namespace tnt::http
