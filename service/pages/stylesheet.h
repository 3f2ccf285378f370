// The service's own few CSS rules, on top of the DSFR: served at /static/tnt-forms.css (inline styles are
// forbidden by the CSP).
#pragma once

#include <string_view>

namespace tnt::pages {

std::string_view stylesheet();

}  // namespace tnt::pages
