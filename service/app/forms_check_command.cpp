// `tnt-forms forms check [DIR]`: every problem of every form file as file:line:column: message, then a
// summary; exit 1 when there is any problem, so CI and editors can use it.
#include <iostream>

#include "service/app/commands.h"
#include "service/domain/form_loader.h"

namespace tnt::app {

int runFormsCheck(const std::string& dir)
{
    const auto forms = domain::loadFormsDirectory(dir);
    for (const auto& d : forms.diagnostics) std::cerr << domain::formatDiagnostic(d) << "\n";
    if (!forms.ok()) {
        std::cerr << forms.diagnostics.size() << " erreur(s) dans " << dir << "\n";
        return 1;
    }
    for (const auto& form : forms.forms) {
        std::cout << "ok  " << form.slug << "  (" << form.questions.size() << " questions, version "
                  << form.version.substr(0, 12) << ")\n";
    }
    if (forms.catalogue) std::cout << "ok  groupes : " << forms.catalogue->groups.size() << " groupes\n";
    return 0;
}

}  // namespace tnt::app
