#include "service/http/handlers/deletion_handlers.h"

#include "service/http/handlers/page_form_handlers.h"
#include "service/pages/deletion_pages.h"
#include "service/pages/public_pages.h"

namespace tnt::http {
namespace {

constexpr const char* kPattern = "/f/{slug}/supprimer/{id}/{signature}";

// The form, when the link is genuine; null otherwise.
const domain::Form* signedForm(const DeletionDependencies& deps, const HttpRequest& request)
{
    const auto* form = deps.forms.find(request.param("slug"));
    if (form == nullptr) return nullptr;
    if (!deps.links.verify(form->slug, request.param("id"), request.param("signature"))) return nullptr;
    return form;
}

HttpResponse invalidLink()
{
    return pageResponse(404, pages::renderMessagePage("Lien invalide",
                                                      "Ce lien de suppression n'est pas valide. Vérifiez qu'il est "
                                                      "complet, tel qu'il figurait sur la page de confirmation."));
}

}  // namespace

void addDeletionRoutes(Router& router, DeletionDependencies deps)
{
    router.add(
        "GET", kPattern,
        [deps](const HttpRequest& request) {
            const auto* form = signedForm(deps, request);
            if (form == nullptr) return invalidLink();
            return pageResponse(200, pages::renderDeletionConfirmPage(*form, request.param("id"), request.path));
        },
        Execution::inline_on_reactor);

    router.add("POST", kPattern, [deps](const HttpRequest& request) {
        const auto* form = signedForm(deps, request);
        if (form == nullptr) return invalidLink();
        const bool deleted = deps.deletion.deleteByPublicId(form->slug, request.param("id"));
        return pageResponse(200, pages::renderDeletedPage(*form, deleted));
    });
}

}  // namespace tnt::http
