#include "service/pages/html.h"

#include <utility>

#include "exports/bar_chart.h"
#include "service/domain/french_typography.h"

namespace tnt::pages {
namespace {

std::string footer(const Layout& layout)
{
    std::string out =
        "<footer class=\"fr-footer\" role=\"contentinfo\"><div class=\"fr-container\"><div class=\"fr-footer__body\">"
        "<div class=\"fr-footer__brand\"><p class=\"fr-logo\">République<br>Française</p></div>"
        "<div class=\"fr-footer__content\"><p class=\"fr-footer__content-desc\">Programme « Transformation "
        "numérique des territoires ». Vos réponses sont conservées sur les serveurs du programme et ne sont "
        "transmises qu'à ses équipes et aux pilotes des groupes concernés.";
    if (layout.site != nullptr) {
        const auto email = escapeHtml(layout.site->contact_email);
        out += " Site édité par " + escapeHtml(layout.site->publisher) +
               ". Pour nous écrire : <a href=\"mailto:" + email + "\">" + email + "</a>.";
    }
    out += "</p></div></div>\n<div class=\"fr-footer__bottom\"><ul class=\"fr-footer__bottom-list\">";
    std::string accessibility = "Accessibilité";
    if (layout.site != nullptr)
        accessibility += " : " + std::string(accessibilityStatusText(layout.site->accessibility));
    const std::pair<const char*, std::string> links[] = {{kAccessibilityPath, accessibility},
                                                         {kLegalNoticePath, "Mentions légales"},
                                                         {kPersonalDataPath, "Données personnelles"},
                                                         {kCookiesPath, "Gestion des cookies"}};
    for (const auto& [path, text] : links) {
        out += "<li class=\"fr-footer__bottom-item\"><a class=\"fr-footer__bottom-link\" href=\"" + std::string(path) +
               "\">" + text + "</a></li>";
    }
    out += "</ul></div></div></footer>\n";
    return out;
}

}  // namespace

std::string withFrenchSpacing(std::string_view html)
{
    static constexpr std::string_view textarea_open = "<textarea";
    static constexpr std::string_view textarea_close = "</textarea>";
    std::string out;
    out.reserve(html.size() + 256);
    std::size_t i = 0;
    while (i < html.size()) {
        const auto tag = html.find('<', i);
        out += domain::frenchSpacing(html.substr(i, tag == std::string_view::npos ? std::string_view::npos : tag - i));
        if (tag == std::string_view::npos) break;
        // Attribute values never hold a raw '>': escapeHtml writes &gt;.
        std::size_t end = html.find('>', tag);
        end = end == std::string_view::npos ? html.size() : end + 1;
        if (html.substr(tag, textarea_open.size()) == textarea_open) {
            const auto close = html.find(textarea_close, end);
            end = close == std::string_view::npos ? html.size() : close + textarea_close.size();
        }
        out += html.substr(tag, end - tag);
        i = end;
    }
    return out;
}

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
        const bool plain =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
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
    out +=
        "<!doctype html>\n<html lang=\"fr\" data-fr-scheme=\"light\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"format-detection\" content=\"telephone=no\">\n"
        "<link rel=\"stylesheet\" href=\"/static/dsfr/dsfr.min.css\">\n"
        "<link rel=\"stylesheet\" href=\"/static/dsfr/utility/icons/icons.min.css\">\n"
        "<link rel=\"stylesheet\" href=\"/static/tnt-forms.css\">\n"
        "<link rel=\"icon\" href=\"/static/dsfr/favicon/favicon.svg\" type=\"image/svg+xml\">\n"
        "<title>";
    out += escapeHtml(layout.title);
    out +=
        "</title>\n</head>\n<body>\n"
        "<div class=\"fr-skiplinks\"><nav class=\"fr-container\" role=\"navigation\" aria-label=\"Accès rapide\">"
        "<ul class=\"fr-skiplinks__list\"><li><a class=\"fr-link\" "
        "href=\"#contenu\">Contenu</a></li></ul></nav></div>\n"
        "<header role=\"banner\" class=\"fr-header\"><div class=\"fr-header__body\"><div class=\"fr-container\">"
        "<div class=\"fr-header__body-row\"><div class=\"fr-header__brand fr-enlarge-link\">"
        "<div class=\"fr-header__brand-top\"><div class=\"fr-header__logo\"><p class=\"fr-logo\">République"
        "<br>Française</p></div></div>"
        "<div class=\"fr-header__service\"><a href=\"";
    out += home;
    out +=
        "\" title=\"Accueil – Transformation numérique des territoires\">"
        "<p class=\"fr-header__service-title\">Transformation numérique des territoires</p></a>"
        "<p class=\"fr-header__service-tagline\">";
    out += tagline;
    out +=
        "</p></div></div></div></div></div></header>\n"
        "<main role=\"main\" id=\"contenu\" tabindex=\"-1\"><div class=\"fr-container fr-py-5w\">\n";
    out += main_html;
    out += "\n</div></main>\n";
    out += footer(layout);
    out += "</body>\n</html>\n";
    return withFrenchSpacing(out);
}

std::string narrowColumn(const std::string& inner)
{
    return "<div class=\"fr-grid-row fr-grid-row--center\"><div class=\"fr-col-12 fr-col-md-10 fr-col-lg-8\">\n" +
           inner + "</div></div>\n";
}

}  // namespace tnt::pages
