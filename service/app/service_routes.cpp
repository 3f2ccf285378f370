#include "service/app/service_routes.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "service/http/handlers/api_docs_handlers.h"
#include "service/http/handlers/form_api_handlers.h"
#include "service/http/handlers/health_handlers.h"
#include "service/http/handlers/page_legal_handlers.h"
#include "service/http/handlers/page_form_handlers.h"
#include "service/http/handlers/page_pilot_handlers.h"
#include "service/http/handlers/pilot_api_handlers.h"
#include "service/http/handlers/receipt_handlers.h"

namespace tnt::app {

std::string readApiDescription(const std::string& docs_dir)
{
    const auto path = docs_dir + "/openapi.json";
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("--docs : le fichier " + path +
                                 " (la description de l'API, servie à "
                                 "/api/v1/openapi.json) est absent ou illisible. Indiquez le dossier docs/ du dépôt "
                                 "avec --docs ou TNT_FORMS_DOCS.");
    }
    std::ostringstream text;
    text << in.rdbuf();
    const auto parsed = nlohmann::json::parse(text.str(), nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object()) {
        throw std::runtime_error("--docs : le fichier " + path + " n'est pas un objet JSON valide.");
    }
    return text.str();
}

void addServiceRoutes(http::Router& router, const RouteComponents& c)
{
    http::addHealthRoutes(router, c.probe, c.metrics);
    http::addApiDocsRoutes(router, c.api_description);
    http::addFormApiRoutes(router, {c.forms, c.submissions, c.clock, c.rate_limiter, c.group_places, c.drafts});
    http::addPilotApiRoutes(router,
                            {c.forms, c.pilot_auth, c.exports, c.statistics, c.clock, c.registrations, c.form_ids});
    http::addPageRoutes(
        router, {c.forms, c.submissions, c.clock, c.rate_limiter, c.csrf, c.static_files, c.views, c.group_places,
                 c.drafts, &c.receipts, c.public_url, c.invitations, c.invitation_links});
    http::addReceiptRoutes(router, {c.forms, c.receipts, c.deletion, c.views, c.registrations, c.offer_secrets, c.clock,
                                    c.submissions, c.csrf, c.rate_limiter});
    http::addPilotPageRoutes(
        router, {c.forms, c.pilot_auth, c.exports, c.statistics, c.clock, c.csrf, c.views, c.registrations, c.form_ids,
                 c.listing, c.invitations, c.remind, c.reminder_rule});
    http::addLegalPageRoutes(router, {c.forms, c.views});
}

}  // namespace tnt::app
