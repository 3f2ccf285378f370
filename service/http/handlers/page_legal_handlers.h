// The legal pages every public site links from its footer: /accessibilite, /mentions-legales,
// /donnees-personnelles (written from the forms served) and /cookies.
#pragma once

#include "service/domain/form_loader.h"
#include "service/http/router.h"
#include "service/pages/views.h"

namespace tnt::http {

struct LegalPageDependencies {
    const domain::FormSet& forms;
    const pages::Views& views;
};

void addLegalPageRoutes(Router& router, LegalPageDependencies deps);

}  // namespace tnt::http
