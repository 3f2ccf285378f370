// The receipt's deletion link: GET shows a confirmation, POST deletes the response with its answers and
// registrations. Both check the link's signature; an invalid one is a plain 404.
#pragma once

#include "service/domain/form_loader.h"
#include "service/http/deletion_link.h"
#include "service/http/router.h"
#include "service/storage/response_deletion.h"

namespace tnt::http {

struct DeletionDependencies {
    const domain::FormSet& forms;
    const DeletionLinks& links;
    storage::ResponseDeletion& deletion;
};

void addDeletionRoutes(Router& router, DeletionDependencies deps);

}  // namespace tnt::http
