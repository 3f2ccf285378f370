// The pieces every page shares: HTML escaping, element ids derived from answer keys, and the DSFR page
// shell (skip link, header, main, footer with the legal links). No inline style or script anywhere: the CSP
// forbids them.
#pragma once

#include <string>
#include <string_view>

#include "service/pages/site.h"

namespace tnt::pages {

// & < > " ' escaped; control characters other than tab, newline and carriage return dropped.
std::string escapeHtml(std::string_view text);

// "q-" + the key with every character outside [A-Za-z0-9_-] turned into '-': "fonction.autre" → "q-fonction-autre".
std::string fieldId(std::string_view key);

// The same rule for a suffix appended to an id.
std::string idPart(std::string_view text);

// The paths of the legal pages the footer links to.
inline constexpr const char* kAccessibilityPath = "/accessibilite";
inline constexpr const char* kLegalNoticePath = "/mentions-legales";
inline constexpr const char* kPersonalDataPath = "/donnees-personnelles";
inline constexpr const char* kCookiesPath = "/cookies";

struct Layout {
    std::string title;  // the <title>: says the page and whether it has errors
    bool pilot_area = false;  // the dashboard: its name in the header, its home link
    // The operator named in the footer (accessibility status, contact). Every page of the service passes
    // it; a page rendered without it (a unit test's) keeps the footer's links and names no operator.
    const Site* site = nullptr;
};

// A whole document around `main_html` (already escaped markup). French spacing (domain::frenchSpacing)
// is applied to every text of the document, here once, so no page can forget it; the content of a
// <textarea> is a respondent's answer and is left as typed.
std::string renderPage(const Layout& layout, const std::string& main_html);

// `inner` in the centred reading column of the respondents' short pages (receipt, messages, legal pages).
std::string narrowColumn(const std::string& inner);

// The "Voir les formulaires ouverts" link that ends the respondents' short pages.
inline constexpr const char* kBackHomeLink =
    "<p class=\"fr-mt-4w\"><a class=\"fr-link fr-icon-arrow-left-line fr-link--icon-left\" "
    "href=\"/\">Voir les formulaires ouverts</a></p>\n";

// `text` with French spacing applied outside tags and <textarea> content: what renderPage does to a
// document.
std::string withFrenchSpacing(std::string_view html);

}  // namespace tnt::pages
