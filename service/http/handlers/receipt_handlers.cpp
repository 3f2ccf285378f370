#include "service/http/handlers/receipt_handlers.h"

#include "service/domain/paris_time.h"
#include "service/http/handlers/page_form_handlers.h"
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

std::vector<std::string> groupNames(const domain::Form& form, const std::vector<std::string>& codes)
{
    std::vector<std::string> names;
    const auto* question = form.groupsQuestion();
    for (const auto& code : codes) {
        std::string name = code;
        if (question != nullptr) {
            for (const auto& option : question->options) {
                if (option.key == code) name = option.label;
            }
        }
        names.push_back(std::move(name));
    }
    return names;
}

}  // namespace

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
        return pageResponse(
            200, pages::renderReceiptPage(deps.views, *link.form,
                                          {receipt.public_id, domain::formatFrenchParis(receipt.submitted_at),
                                           groupNames(*link.form, receipt.groups), link.deletionPath()}));
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
