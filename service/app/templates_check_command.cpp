// `tnt-forms templates check [DIR] [--mail DIR]`: every problem of a folder of templates as file:line: message,
// checked by the very rules `serve` loads them with (pages::Views, messages::MailTemplates); exit 1 when there
// is any problem, so an operator checks a restyled folder before pointing --templates at it.
#include <iostream>

#include "service/app/commands.h"
#include "service/messages/mail_templates.h"
#include "service/pages/views.h"

namespace tnt::app {
namespace {

int report(const std::string& what, const std::string& dir, const std::vector<std::string>& problems,
           std::size_t templates)
{
    for (const auto& p : problems) std::cerr << p << "\n";
    if (!problems.empty()) {
        std::cerr << problems.size() << " erreur(s) dans les modèles " << what << " de " << dir << "\n";
        return 1;
    }
    std::cout << "ok  modèles " << what << " : " << dir << " (" << templates << " modèles requis présents)\n";
    return 0;
}

}  // namespace

int runTemplatesCheck(const TemplatesCheckConfig& config)
{
    int status =
        report("des pages", config.pages_dir, pages::Views::check(config.pages_dir), pages::Views::pageNames().size());
    if (!config.mail_dir.empty()) {
        status |= report("de courriel", config.mail_dir, messages::MailTemplates::check(config.mail_dir),
                         messages::MailTemplates::kinds().size() * 3);
    }
    return status;
}

}  // namespace tnt::app
