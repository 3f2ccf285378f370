// What every pilot request shares: the authenticated token, the form it may read, and the response
// filter built from ?from=&to=&group= within the token's scope.
#pragma once

#include "service/access/access_token.h"
#include "service/domain/form.h"
#include "service/domain/form_loader.h"
#include "service/http/http_message.h"
#include "service/http/pilot_auth.h"
#include "service/reporting/group_scope.h"
#include "service/storage/form_repository.h"
#include "service/storage/response_filter.h"

namespace tnt::http {

struct PilotRequest {
    access::AccessToken token;
    const domain::Form* form = nullptr;
    storage::ResponseFilter filter;
    reporting::GroupScope groups;  // the token's groups: what the export and statistics show of the groups question
    std::string scope;  // what the request covered, for the export log
};

// Authenticates (401), finds the form (404), checks the scope (403) and parses the filters (422). `ids`: the
// forms' database ids from the start-up sync, so no request asks the database for them.
PilotRequest resolvePilotRequest(const HttpRequest& request, const domain::FormSet& forms, PilotAuthenticator& auth,
                                 const storage::FormIds& ids);

}  // namespace tnt::http
