#include "service/http/handlers/page_form_handlers.h"

#include <algorithm>
#include <functional>

#include "service/crypto/random_secret.h"
#include "service/domain/answer_validation.h"
#include "service/domain/field_formats.h"
#include "service/domain/form_steps.h"
#include "service/domain/paris_time.h"
#include "service/http/handlers/receipt_handlers.h"
#include "service/http/urlencoded.h"
#include "service/pages/form_page.h"
#include "service/pages/public_pages.h"
#include "service/pages/stylesheet.h"

namespace tnt::http {
namespace {

using submission::RefusalReason;
using submission::SubmissionRefused;

constexpr int kStaticDepth = 4;  // dist/utility/icons/icons-arrows/… is the deepest the pages need

HttpResponse notFoundPage(const pages::Views& views)
{
    return pageResponse(404, pages::renderMessagePage(views, "Page introuvable",
                                                      "Cette adresse ne correspond à aucun formulaire. Vérifiez le "
                                                      "lien que vous avez reçu."));
}

// The window refusals as pages: 410 closed, 403 not yet open.
HttpResponse windowPage(const pages::Views& views, const domain::Form& form, const SubmissionRefused& refusal)
{
    const auto when = refusal.at ? domain::formatFrenchParis(*refusal.at) : std::string("?");
    if (refusal.reason() == RefusalReason::closed) return pageResponse(410, pages::renderClosedPage(views, form, when));
    return pageResponse(403, pages::renderNotOpenPage(views, form, when));
}

// The groups' places and deadlines as the page shows them (none without a catalogue or counters).
std::map<std::string, domain::GroupAvailability> groupAvailability(const PageDependencies& deps,
                                                                   const domain::Form& form)
{
    if (deps.group_places == nullptr || !deps.forms.catalogue || form.groupsQuestion() == nullptr) return {};
    return deps.forms.catalogue->availability(*deps.group_places->counts(), deps.clock.now());
}

bool validIdempotencyToken(const std::string& token)
{
    return !token.empty() && token.size() <= 128 &&
           std::all_of(token.begin(), token.end(), [](char c) { return c > 32 && c < 127; });
}

// The pages of a draft link that leads nowhere: altered or made up (403), or its draft gone (410).
HttpResponse draftRefusedPage(const pages::Views& views, submission::DraftRefused::Reason reason)
{
    if (reason == submission::DraftRefused::Reason::forged) {
        return pageResponse(403, pages::renderMessagePage(views, "Lien non valide",
                                                          "Ce lien de reprise n'a pas été émis par ce service : il a "
                                                          "peut-être été modifié ou mal copié. Utilisez le lien exact "
                                                          "que vous avez reçu."));
    }
    return pageResponse(410, pages::renderMessagePage(views, "Réponses en cours introuvables",
                                                      "Ces réponses en cours n'existent plus : elles ont été envoyées, "
                                                      "ou leur délai de conservation est passé. Vous pouvez répondre "
                                                      "à nouveau depuis la page du formulaire."));
}

// The step a "?etape=N" asks for (1-based, as shown), if it is one of the form's.
std::optional<std::size_t> askedStep(const domain::Form& form, const HttpRequest& request)
{
    const auto text = request.queryValue("etape");
    if (!text || text->empty() || text->size() > 3 ||
        !std::all_of(text->begin(), text->end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    const auto n = static_cast<std::size_t>(std::stoul(*text));
    if (n == 0 || n > form.stepCount()) return std::nullopt;
    return n - 1;
}

// A step's page state: the draft's answers in the fields, the buttons the answers call for.
pages::FormPageState stepState(const domain::Form& form, std::size_t step, const nlohmann::json& answers,
                               const std::string& secret)
{
    pages::FormPageState state;
    state.values = pages::fieldsFromAnswers(form, answers);
    auto position = domain::stepPosition(form, step, answers);
    state.step = pages::StepState{.index = step,
                                  .last = position.last,
                                  .has_previous = position.has_previous,
                                  .draft_secret = secret,
                                  .hidden = std::move(position.hidden)};
    return state;
}

class FormPost {
public:
    FormPost(const PageDependencies& deps, const domain::Form& form, const HttpRequest& request)
        : deps_(deps), form_(form), request_(request)
    {
    }

    HttpResponse handle()
    {
        const auto content_type = request_.header("content-type");
        if (!content_type || !isUrlEncodedContentType(*content_type)) {
            return pageResponse(415, pages::renderMessagePage(
                                         deps_.views, "Format non pris en charge",
                                         "Ce formulaire s'envoie depuis sa page (application/x-www-form-urlencoded)."));
        }
        state_.values = parseUrlEncoded(request_.body);
        step_ = postedStep();
        // What stores something new counts against the per-address limit: a whole form, a last step sent, a
        // first step (its draft). Moving between the steps of a draft only changes that draft, so a town
        // hall behind one address, answering a form of five steps, is not stopped five times sooner.
        const bool counted = !step_ || pages::fieldValue(state_.values, pages::kDraftField).empty() ||
                             pages::fieldValue(state_.values, pages::kActionField) == pages::kActionSend;
        int retry_after = 0;
        if (counted &&
            !deps_.rate_limiter.allow(request_.client_address, std::chrono::steady_clock::now(), retry_after)) {
            auto response = pageResponse(
                429, pages::renderMessagePage(deps_.views, "Trop de réponses envoyées",
                                              "Trop de réponses ont été envoyées depuis votre adresse. Réessayez "
                                              "dans " +
                                                  std::to_string(std::max(retry_after, 1)) + " secondes."));
            response.header("Retry-After", std::to_string(std::max(retry_after, 1)));
            return response;
        }
        // A bot that filled the invisible field is told it succeeded, and nothing is kept.
        if (!pages::fieldValue(state_.values, pages::kHoneypotField).empty()) {
            return HttpResponse::redirect(receiptPath(form_.slug, crypto::randomToken(40, "0123456789abcdef")));
        }
        state_.idempotency_token = pages::fieldValue(state_.values, pages::kIdempotencyField);
        if (!validIdempotencyToken(state_.idempotency_token)) state_.idempotency_token = crypto::randomToken(32);

        const auto check = deps_.csrf.verify(pages::fieldValue(state_.values, pages::kCsrfField), form_.slug,
                                             std::chrono::system_clock::now());
        if (check != CsrfCheck::valid) {
            // A closed form says so whatever was posted; an open one asks to send the answers again.
            try {
                deps_.submissions.ensureOpen(form_);
            } catch (const SubmissionRefused& refusal) {
                return windowPage(deps_.views, form_, refusal);
            }
            state_.notice = check == CsrfCheck::expired
                                ? "La page était ouverte depuis trop longtemps. Vérifiez vos réponses ci-dessous et "
                                  "envoyez-les à nouveau."
                                : "Vos réponses n'ont pas pu être vérifiées comme venant de cette page. Vérifiez-les "
                                  "ci-dessous et envoyez-les à nouveau.";
            if (step_) {
                // The step shows again as posted, with its draft if the link is this service's.
                const auto secret = pages::fieldValue(state_.values, pages::kDraftField);
                state_.step = pages::StepState{
                    .index = *step_,
                    .last = domain::isLastStep(form_, *step_, pages::answersFromFields(form_, state_.values)),
                    .has_previous = *step_ > 0,
                    .draft_secret = deps_.drafts->authentic(secret) ? secret : std::string(),
                    .hidden = {}};
            }
            return again(403);
        }
        if (step_) return postStep();
        try {
            const auto invitation = postedInvitation();
            const auto stored = deps_.submissions.submit(form_, pages::answersFromFields(form_, state_.values),
                                                         state_.idempotency_token);
            if (invitation) markAnswered(invitation->id);
            return HttpResponse::redirect(receiptPath(form_.slug, stored.receipt));
        } catch (const SubmissionRefused& refusal) {
            return refused(refusal);
        }
    }

private:
    // The invitation whose personal link opened the page (its token posted with the answers), while it has
    // not answered; none for a page opened from the public link, or a token altered.
    std::optional<submission::Invitation> postedInvitation() const
    {
        if (deps_.invitations == nullptr || deps_.invitation_links == nullptr) return std::nullopt;
        const auto public_id =
            deps_.invitation_links->invitationSubject(pages::fieldValue(state_.values, pages::kInvitationField));
        if (!public_id) return std::nullopt;
        auto invitation = deps_.invitations->find(form_.slug, *public_id);
        if (!invitation || invitation->state == submission::InvitationState::answered) return std::nullopt;
        return invitation;
    }

    // Recorded after the response was stored, in a transaction of its own (no link, no shared time). Should
    // it fail, the answers stand: the invitation stays "started" and may be reminded once more.
    void markAnswered(std::uint64_t invitation) const
    {
        if (deps_.invitations == nullptr) return;
        try {
            deps_.invitations->markAnswered(invitation);
        } catch (const std::exception&) {
        }
    }

    // The first step posted from an invitation's page: its draft, under the secret the personal link finds
    // again, starts from what the invitation fills in (commune, mandate); the invitation is then "started".
    // A draft already there (the link opened in two tabs) is changed instead.
    std::optional<submission::Draft> invitationDraft(const std::function<void(nlohmann::json&, std::size_t&)>& decide)
    {
        const auto invitation = postedInvitation();
        if (!invitation) return std::nullopt;
        const auto secret = deps_.invitation_links->draftSecret(invitation->public_id);
        auto answers = submission::invitationAnswers(form_, *invitation);
        std::size_t resume_at = 0;
        decide(answers, resume_at);
        if (auto created = deps_.drafts->createForInvitation(form_, answers, resume_at, secret, invitation->id)) {
            deps_.invitations->markStarted(invitation->id);
            return created;
        }
        return deps_.drafts->change(form_, secret, decide);
    }

    // The step a page posted (its hidden field), when the form is answered step by step.
    std::optional<std::size_t> postedStep() const
    {
        if (deps_.drafts == nullptr || form_.stepCount() < 2) return std::nullopt;
        const auto text = pages::fieldValue(state_.values, pages::kStepField);
        if (text.empty() || text.size() > 3 ||
            !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            return std::nullopt;
        }
        return std::min<std::size_t>(std::stoul(text), form_.stepCount() - 1);
    }

    // One step posted: its answers replace the same step's in the draft (made at the first step), whatever
    // the button, so nothing typed is lost; then the button decides what shows next. The draft's step is
    // where its link resumes.
    HttpResponse postStep()
    {
        const auto step = *step_;
        const auto action = pages::fieldValue(state_.values, pages::kActionField);
        const auto step_answers = pages::answersFromFields(form_, state_.values);
        auto secret = pages::fieldValue(state_.values, pages::kDraftField);
        domain::ValidationResult checked;
        std::size_t next = step;
        auto decide = [&](nlohmann::json& answers, std::size_t& resume_at) {
            answers = domain::mergeStepAnswers(form_, step, answers, step_answers);
            checked = domain::validateAnswers(form_, answers);
            if (action == pages::kActionPrevious) {
                next = domain::previousStep(form_, step, answers);
            } else if (action == pages::kActionSave || !domain::stepErrors(form_, step, checked.errors).empty()) {
                next = step;
            } else {
                next = domain::nextStep(form_, step, answers);
            }
            resume_at = std::min(next, form_.stepCount() - 1);
        };
        submission::Draft draft;
        try {
            if (secret.empty()) {
                if (auto from_invitation = invitationDraft(decide)) {
                    draft = std::move(*from_invitation);
                } else {
                    nlohmann::json answers = nlohmann::json::object();
                    std::size_t resume_at = 0;
                    decide(answers, resume_at);
                    draft = deps_.drafts->create(form_, answers, resume_at);
                }
            } else {
                draft = deps_.drafts->change(form_, secret, decide);
            }
        } catch (const submission::DraftRefused& refusal) {
            // A second "Envoyer" of the same page: the first one sent the answers and removed the draft.
            if (action == pages::kActionSend) {
                if (auto receipt = alreadySent()) return HttpResponse::redirect(receiptPath(form_.slug, *receipt));
            }
            return draftRefusedPage(deps_.views, refusal.reason());
        } catch (const SubmissionRefused& refusal) {
            return windowPage(deps_.views, form_, refusal);
        }
        const auto resume = resumePath(form_.slug, draft.secret);
        if (action == pages::kActionSave) {
            const auto to = savedAddress(draft.answers);
            const bool mailed = !to.empty() && deps_.drafts->mailLink(form_, draft, to);
            return HttpResponse::redirect(resume + "/enregistre" + (mailed ? "?envoye=1" : ""));
        }
        if (action != pages::kActionPrevious) {
            if (auto errors = domain::stepErrors(form_, step, checked.errors); !errors.empty()) {
                return showStep(draft, step, std::move(errors), 422);
            }
        }
        if (next < form_.stepCount()) return HttpResponse::redirect(resume + "?etape=" + std::to_string(next + 1));
        return send(draft, checked);
    }

    // The last step passed: the whole answers are checked again (a step may have changed since) and sent;
    // the draft goes once they are stored.
    HttpResponse send(const submission::Draft& draft, const domain::ValidationResult& checked)
    {
        if (!checked.ok()) {
            if (const auto step = domain::firstStepWithError(form_, checked.errors)) {
                return showStep(draft, *step, domain::stepErrors(form_, *step, checked.errors), 422);
            }
        }
        try {
            const auto stored = deps_.submissions.submit(form_, draft.answers, state_.idempotency_token);
            deps_.drafts->discard(form_, draft.secret);
            if (draft.invitation) markAnswered(*draft.invitation);
            return HttpResponse::redirect(receiptPath(form_.slug, stored.receipt));
        } catch (const SubmissionRefused& refusal) {
            if (refusal.reason() == RefusalReason::closed || refusal.reason() == RefusalReason::not_open) {
                return windowPage(deps_.views, form_, refusal);
            }
            // Shown on the step of the question it is about (the groups of a registration), else on the last.
            std::map<std::string, std::string> errors = refusal.fields;
            if (const auto* q = form_.groupsQuestion();
                q != nullptr && errors.empty() &&
                (refusal.reason() == RefusalReason::group_full ||
                 (refusal.reason() == RefusalReason::already_registered && !refusal.groups.empty()))) {
                errors[q->key] = refusal.message();
            }
            const auto step = domain::firstStepWithError(form_, errors);
            if (!step) state_.notice = refusal.message();
            if (refusal.reason() == RefusalReason::idempotency_key_reused) {
                state_.idempotency_token = crypto::randomToken(32);
            }
            return showStep(draft, step.value_or(*step_),
                            step ? domain::stepErrors(form_, *step, errors) : std::map<std::string, std::string>{},
                            refusal.reason() == RefusalReason::invalid ? 422 : 409);
        }
    }

    HttpResponse showStep(const submission::Draft& draft, std::size_t step, std::map<std::string, std::string> errors,
                          int status)
    {
        auto state = stepState(form_, step, draft.answers, draft.secret);
        state.errors = std::move(errors);
        state.notice = std::move(state_.notice);
        state.idempotency_token = state_.idempotency_token;
        state_ = std::move(state);
        return again(status);
    }

    // The receipt of answers this page already sent (the same idempotency token), if they were stored.
    std::optional<std::string> alreadySent() const
    {
        if (deps_.receipts == nullptr) return std::nullopt;
        auto receipt = deps_.submissions.receiptFor(form_, state_.idempotency_token);
        if (!receipt) return std::nullopt;
        const auto found = deps_.receipts->find(form_.slug, submission::ReceiptSecrets::hash(*receipt));
        if (found.state != storage::ReceiptState::found) return std::nullopt;
        return receipt;
    }

    // The address the respondent gave in the form's e-mail question (email_copy.to), if a valid one.
    std::string savedAddress(const nlohmann::json& answers) const
    {
        if (!form_.email_copy) return "";
        const auto it = answers.find(form_.email_copy->to);
        if (it == answers.end() || !it->is_string()) return "";
        return domain::normaliseEmail(it->get<std::string>()).value_or("");
    }

    HttpResponse again(int status)
    {
        state_.csrf_token = deps_.csrf.issue(form_.slug, std::chrono::system_clock::now());
        state_.groups = groupAvailability(deps_, form_);
        return pageResponse(status, pages::renderFormPage(deps_.views, form_, state_));
    }

    HttpResponse refused(const SubmissionRefused& refusal)
    {
        switch (refusal.reason()) {
        case RefusalReason::closed:
        case RefusalReason::not_open:
            return windowPage(deps_.views, form_, refusal);
        case RefusalReason::invalid:
            for (const auto& [key, message] : refusal.fields) {
                if (pages::errorAnchor(form_, key).empty()) {
                    state_.notice = message;  // not a field of the page: said once, at the top
                } else {
                    state_.errors[key] = message;
                }
            }
            return again(422);
        case RefusalReason::idempotency_key_reused:
            // The page was sent once already with other answers (kept): these make a new response.
            state_.idempotency_token = crypto::randomToken(32);
            state_.notice =
                "Des réponses ont déjà été envoyées depuis cette page. Vérifiez celles-ci et envoyez-les "
                "à nouveau pour enregistrer une nouvelle réponse.";
            return again(422);
        case RefusalReason::group_full:
            if (const auto* q = form_.groupsQuestion()) {
                state_.errors[q->key] = refusal.message();
            } else {
                state_.notice = refusal.message();
            }
            return again(409);
        case RefusalReason::already_registered:
            // Beside the groups when the refusal names them, so the agent sees which box to untick.
            if (const auto* q = form_.groupsQuestion(); q != nullptr && !refusal.groups.empty()) {
                state_.errors[q->key] = refusal.message();
            } else {
                state_.notice = refusal.message();
            }
            return again(409);
        }
        return again(422);
    }

    const PageDependencies& deps_;
    const domain::Form& form_;
    const HttpRequest& request_;
    pages::FormPageState state_;
    std::optional<std::size_t> step_;  // the step posted, when the form is answered step by step
};

// A draft's pages: resume it (at its step, or the step `?etape=N` asks for), the page that says it is saved,
// and the request to have its link sent by e-mail.
void addDraftRoutes(Router& router, const PageDependencies& deps)
{
    router.add("GET", "/f/{slug}/reprendre/{draft}", [deps](const HttpRequest& request) {
        const auto* form = deps.forms.find(request.param("slug"));
        if (form == nullptr || form->stepCount() < 2) return notFoundPage(deps.views);
        try {
            const auto draft = deps.drafts->open(*form, request.param("draft"));
            auto state = stepState(*form, askedStep(*form, request).value_or(draft.step), draft.answers, draft.secret);
            state.csrf_token = deps.csrf.issue(form->slug, std::chrono::system_clock::now());
            state.idempotency_token = crypto::randomToken(32);
            state.groups = groupAvailability(deps, *form);
            return pageResponse(200, pages::renderFormPage(deps.views, *form, state));
        } catch (const submission::DraftRefused& refusal) {
            return draftRefusedPage(deps.views, refusal.reason());
        } catch (const SubmissionRefused& refusal) {
            return windowPage(deps.views, *form, refusal);
        }
    });

    auto saved_page = [deps](const domain::Form& form, const submission::Draft& draft, bool mailed, std::string email,
                             std::string error, int status) {
        const auto path = resumePath(form.slug, draft.secret);
        pages::DraftSaved saved{
            .path = path,
            .url = deps.public_url + path,
            .expires_at = domain::formatFrenchParis(domain::announcedDraftExpiry(form, draft.expires_at)),
            .mailed = mailed,
            .can_mail = deps.drafts->canMail(),
            .mail_path = path + "/courriel",
            .csrf = deps.csrf.issue(form.slug, std::chrono::system_clock::now()),
            .email = std::move(email),
            .error = std::move(error)};
        return pageResponse(status, pages::renderDraftSavedPage(deps.views, form, saved));
    };

    router.add("GET", "/f/{slug}/reprendre/{draft}/enregistre", [deps, saved_page](const HttpRequest& request) {
        const auto* form = deps.forms.find(request.param("slug"));
        if (form == nullptr || form->stepCount() < 2) return notFoundPage(deps.views);
        try {
            const auto draft = deps.drafts->open(*form, request.param("draft"));
            return saved_page(*form, draft, request.queryValue("envoye").has_value(), "", "", 200);
        } catch (const submission::DraftRefused& refusal) {
            return draftRefusedPage(deps.views, refusal.reason());
        } catch (const SubmissionRefused& refusal) {
            return windowPage(deps.views, *form, refusal);
        }
    });

    router.add("POST", "/f/{slug}/reprendre/{draft}/courriel", [deps, saved_page](const HttpRequest& request) {
        const auto* form = deps.forms.find(request.param("slug"));
        if (form == nullptr || form->stepCount() < 2) return notFoundPage(deps.views);
        int retry_after = 0;
        if (!deps.rate_limiter.allow(request.client_address, std::chrono::steady_clock::now(), retry_after)) {
            auto response = pageResponse(429, pages::renderMessagePage(deps.views, "Trop de demandes",
                                                                       "Trop de demandes depuis votre adresse. "
                                                                       "Réessayez dans quelques minutes."));
            response.header("Retry-After", std::to_string(std::max(retry_after, 1)));
            return response;
        }
        const auto fields = parseUrlEncoded(request.body);
        try {
            const auto draft = deps.drafts->open(*form, request.param("draft"));
            const auto typed = pages::fieldValue(fields, "courriel");
            if (deps.csrf.verify(pages::fieldValue(fields, pages::kCsrfField), form->slug,
                                 std::chrono::system_clock::now()) != CsrfCheck::valid) {
                return saved_page(*form, draft, false, typed,
                                  "La page était ouverte depuis trop longtemps. Envoyez à nouveau.", 403);
            }
            const auto address = domain::normaliseEmail(typed);
            if (!address) {
                return saved_page(*form, draft, false, typed,
                                  "Saisissez une adresse électronique valide, par exemple nom@exemple.fr.", 422);
            }
            deps.drafts->mailLink(*form, draft, *address);
            return HttpResponse::redirect(resumePath(form->slug, draft.secret) + "/enregistre?envoye=1");
        } catch (const submission::DraftRefused& refusal) {
            return draftRefusedPage(deps.views, refusal.reason());
        } catch (const SubmissionRefused& refusal) {
            return windowPage(deps.views, *form, refusal);
        }
    });
}

// An invitation's personal link and its unsubscribe link. The personal link opens the form with what the
// invitation fills in, or resumes its draft; it says so when the answers were sent.
void addInvitationRoutes(Router& router, const PageDependencies& deps)
{
    router.add("GET", "/f/{slug}/invitation/{token}", [deps](const HttpRequest& request) {
        const auto* form = deps.forms.find(request.param("slug"));
        if (form == nullptr || !form->invitations) return notFoundPage(deps.views);
        const auto public_id = deps.invitation_links->invitationSubject(request.param("token"));
        if (!public_id) {
            return pageResponse(403, pages::renderMessagePage(deps.views, "Lien non valide",
                                                              "Ce lien d'invitation n'a pas été émis par ce service : "
                                                              "il a peut-être été modifié ou mal copié. Utilisez le "
                                                              "lien exact reçu par courriel."));
        }
        try {
            deps.submissions.ensureOpen(*form);
        } catch (const SubmissionRefused& refusal) {
            return windowPage(deps.views, *form, refusal);
        }
        const auto invitation = deps.invitations->find(form->slug, *public_id);
        if (!invitation) {
            return pageResponse(410, pages::renderMessagePage(deps.views, "Invitation retirée",
                                                              "Cette invitation n'existe plus. Vous pouvez répondre "
                                                              "depuis la page publique du formulaire."));
        }
        if (invitation->state == submission::InvitationState::answered) {
            return pageResponse(200, pages::renderMessagePage(deps.views, "Vous avez déjà répondu",
                                                              "Vos réponses à « " + form->title +
                                                                  " » sont bien arrivées. Merci pour votre "
                                                                  "participation."));
        }
        const auto prefilled = submission::invitationAnswers(*form, *invitation);
        pages::FormPageState state;
        if (deps.drafts != nullptr && form->stepCount() > 1) {
            const auto secret = deps.invitation_links->draftSecret(*public_id);
            try {
                const auto draft = deps.drafts->open(*form, secret);
                return HttpResponse::redirect(resumePath(form->slug, secret) +
                                              "?etape=" + std::to_string(draft.step + 1));
            } catch (const submission::DraftRefused&) {
                // Not started, or its draft lapsed: the first step again, filled in.
            }
            state = stepState(*form, 0, prefilled, "");
        } else {
            state.values = pages::fieldsFromAnswers(*form, prefilled);
        }
        state.invitation = request.param("token");
        state.csrf_token = deps.csrf.issue(form->slug, std::chrono::system_clock::now());
        state.idempotency_token = crypto::randomToken(32);
        state.groups = groupAvailability(deps, *form);
        return pageResponse(200, pages::renderFormPage(deps.views, *form, state));
    });

    // The page asks for a click (a mail scanner opening links unsubscribes nobody); the POST, from that
    // button or a mail client's one-click (RFC 8058), is honoured at once. The token is the right to it.
    auto unsubscribe = [deps](const HttpRequest& request, bool confirm) {
        const auto* form = deps.forms.find(request.param("slug"));
        if (form == nullptr || !form->invitations) return notFoundPage(deps.views);
        const auto public_id = deps.invitation_links->unsubscribeSubject(request.param("token"));
        if (!public_id) {
            return pageResponse(403, pages::renderMessagePage(deps.views, "Lien non valide",
                                                              "Ce lien de désinscription n'a pas été émis par ce "
                                                              "service. Utilisez le lien exact reçu par courriel."));
        }
        const auto invitation = deps.invitations->find(form->slug, *public_id);
        if (!invitation) {
            return pageResponse(410, pages::renderMessagePage(deps.views, "Invitation retirée",
                                                              "Cette invitation n'existe plus : vous ne recevrez "
                                                              "aucune relance à son sujet."));
        }
        if (!confirm) {
            return pageResponse(200, pages::renderUnsubscribePage(deps.views, *form,
                                                                  submission::InvitationLinks::unsubscribePath(
                                                                      form->slug, request.param("token"))));
        }
        deps.invitations->unsubscribe(invitation->id);
        return pageResponse(
            200, pages::renderMessagePage(deps.views, "Désinscription enregistrée",
                                          "Vous ne recevrez plus de relance au sujet de « " + form->title + " »."));
    };
    router.add("GET", "/f/{slug}/desinscription/{token}",
               [unsubscribe](const HttpRequest& request) { return unsubscribe(request, false); });
    router.add("POST", "/f/{slug}/desinscription/{token}",
               [unsubscribe](const HttpRequest& request) { return unsubscribe(request, true); });
}

}  // namespace

std::string resumePath(const std::string& form_slug, const std::string& secret)
{
    return "/f/" + form_slug + "/reprendre/" + secret;
}

HttpResponse pageResponse(int status, std::string html)
{
    auto response = HttpResponse::html(status, std::move(html));
    response.header("Cache-Control", "no-store");
    return response;
}

void addPageRoutes(Router& router, PageDependencies deps)
{
    router.add(
        "GET", "/",
        [deps](const HttpRequest&) {
            const auto now = deps.clock.now();
            std::vector<pages::IndexEntry> open;
            std::vector<pages::UpcomingEntry> upcoming;
            for (const auto& form : deps.forms.forms) {
                const auto status = form.window.statusAt(now);
                if (status == domain::FormStatus::open) {
                    open.push_back(
                        {&form, form.window.closes_at ? domain::formatFrenchParis(*form.window.closes_at) : ""});
                } else if (status == domain::FormStatus::upcoming && form.window.opens_at) {
                    upcoming.push_back({&form, domain::formatFrenchParis(*form.window.opens_at)});
                }
            }
            std::sort(upcoming.begin(), upcoming.end(),
                      [](const auto& a, const auto& b) { return *a.form->window.opens_at < *b.form->window.opens_at; });
            return pageResponse(200, pages::renderIndexPage(deps.views, open, upcoming));
        },
        Execution::inline_on_reactor);

    router.add(
        "GET", "/f/{slug}",
        [deps](const HttpRequest& request) {
            const auto* form = deps.forms.find(request.param("slug"));
            if (form == nullptr) return notFoundPage(deps.views);
            try {
                deps.submissions.ensureOpen(*form);
            } catch (const SubmissionRefused& refusal) {
                return windowPage(deps.views, *form, refusal);
            }
            pages::FormPageState state;
            if (deps.drafts != nullptr && form->stepCount() > 1) {
                state = stepState(*form, 0, nlohmann::json::object(), "");
                state.values.clear();
            }
            state.csrf_token = deps.csrf.issue(form->slug, std::chrono::system_clock::now());
            state.idempotency_token = crypto::randomToken(32);
            state.groups = groupAvailability(deps, *form);
            return pageResponse(200, pages::renderFormPage(deps.views, *form, state));
        },
        Execution::inline_on_reactor);

    if (deps.drafts != nullptr) addDraftRoutes(router, deps);
    if (deps.invitations != nullptr && deps.invitation_links != nullptr) addInvitationRoutes(router, deps);

    router.add("POST", "/f/{slug}", [deps](const HttpRequest& request) {
        const auto* form = deps.forms.find(request.param("slug"));
        if (form == nullptr) return notFoundPage(deps.views);
        return FormPost(deps, *form, request).handle();
    });

    router.add(
        "GET", "/static/tnt-forms.css",
        [](const HttpRequest&) {
            auto response = HttpResponse::text(200, std::string(pages::stylesheet()), "text/css; charset=utf-8");
            response.header("Cache-Control", "public, max-age=86400");
            return response;
        },
        Execution::inline_on_reactor);

    // The router matches whole segments, so the design system's tree is served by one route per depth.
    std::string pattern = "/static/dsfr";
    for (int depth = 1; depth <= kStaticDepth; ++depth) {
        pattern += "/{p" + std::to_string(depth) + "}";
        router.add("GET", pattern, [deps](const HttpRequest& request) {
            static const std::string prefix = "/static/dsfr/";
            const auto relative = percentDecode(std::string_view(request.path).substr(prefix.size()), false);
            auto file = deps.static_files.serve(relative);
            if (!file) {
                return HttpResponse::text(404, "Fichier introuvable.\n");
            }
            return std::move(*file);
        });
    }
}

}  // namespace tnt::http
