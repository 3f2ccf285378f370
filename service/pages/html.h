// The pieces every page shares: HTML escaping, element ids derived from answer keys, and the DSFR page
// shell (skip link, header, main, footer). No inline style or script anywhere: the CSP forbids them.
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

struct Layout {
    std::string title;        // the <title>: says the page and whether it has errors
    bool pilot_area = false;  // the dashboard: its name in the header, its home link
};

// A whole document around `main_html` (already escaped markup).
std::string renderPage(const Layout& layout, const std::string& main_html);

}  // namespace tnt::pages
