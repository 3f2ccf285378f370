// The legal pages of a public site, linked from every page's footer: the accessibility statement, the
// legal notice, personal data (written from the forms served: purpose, recipients, retention, how to delete)
// and cookies. The operator's details come from the Site; nothing is hard-coded about who runs the service.
#pragma once

#include <string>
#include <vector>

#include "service/domain/form.h"
#include "service/domain/group_catalogue.h"
#include "service/pages/views.h"

namespace tnt::pages {

std::string renderAccessibilityPage(const Views& views);
std::string renderLegalNoticePage(const Views& views);
// `catalogue`: the project groups, whose pilots receive the registrations (may be null).
std::string renderPersonalDataPage(const Views& views, const std::vector<domain::Form>& forms,
                                   const domain::GroupCatalogue* catalogue, const std::string& cookie_name);
// The service's only two cookies, both the pilots': their session, and the login form's pre-session cookie.
std::string renderCookiesPage(const Views& views, const std::string& session_cookie, const std::string& login_cookie);

}  // namespace tnt::pages
