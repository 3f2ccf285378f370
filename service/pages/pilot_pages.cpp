#include "service/pages/pilot_pages.h"

#include <cmath>
#include <variant>

#include "exports/bar_chart.h"
#include "exports/number_format.h"
#include "service/pages/html.h"

namespace tnt::pages {
namespace {

std::string logoutForm(const std::string& csrf_token)
{
    return "<form class=\"tnt-inline-form\" method=\"post\" action=\"/pilote/deconnexion\">"
           "<input type=\"hidden\" name=\"_csrf\" value=\"" +
           escapeHtml(csrf_token) +
           "\"><button class=\"fr-btn fr-btn--tertiary fr-btn--sm\" type=\"submit\">Se déconnecter</button></form>\n";
}

std::string plural(std::uint64_t n, const std::string& one, const std::string& many)
{
    return std::to_string(n) + " " + (n <= 1 ? one : many);
}

std::string decimal(double value, int digits)
{
    return exports::formatFixed(value, digits, ',');
}

std::string questionBlock(const exports::QuestionStatistics& q)
{
    const auto chart_id = "graphique-" + idPart(q.key);
    std::string out = "<section class=\"fr-mb-6w tnt-figures\" aria-labelledby=\"" + chart_id +
                      "-titre\"><h3 class=\"fr-h5\" id=\"" + chart_id + "-titre\">" + escapeHtml(q.label) + "</h3>\n";
    auto chart = [&](const exports::BarChart& c) {
        return "<div class=\"tnt-chart\">" + exports::renderBarChartSvg(c) + "</div>\n" +
               exports::renderBarChartTable(c);
    };
    if (const auto* choice = std::get_if<exports::ChoiceStatistics>(&q.figures)) {
        out += "<p>" + plural(choice->respondents, "répondant", "répondants") + ".</p>\n";
        out += chart(exports::barChartOf(chart_id, q.label, *choice));
    } else if (const auto* dist = std::get_if<exports::DistributionStatistics>(&q.figures)) {
        out += "<p>" + plural(dist->n, "répondant", "répondants");
        if (dist->mean) out += ", moyenne " + decimal(*dist->mean, 2) + ", médiane " + decimal(*dist->median, 1);
        out += ".</p>\n";
        if (dist->n > 0) out += chart(exports::barChartOf(chart_id, q.label, *dist));
    } else if (const auto* nps = std::get_if<exports::NpsStatistics>(&q.figures)) {
        out += "<p>" + plural(nps->distribution.n, "répondant", "répondants");
        if (nps->roundedScore) {
            out += ", score NPS " + std::to_string(*nps->roundedScore) + " (" + std::to_string(nps->promoters) +
                   " promoteurs, " + std::to_string(nps->passives) + " passifs, " + std::to_string(nps->detractors) +
                   " détracteurs)";
        }
        out += ".</p>\n";
        if (nps->distribution.n > 0) out += chart(exports::barChartOf(chart_id, q.label, nps->distribution));
    } else if (const auto* text = std::get_if<exports::TextStatistics>(&q.figures)) {
        out += "<p>" + plural(text->nonEmpty, "réponse non vide", "réponses non vides") +
               " : lisez-les dans l'export CSV.</p>\n";
    }
    out += "</section>\n";
    return out;
}

}  // namespace

std::string renderPilotLoginPage(const Site& site, const std::string& csrf_token, const std::string& error,
                                 const std::string& notice)
{
    std::string inner =
        "<div class=\"fr-grid-row fr-grid-row--center\"><div class=\"fr-col-12 fr-col-md-8 fr-col-lg-6\">\n";
    inner += "<h1>Espace des pilotes</h1>\n";
    inner +=
        "<p>Collez le jeton d'accès que l'équipe du programme vous a remis. Il est gardé par votre navigateur "
        "pour cette session, dans un cookie que les pages ne peuvent pas lire.</p>\n";
    if (!error.empty()) {
        inner +=
            "<div class=\"fr-alert fr-alert--error fr-mb-3w\" role=\"alert\"><h2 class=\"fr-alert__title\">"
            "Connexion impossible</h2><p>" +
            escapeHtml(error) + "</p></div>\n";
    } else if (!notice.empty()) {
        inner +=
            "<div class=\"fr-alert fr-alert--info fr-mb-3w\"><h2 class=\"fr-alert__title\">Session terminée</h2><p>" +
            escapeHtml(notice) + "</p></div>\n";
    }
    inner +=
        "<form method=\"post\" action=\"/pilote/connexion\" novalidate>\n"
        "<input type=\"hidden\" name=\"_csrf\" value=\"" +
        escapeHtml(csrf_token) + "\">\n";
    inner += "<div class=\"fr-input-group" + std::string(error.empty() ? "" : " fr-input-group--error") +
             "\">\n"
             "<label class=\"fr-label\" for=\"jeton\">Jeton d'accès</label>\n"
             "<p class=\"fr-hint-text tnt-hint\" id=\"jeton-aide\">Une suite de lettres et de chiffres, donnée une "
             "seule fois à sa création.</p>\n"
             "<input class=\"fr-input" +
             std::string(error.empty() ? "" : " fr-input--error") +
             "\" type=\"password\" id=\"jeton\" name=\"jeton\" autocomplete=\"off\" spellcheck=\"false\" required "
             "aria-describedby=\"jeton-aide\"" +
             (error.empty() ? "" : " aria-invalid=\"true\"") + ">\n</div>\n";
    inner += "<button class=\"fr-btn\" type=\"submit\">Se connecter</button>\n</form>\n</div></div>\n";
    return renderPage({std::string(error.empty() ? "" : "Erreur : ") + "Connexion – Espace des pilotes", true, &site},
                      inner);
}

std::string renderPilotFormsPage(const Site& site, const std::string& token_name,
                                 const std::vector<PilotFormEntry>& forms, const std::string& csrf_token)
{
    std::string inner = "<h1>Vos formulaires</h1>\n";
    inner += "<div class=\"tnt-toolbar\"><p class=\"fr-mb-0\">Connecté avec le jeton « " + escapeHtml(token_name) +
             " ».</p>" + logoutForm(csrf_token) + "</div>\n";
    if (forms.empty()) {
        inner += "<p>Ce jeton ne donne accès à aucun formulaire servi en ce moment.</p>\n";
    } else {
        inner +=
            "<div class=\"fr-table\"><table><caption>Formulaires accessibles avec ce jeton</caption><thead><tr>"
            "<th scope=\"col\">Formulaire</th><th scope=\"col\">État</th><th scope=\"col\">Réponses</th>"
            "</tr></thead><tbody>\n";
        for (const auto& entry : forms) {
            inner += "<tr><th scope=\"row\"><a href=\"/pilote/formulaires/" + escapeHtml(entry.form->slug) + "\">" +
                     escapeHtml(entry.form->title) + "</a></th><td>" + escapeHtml(entry.status) + "</td><td>" +
                     std::to_string(entry.responses) + "</td></tr>\n";
        }
        inner += "</tbody></table></div>\n";
    }
    return renderPage({"Vos formulaires – Espace des pilotes", true, &site}, inner);
}

std::string renderPilotFormPage(const Site& site, const domain::Form& form, const exports::FormStatistics& statistics,
                                const std::vector<std::string>& groups, const std::string& csrf_token)
{
    const auto api = "/api/v1/forms/" + escapeHtml(form.slug);
    std::string inner =
        "<div class=\"tnt-toolbar\"><a class=\"fr-link fr-icon-arrow-left-line fr-link--icon-left\" "
        "href=\"/pilote/formulaires\">Vos formulaires</a>" +
        logoutForm(csrf_token) + "</div>\n";
    inner += "<h1>" + escapeHtml(form.title) + "</h1>\n";
    inner += "<p class=\"fr-text--lead\">" + plural(statistics.responses, "réponse", "réponses");
    if (!groups.empty()) {
        inner += " aux groupes ";
        for (std::size_t i = 0; i < groups.size(); ++i) inner += (i ? ", " : "") + escapeHtml(groups[i]);
    }
    inner += ".</p>\n";
    // Named for what each file is for, not for its format: a pilot picks the program that will open it.
    inner +=
        "<h2>Télécharger</h2>\n<ul class=\"fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left\">\n"
        "<li><a class=\"fr-btn fr-icon-download-line fr-btn--icon-left\" href=\"" +
        api +
        "/responses.csv?dialect=excel\">Réponses (CSV pour Excel)</a></li>\n"
        "<li><a class=\"fr-btn fr-btn--secondary fr-icon-download-line fr-btn--icon-left\" href=\"" +
        api +
        "/responses.csv?dialect=rfc4180\">Réponses (CSV pour LibreOffice et les outils)</a></li>\n"
        "<li><a class=\"fr-btn fr-btn--secondary fr-icon-download-line fr-btn--icon-left\" href=\"" +
        api +
        "/stats.csv?dialect=excel\">Statistiques (CSV pour Excel)</a></li>\n"
        "<li><a class=\"fr-btn fr-btn--secondary fr-icon-download-line fr-btn--icon-left\" href=\"" +
        api + "/stats.csv?dialect=rfc4180\">Statistiques (CSV pour LibreOffice et les outils)</a></li>\n</ul>\n";
    inner += "<h2 class=\"fr-mt-4w\">Réponses par jour</h2>\n";
    if (statistics.responsesPerDay.empty()) {
        inner += "<p>Aucune réponse pour l'instant.</p>\n";
    } else {
        inner +=
            "<div class=\"fr-table tnt-figures\"><table><caption>Réponses par jour (heure de "
            "Paris)</caption><thead><tr>"
            "<th scope=\"col\">Jour</th><th scope=\"col\">Réponses</th></tr></thead><tbody>\n";
        for (const auto& day : statistics.responsesPerDay) {
            inner += "<tr><th scope=\"row\">" + escapeHtml(day.day) + "</th><td>" + std::to_string(day.count) +
                     "</td></tr>\n";
        }
        inner += "</tbody></table></div>\n";
    }
    inner += "<h2>Réponses par question</h2>\n";
    for (const auto& q : statistics.questions) inner += questionBlock(q);
    return renderPage({form.title + " – Espace des pilotes", true, &site}, inner);
}

std::string renderPilotMessagePage(const Site& site, const std::string& title, const std::string& message)
{
    std::string inner = "<h1>" + escapeHtml(title) + "</h1>\n<p>" + escapeHtml(message) +
                        "</p>\n"
                        "<p><a class=\"fr-link\" href=\"/pilote/formulaires\">Vos formulaires</a></p>\n";
    return renderPage({title + " – Espace des pilotes", true, &site}, inner);
}

}  // namespace tnt::pages
