#include "service/http/handlers/form_api_handlers.h"

#include <algorithm>

#include "service/http/api_error.h"
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

}  // namespace

void addFormApiRoutes(Router& router, FormApiDependencies deps)
{
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

    router.add("POST", "/api/v1/forms/{slug}/responses", [deps](const HttpRequest& request) {
        const auto& form = findForm(deps.forms, request.param("slug"));
        requireJsonContentType(request);
        int retry_after = 0;
        if (!deps.rate_limiter.allow(request.client_address, std::chrono::steady_clock::now(), retry_after)) {
            throw ApiError(429, "rate_limited", "Trop de réponses envoyées depuis cette adresse. Réessayez plus tard.")
                .withRetryAfter(retry_after);
        }
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
        const auto key = idempotencyKey(request);
        try {
            const auto stored = deps.submissions.submit(form, body["answers"], key);
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
        } catch (const submission::SubmissionRefused& refusal) {
            throw toApiError(refusal);
        }
    });
}

}  // namespace tnt::http
