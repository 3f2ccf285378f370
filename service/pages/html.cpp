#include "service/pages/html.h"

#include "exports/bar_chart.h"

namespace tnt::pages {

std::string escapeHtml(std::string_view text)
{
    // One escaping for all the service's markup: the dashboard's SVG charts come from exports/.
    return exports::escapeMarkup(text);
}

std::string idPart(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        out.push_back(plain ? c : '-');
    }
    return out;
}

std::string fieldId(std::string_view key)
{
    return "q-" + idPart(key);
}

std::string renderPage(const Layout& layout, const std::string& main_html)
{
    const std::string home = layout.pilot_area ? "/pilote/formulaires" : "/";
    const std::string tagline = layout.pilot_area ? "Espace des pilotes" : "Formulaires et inscriptions";
    std::string out;
    out.reserve(main_html.size() + 4096);
    out += "<!doctype html>\n<html lang=\"fr\" data-fr-scheme=\"light\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<meta name=\"format-detection\" content=\"telephone=no\">\n"
           "<link rel=\"stylesheet\" href=\"/static/dsfr/dsfr.min.css\">\n"
           "<link rel=\"stylesheet\" href=\"/static/dsfr/utility/icons/icons.min.css\">\n"
           "<link rel=\"stylesheet\" href=\"/static/tnt-forms.css\">\n"
           "<link rel=\"icon\" href=\"/static/dsfr/favicon/favicon.svg\" type=\"image/svg+xml\">\n"
           "<title>";
    out += escapeHtml(layout.title);
    out += "</title>\n</head>\n<body>\n"
           "<div class=\"fr-skiplinks\"><nav class=\"fr-container\" role=\"navigation\" aria-label=\"Accès rapide\">"
           "<ul class=\"fr-skiplinks__list\"><li><a class=\"fr-link\" href=\"#contenu\">Contenu</a></li></ul></nav></div>\n"
           "<header role=\"banner\" class=\"fr-header\"><div class=\"fr-header__body\"><div class=\"fr-container\">"
           "<div class=\"fr-header__body-row\"><div class=\"fr-header__brand fr-enlarge-link\">"
           "<div class=\"fr-header__brand-top\"><div class=\"fr-header__logo\"><p class=\"fr-logo\">République"
           "<br>Française</p></div></div>"
           "<div class=\"fr-header__service\"><a href=\"";
    out += home;
    out += "\" title=\"Accueil – Transformation numérique des territoires\">"
           "<p class=\"fr-header__service-title\">Transformation numérique des territoires</p></a>"
           "<p class=\"fr-header__service-tagline\">";
    out += tagline;
    out += "</p></div></div></div></div></div></header>\n"
           "<main role=\"main\" id=\"contenu\" tabindex=\"-1\"><div class=\"fr-container fr-py-5w\">\n";
    out += main_html;
    out += "\n</div></main>\n"
           "<footer class=\"fr-footer\" role=\"contentinfo\"><div class=\"fr-container\"><div class=\"fr-footer__body\">"
           "<div class=\"fr-footer__brand\"><p class=\"fr-logo\">République<br>Française</p></div>"
           "<div class=\"fr-footer__content\"><p class=\"fr-footer__content-desc\">Programme « Transformation "
           "numérique des territoires ». Vos réponses sont conservées sur les serveurs du programme et ne sont "
           "transmises qu'à ses équipes et aux pilotes des groupes concernés.</p></div></div></div></footer>\n"
           "</body>\n</html>\n";
    return out;
}

}  // namespace tnt::pages
