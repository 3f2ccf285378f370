#include "service/http/handlers/receipt_handlers.h"

#include <algorithm>
#include <cctype>

#include "service/domain/paris_time.h"
#include "service/http/api_error.h"
#include "service/http/handlers/page_form_handlers.h"
#include "service/http/urlencoded.h"
#include "service/pages/form_answers.h"
#include "service/pages/form_page.h"
#include "service/pages/public_pages.h"
#include "service/pages/receipt_pages.h"
#include "service/submission/receipt_secrets.h"

namespace tnt::http {
namespace {

using storage::ReceiptState;

HttpResponse noSuchForm(const pages::Views& views)
{
    return pageResponse(404, pages::renderMessagePage(views, "Page introuvable",
                                                      "Cette adresse ne correspond à aucun formulaire. Vérifiez le "
                                                      "lien que vous avez reçu."));
}

// The page for a receipt that leads to no response, or nothing when it leads to one.
std::optional<HttpResponse> gone(const pages::Views& views, const domain::Form& form, ReceiptState state)
{
    if (state == ReceiptState::deleted) return pageResponse(410, pages::renderReceiptDeletedPage(views, form));
    if (state == ReceiptState::unknown) return pageResponse(404, pages::renderReceiptUnknownPage(views, form));
    return std::nullopt;
}

// A receipt link's form and secret, once both are known to be well formed: a malformed secret is never
// looked up.
struct ReceiptLink {
    const domain::Form* form = nullptr;
    std::string secret;
    std::optional<HttpResponse> refusal;  // the 404 page when the link is malformed

    ReceiptLink(const ReceiptDependencies& deps, const HttpRequest& request)
        : form(deps.forms.find(request.param("slug"))), secret(request.param("receipt"))
    {
        if (form == nullptr) {
            refusal = noSuchForm(deps.views);
        } else if (!submission::ReceiptSecrets::wellFormed(secret)) {
            refusal = pageResponse(404, pages::renderReceiptUnknownPage(deps.views, *form));
        }
    }

    std::string hash() const { return submission::ReceiptSecrets::hash(secret); }
    std::string deletionPath() const { return "/f/" + form->slug + "/supprimer/" + secret; }
};

std::string groupName(const domain::Form& form, const std::string& code)
{
    if (const auto* question = form.groupsQuestion()) {
        for (const auto& option : question->options) {
            if (option.key == code) return option.label;
        }
    }
    return code;
}

// The receipt's groups, with the buttons their states allow.
std::vector<pages::ReceiptGroup> receiptGroups(const domain::Form& form, const std::string& secret,
                                               const std::vector<domain::Placement>& placements)
{
    using domain::RegistrationState;
    std::vector<pages::ReceiptGroup> out;
    for (const auto& p : placements) {
        pages::ReceiptGroup g{groupName(form, p.group), p, {}, {}, {}};
        const auto base = receiptPath(form.slug, secret) + "/groupes/" + p.group;
        if (p.state == RegistrationState::offered) {
            g.accept_path = base + "/accepter";
            g.decline_path = base + "/refuser";
        }
        if (p.state == RegistrationState::registered || p.state == RegistrationState::waitlisted) {
            g.withdraw_path = base + "/retrait";
        }
        out.push_back(std::move(g));
    }
    return out;
}

// A group code as the routes accept it (the catalogue's codes: letters, digits, - and _).
bool plausibleGroup(const std::string& code)
{
    return !code.empty() && code.size() <= 32 && std::all_of(code.begin(), code.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
    });
}

// The page after answering an offer (its own link or the receipt), and its status.
HttpResponse offerAnswerPage(const pages::Views& views, storage::OfferAnswer answer, const std::string& group_name)
{
    switch (answer) {
    case storage::OfferAnswer::accepted:
        return pageResponse(200, pages::renderMessagePage(views, "Votre place est confirmée",
                                                          "Vous êtes inscrit au groupe « " + group_name +
                                                              " ». Une confirmation vous est envoyée par courriel "
                                                              "si vous avez donné votre adresse."));
    case storage::OfferAnswer::declined:
        return pageResponse(200, pages::renderMessagePage(views, "Place refusée",
                                                          "Vous avez refusé la place du groupe « " + group_name +
                                                              " » : elle est proposée à la personne suivante de la "
                                                              "liste d'attente. Merci de nous l'avoir dit."));
    case storage::OfferAnswer::expired:
        return pageResponse(410, pages::renderMessagePage(views, "Offre expirée",
                                                          "Le délai pour accepter la place du groupe « " + group_name +
                                                              " » est passé : elle a été proposée à la personne "
                                                              "suivante de la liste d'attente."));
    case storage::OfferAnswer::used:
        return pageResponse(410, pages::renderMessagePage(views, "Offre déjà traitée",
                                                          "Vous avez déjà répondu à cette offre de place pour le "
                                                          "groupe « " +
                                                              group_name + " »."));
    case storage::OfferAnswer::unknown:
        break;
    }
    return pageResponse(404, pages::renderMessagePage(views, "Offre introuvable",
                                                      "Ce lien ne correspond à aucune offre de place. Vérifiez le "
                                                      "lien que vous avez reçu."));
}

HttpResponse forgedOffer(const pages::Views& views)
{
    return pageResponse(403, pages::renderMessagePage(views, "Lien non valide",
                                                      "Ce lien d'offre de place n'a pas été émis par ce service : il a "
                                                      "peut-être été modifié ou mal copié. Utilisez le lien exact du "
                                                      "courriel que vous avez reçu."));
}

std::string_view answerName(storage::OfferAnswer answer)
{
    switch (answer) {
    case storage::OfferAnswer::accepted:
        return "registered";
    case storage::OfferAnswer::declined:
        return "declined";
    case storage::OfferAnswer::expired:
        return "expired";
    case storage::OfferAnswer::used:
        return "used";
    case storage::OfferAnswer::unknown:
        break;
    }
    return "unknown";
}

// The API's answer to an offer's answer: 200 with the new state, or the error.
HttpResponse offerAnswerJson(storage::OfferAnswer answer, const std::string& group)
{
    switch (answer) {
    case storage::OfferAnswer::accepted:
    case storage::OfferAnswer::declined:
        return HttpResponse::json(200, nlohmann::json{{"group", group}, {"state", answerName(answer)}}.dump());
    case storage::OfferAnswer::expired:
        throw ApiError(410, "offer_expired",
                       "Le délai pour accepter cette place est passé : elle a été proposée à la personne suivante.",
                       {{"group", group}});
    case storage::OfferAnswer::used:
        throw ApiError(410, "offer_used", "Cette offre de place a déjà reçu une réponse.", {{"group", group}});
    case storage::OfferAnswer::unknown:
        break;
    }
    throw ApiError(404, "offer_not_found", "Aucune offre de place ne correspond à ce lien.");
}

// The answers on the form's page, to change (the form is open) or to read (closed): on one page, in its
// fields, with the errors of a refused change.
HttpResponse amendPage(const ReceiptDependencies& deps, const ReceiptLink& link, const nlohmann::json& answers,
                       std::map<std::string, std::string> errors, std::string notice, int status)
{
    pages::FormPageState state;
    state.values = pages::fieldsFromAnswers(*link.form, answers);
    state.errors = std::move(errors);
    state.notice = std::move(notice);
    state.amend_path = modifyPath(link.form->slug, link.secret);
    state.read_only = link.form->window.statusAt(deps.clock.now()) != domain::FormStatus::open;
    state.csrf_token = deps.csrf.issue(link.form->slug, std::chrono::system_clock::now());
    return pageResponse(status, pages::renderFormPage(deps.views, *link.form, state));
}

}  // namespace

std::string modifyPath(const std::string& form_slug, const std::string& receipt)
{
    return "/f/" + form_slug + "/modifier/" + receipt;
}

std::string receiptPath(const std::string& form_slug, const std::string& receipt)
{
    return "/f/" + form_slug + "/merci/" + receipt;
}

void addReceiptRoutes(Router& router, ReceiptDependencies deps)
{
    router.add("GET", "/f/{slug}/merci/{receipt}", [deps](const HttpRequest& request) {
        const ReceiptLink link(deps, request);
        if (link.refusal) return *link.refusal;
        const auto receipt = deps.receipts.find(link.form->slug, link.hash());
        if (auto page = gone(deps.views, *link.form, receipt.state)) return std::move(*page);
        return pageResponse(200,
                            pages::renderReceiptPage(
                                deps.views, *link.form,
                                {.number = receipt.public_id,
                                 .submitted_at = domain::formatFrenchParis(receipt.submitted_at),
                                 .groups = receiptGroups(*link.form, link.secret, receipt.placements),
                                 .deletion_path = link.deletionPath(),
                                 .modify_path = modifyPath(link.form->slug, link.secret),
                                 .can_modify = link.form->window.statusAt(deps.clock.now()) == domain::FormStatus::open,
                                 .updated_at = receipt.updated_at ? domain::formatFrenchParis(*receipt.updated_at) : "",
                                 .just_modified = request.queryValue("modifie").has_value()}));
    });

    // The answers, to change until the form closes (the same page as the form, on one page, with them in
    // its fields), then to read.
    router.add("GET", "/f/{slug}/modifier/{receipt}", [deps](const HttpRequest& request) {
        const ReceiptLink link(deps, request);
        if (link.refusal) return *link.refusal;
        const auto receipt = deps.receipts.find(link.form->slug, link.hash());
        if (auto page = gone(deps.views, *link.form, receipt.state)) return std::move(*page);
        return amendPage(deps, link, nlohmann::json::parse(receipt.answers, nullptr, false), {}, "", 200);
    });

    router.add("POST", "/f/{slug}/modifier/{receipt}", [deps](const HttpRequest& request) {
        const ReceiptLink link(deps, request);
        if (link.refusal) return *link.refusal;
        const auto content_type = request.header("content-type");
        if (!content_type || !isUrlEncodedContentType(*content_type)) {
            return pageResponse(415, pages::renderMessagePage(deps.views, "Format non pris en charge",
                                                              "Ce formulaire s'envoie depuis sa page "
                                                              "(application/x-www-form-urlencoded)."));
        }
        int retry_after = 0;
        if (!deps.rate_limiter.allow(request.client_address, std::chrono::steady_clock::now(), retry_after)) {
            auto response = pageResponse(429, pages::renderMessagePage(deps.views, "Trop de réponses envoyées",
                                                                       "Trop de réponses ont été envoyées depuis "
                                                                       "votre adresse. Réessayez dans quelques "
                                                                       "minutes."));
            response.header("Retry-After", std::to_string(std::max(retry_after, 1)));
            return response;
        }
        const auto fields = parseUrlEncoded(request.body);
        const auto answers = pages::answersFromFields(*link.form, fields);
        if (deps.csrf.verify(pages::fieldValue(fields, pages::kCsrfField), link.form->slug,
                             std::chrono::system_clock::now()) != CsrfCheck::valid) {
            return amendPage(deps, link, answers, {},
                             "La page était ouverte depuis trop longtemps. Vérifiez vos réponses ci-dessous et "
                             "enregistrez-les à nouveau.",
                             403);
        }
        try {
            switch (deps.submissions.amend(*link.form, link.secret, answers)) {
            case submission::AmendOutcome::amended:
                return HttpResponse::redirect(receiptPath(link.form->slug, link.secret) + "?modifie=1");
            case submission::AmendOutcome::deleted:
                return pageResponse(410, pages::renderReceiptDeletedPage(deps.views, *link.form));
            case submission::AmendOutcome::unknown:
                return pageResponse(404, pages::renderReceiptUnknownPage(deps.views, *link.form));
            case submission::AmendOutcome::claim_taken:
                return amendPage(deps, link, answers, {},
                                 "Ces réponses ne peuvent pas remplacer les vôtres : une autre réponse enregistrée a "
                                 "déjà les mêmes.",
                                 409);
            case submission::AmendOutcome::groups_changed: {
                std::map<std::string, std::string> errors;
                if (const auto* q = link.form->groupsQuestion()) {
                    errors[q->key] =
                        "Les groupes ne peuvent pas être changés pour le moment : quittez un groupe "
                        "depuis votre récépissé, ou réessayez plus tard.";
                }
                return amendPage(deps, link, answers, std::move(errors), "", 409);
            }
            }
        } catch (const submission::SubmissionRefused& refusal) {
            if (refusal.reason() == submission::RefusalReason::closed) {
                const auto receipt = deps.receipts.find(link.form->slug, link.hash());
                if (auto page = gone(deps.views, *link.form, receipt.state)) return std::move(*page);
                return amendPage(deps, link, nlohmann::json::parse(receipt.answers, nullptr, false), {}, "", 410);
            }
            if (refusal.reason() == submission::RefusalReason::invalid) {
                return amendPage(deps, link, answers, refusal.fields, "", 422);
            }
            // A group added that has no place left (and no waitlist): said beside the groups.
            if (const auto* q = link.form->groupsQuestion();
                q != nullptr && refusal.reason() == submission::RefusalReason::group_full) {
                return amendPage(deps, link, answers, {{q->key, refusal.message()}}, "", 409);
            }
            return amendPage(deps, link, answers, {}, refusal.message(), 409);
        }
        return amendPage(deps, link, answers, {}, "", 500);
    });

    // Leaving one group, from the receipt: the place (or the place on the list) goes, the rest of the
    // response stays. Idempotent; back to the receipt, which says the new state.
    router.add("POST", "/f/{slug}/merci/{receipt}/groupes/{group}/retrait", [deps](const HttpRequest& request) {
        const ReceiptLink link(deps, request);
        if (link.refusal) return *link.refusal;
        const auto group = request.param("group");
        if (!plausibleGroup(group)) return pageResponse(404, pages::renderReceiptUnknownPage(deps.views, *link.form));
        const auto outcome =
            deps.registrations.withdrawByReceipt(link.form->slug, link.hash(), group, deps.clock.now());
        if (outcome == storage::WithdrawalOutcome::not_found) {
            const auto receipt = deps.receipts.find(link.form->slug, link.hash());
            if (auto page = gone(deps.views, *link.form, receipt.state)) return std::move(*page);
            return pageResponse(404, pages::renderMessagePage(deps.views, "Groupe introuvable",
                                                              "Votre réponse ne comporte pas d'inscription à ce "
                                                              "groupe."));
        }
        return HttpResponse::redirect(receiptPath(link.form->slug, link.secret));
    });

    // Answering an offer from the receipt (the same choice as the offer's own link).
    for (const auto& [verb, accept] : {std::pair{"accepter", true}, std::pair{"refuser", false}}) {
        router.add("POST", std::string("/f/{slug}/merci/{receipt}/groupes/{group}/") + verb,
                   [deps, accept = accept](const HttpRequest& request) {
                       const ReceiptLink link(deps, request);
                       if (link.refusal) return *link.refusal;
                       const auto group = request.param("group");
                       if (!plausibleGroup(group)) {
                           return pageResponse(404, pages::renderReceiptUnknownPage(deps.views, *link.form));
                       }
                       const auto answer = deps.registrations.answerOfferByReceipt(link.form->slug, link.hash(), group,
                                                                                   accept, deps.clock.now());
                       if (answer == storage::OfferAnswer::accepted || answer == storage::OfferAnswer::declined) {
                           return HttpResponse::redirect(receiptPath(link.form->slug, link.secret));
                       }
                       return offerAnswerPage(deps.views, answer, groupName(*link.form, group));
                   });
    }

    // An offer's own link (e-mail): a page that asks, never a change on GET (mail scanners open links).
    router.add("GET", "/offres/{secret}", [deps](const HttpRequest& request) {
        const auto secret = request.param("secret");
        if (!deps.offer_secrets.authentic(secret)) return forgedOffer(deps.views);
        const auto offer = deps.registrations.findOffer(submission::SignedSecrets::hash(secret));
        const auto* form = deps.forms.find(offer.form_slug);
        if (offer.state == storage::OfferLink::State::unknown || form == nullptr) {
            return offerAnswerPage(deps.views, storage::OfferAnswer::unknown, "");
        }
        const auto name = groupName(*form, offer.group);
        switch (offer.state) {
        case storage::OfferLink::State::open:
            if (offer.expires_at >= deps.clock.now()) {
                return pageResponse(
                    200, pages::renderOfferPage(deps.views, *form, name, domain::formatFrenchParis(offer.expires_at),
                                                "/offres/" + secret + "/accepter", "/offres/" + secret + "/refuser"));
            }
            return offerAnswerPage(deps.views, storage::OfferAnswer::expired, name);
        case storage::OfferLink::State::expired:
            return offerAnswerPage(deps.views, storage::OfferAnswer::expired, name);
        default:
            return offerAnswerPage(deps.views, storage::OfferAnswer::used, name);
        }
    });

    for (const auto& [verb, accept] : {std::pair{"accepter", true}, std::pair{"refuser", false}}) {
        router.add("POST", std::string("/offres/{secret}/") + verb,
                   [deps, accept = accept](const HttpRequest& request) {
                       const auto secret = request.param("secret");
                       if (!deps.offer_secrets.authentic(secret)) return forgedOffer(deps.views);
                       const auto hash = submission::SignedSecrets::hash(secret);
                       const auto offer = deps.registrations.findOffer(hash);
                       const auto* form = deps.forms.find(offer.form_slug);
                       const auto answer = deps.registrations.answerOffer(hash, accept, deps.clock.now());
                       return offerAnswerPage(deps.views, answer,
                                              form != nullptr ? groupName(*form, offer.group) : offer.group);
                   });
    }

    // The same for API clients.
    for (const auto& [verb, accept] : {std::pair{"accept", true}, std::pair{"decline", false}}) {
        router.add("POST", std::string("/api/v1/offers/{secret}/") + verb,
                   [deps, accept = accept](const HttpRequest& request) {
                       const auto secret = request.param("secret");
                       if (!deps.offer_secrets.authentic(secret)) {
                           throw ApiError(403, "offer_forged",
                                          "Ce lien d'offre n'a pas été émis par ce service (modifié ou mal copié).");
                       }
                       const auto hash = submission::SignedSecrets::hash(secret);
                       const auto offer = deps.registrations.findOffer(hash);
                       return offerAnswerJson(deps.registrations.answerOffer(hash, accept, deps.clock.now()),
                                              offer.group);
                   });
    }

    router.add(
        "POST", "/api/v1/forms/{slug}/receipts/{receipt}/groups/{group}/withdraw", [deps](const HttpRequest& request) {
            const auto* form = deps.forms.find(request.param("slug"));
            if (form == nullptr) throw ApiError::notFound();
            const auto secret = request.param("receipt");
            const auto group = request.param("group");
            if (!submission::ReceiptSecrets::wellFormed(secret) || !plausibleGroup(group)) {
                throw ApiError(404, "registration_not_found",
                               "Aucune inscription à ce groupe ne correspond à ce récépissé.");
            }
            const auto outcome = deps.registrations.withdrawByReceipt(
                form->slug, submission::ReceiptSecrets::hash(secret), group, deps.clock.now());
            if (outcome == storage::WithdrawalOutcome::not_found) {
                throw ApiError(404, "registration_not_found",
                               "Aucune inscription à ce groupe ne correspond à ce récépissé.");
            }
            return HttpResponse::json(200, nlohmann::json{{"group", group},
                                                          {"state", "withdrawn"},
                                                          {"changed", outcome == storage::WithdrawalOutcome::withdrawn}}
                                               .dump());
        });

    router.add("GET", "/f/{slug}/supprimer/{receipt}", [deps](const HttpRequest& request) {
        const ReceiptLink link(deps, request);
        if (link.refusal) return *link.refusal;
        const auto receipt = deps.receipts.find(link.form->slug, link.hash());
        if (auto page = gone(deps.views, *link.form, receipt.state)) return std::move(*page);
        return pageResponse(
            200, pages::renderDeletionConfirmPage(deps.views, *link.form, receipt.public_id, link.deletionPath()));
    });

    router.add("POST", "/f/{slug}/supprimer/{receipt}", [deps](const HttpRequest& request) {
        const ReceiptLink link(deps, request);
        if (link.refusal) return *link.refusal;
        const auto state = deps.deletion.deleteByReceipt(link.form->slug, link.hash());
        if (auto page = gone(deps.views, *link.form, state)) return std::move(*page);
        return pageResponse(200, pages::renderDeletedPage(deps.views, *link.form));
    });
}

}  // namespace tnt::http
