#include "service/http/handlers/page_legal_handlers.h"

#include "service/http/handlers/page_form_handlers.h"
#include "service/http/pilot_auth.h"
#include "service/pages/html.h"
#include "service/pages/legal_pages.h"

namespace tnt::http {

void addLegalPageRoutes(Router& router, LegalPageDependencies deps)
{
    router.add(
        "GET", pages::kAccessibilityPath,
        [deps](const HttpRequest&) { return pageResponse(200, pages::renderAccessibilityPage(deps.views)); },
        Execution::inline_on_reactor);
    router.add(
        "GET", pages::kLegalNoticePath,
        [deps](const HttpRequest&) { return pageResponse(200, pages::renderLegalNoticePage(deps.views)); },
        Execution::inline_on_reactor);
    router.add(
        "GET", pages::kPersonalDataPath,
        [deps](const HttpRequest&) {
            const auto* catalogue = deps.forms.catalogue ? &*deps.forms.catalogue : nullptr;
            return pageResponse(200,
                                pages::renderPersonalDataPage(deps.views, deps.forms.forms, catalogue, kPilotCookie));
        },
        Execution::inline_on_reactor);
    router.add(
        "GET", pages::kCookiesPath,
        [deps](const HttpRequest&) {
            return pageResponse(200, pages::renderCookiesPage(deps.views, kPilotCookie, kPilotLoginCookie));
        },
        Execution::inline_on_reactor);
}

}  // namespace tnt::http
