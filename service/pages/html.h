// The pieces every page's view model shares: HTML escaping (the templates' `{{value}}`), element ids derived
// from answer keys, and French spacing. The markup itself is in the templates (forms/pages/, see views.h).
// No inline style or script anywhere: the CSP forbids them.
#pragma once

#include <string>
#include <string_view>

namespace tnt::pages {

// & < > " ' escaped; control characters other than tab, newline and carriage return dropped.
std::string escapeHtml(std::string_view text);

// "q-" + the key with every character outside [A-Za-z0-9_-] turned into '-': "fonction.autre" → "q-fonction-autre".
std::string fieldId(std::string_view key);

// The same rule for a suffix appended to an id.
std::string idPart(std::string_view text);

// The paths of the legal pages the footer (forms/pages/layout/bottom.mustache) links to.
inline constexpr const char* kAccessibilityPath = "/accessibilite";
inline constexpr const char* kLegalNoticePath = "/mentions-legales";
inline constexpr const char* kPersonalDataPath = "/donnees-personnelles";
inline constexpr const char* kCookiesPath = "/cookies";

// `text` with French spacing applied outside tags and <textarea> content: what Views::page does to
// a document.
std::string withFrenchSpacing(std::string_view html);

}  // namespace tnt::pages
