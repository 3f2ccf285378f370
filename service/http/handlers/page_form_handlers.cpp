#include "service/http/handlers/page_form_handlers.h"

#include <algorithm>

#include "service/crypto/random_secret.h"
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
        int retry_after = 0;
        if (!deps_.rate_limiter.allow(request_.client_address, std::chrono::steady_clock::now(), retry_after)) {
            auto response = pageResponse(
                429, pages::renderMessagePage(deps_.views, "Trop de réponses envoyées",
                                              "Trop de réponses ont été envoyées depuis votre adresse. Réessayez "
                                              "dans " +
                                                  std::to_string(std::max(retry_after, 1)) + " secondes."));
            response.header("Retry-After", std::to_string(std::max(retry_after, 1)));
            return response;
        }
        state_.values = parseUrlEncoded(request_.body);
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
            return again(403);
        }
        try {
            const auto stored = deps_.submissions.submit(form_, pages::answersFromFields(form_, state_.values),
                                                         state_.idempotency_token);
            return HttpResponse::redirect(receiptPath(form_.slug, stored.receipt));
        } catch (const SubmissionRefused& refusal) {
            return refused(refusal);
        }
    }

private:
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
};

}  // namespace

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
            state.csrf_token = deps.csrf.issue(form->slug, std::chrono::system_clock::now());
            state.idempotency_token = crypto::randomToken(32);
            state.groups = groupAvailability(deps, *form);
            return pageResponse(200, pages::renderFormPage(deps.views, *form, state));
        },
        Execution::inline_on_reactor);

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
