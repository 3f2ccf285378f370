#include "service/pages/public_pages.h"

#include "service/pages/html.h"

namespace tnt::pages {
std::string renderIndexPage(const Site& site, const std::vector<IndexEntry>& open_forms,
                            const std::vector<UpcomingEntry>& upcoming_forms)
{
    std::string inner = "<h1>Formulaires ouverts</h1>\n";
    if (open_forms.empty()) {
        inner += "<p>Aucun formulaire n'est ouvert en ce moment.</p>\n";
    } else {
        inner += "<ul class=\"fr-raw-list\">\n";
        for (const auto& entry : open_forms) {
            inner +=
                "<li class=\"fr-mb-3w\"><div class=\"fr-card fr-enlarge-link\"><div class=\"fr-card__body\">"
                "<div class=\"fr-card__content\"><h2 class=\"fr-card__title\"><a href=\"/f/" +
                escapeHtml(entry.form->slug) + "\">" + escapeHtml(entry.form->title) + "</a></h2>";
            inner += "<p class=\"fr-card__desc\">" + escapeHtml(entry.form->description) + "</p>";
            if (!entry.until.empty()) {
                inner += "<div class=\"fr-card__end\"><p class=\"fr-card__detail\">Ouvert jusqu'au " +
                         escapeHtml(entry.until) + "</p></div>";
            }
            inner += "</div></div></div></li>\n";
        }
        inner += "</ul>\n";
    }
    if (!upcoming_forms.empty()) {
        inner += "<h2 class=\"fr-mt-4w\">Bientôt</h2>\n<ul class=\"fr-raw-list\">\n";
        for (const auto& entry : upcoming_forms) {
            inner +=
                "<li class=\"fr-mb-3w\"><div class=\"fr-card\"><div class=\"fr-card__body\">"
                "<div class=\"fr-card__content\"><h3 class=\"fr-card__title\">" +
                escapeHtml(entry.form->title) + "</h3><p class=\"fr-card__desc\">" +
                escapeHtml(entry.form->description) +
                "</p><div class=\"fr-card__end\"><p class=\"fr-card__detail\">Ouvrira le " + escapeHtml(entry.opens) +
                "</p></div></div></div></div></li>\n";
        }
        inner += "</ul>\n";
    }
    return renderPage({"Formulaires ouverts – Transformation numérique des territoires", false, &site},
                      narrowColumn(inner));
}

std::string renderClosedPage(const Site& site, const domain::Form& form, const std::string& since)
{
    std::string inner = "<h1>" + escapeHtml(form.title) + "</h1>\n";
    inner +=
        "<div class=\"fr-alert fr-alert--info fr-mb-4w\"><h2 class=\"fr-alert__title\">Formulaire clos</h2><p>"
        "Ce formulaire est clos depuis le " +
        escapeHtml(since) + ".</p></div>\n";
    inner += "<p>Il n'accepte plus de réponse. Merci de votre intérêt.</p>\n";
    inner += kBackHomeLink;
    return renderPage({"Formulaire clos – " + form.title, false, &site}, narrowColumn(inner));
}

std::string renderNotOpenPage(const Site& site, const domain::Form& form, const std::string& opens)
{
    std::string inner = "<h1>" + escapeHtml(form.title) + "</h1>\n";
    inner +=
        "<div class=\"fr-alert fr-alert--info fr-mb-4w\"><h2 class=\"fr-alert__title\">Formulaire pas encore "
        "ouvert</h2><p>Ce formulaire ouvrira le " +
        escapeHtml(opens) + ".</p></div>\n";
    inner += kBackHomeLink;
    return renderPage({"Formulaire pas encore ouvert – " + form.title, false, &site}, narrowColumn(inner));
}

std::string renderMessagePage(const Site& site, const std::string& title, const std::string& message)
{
    std::string inner = "<h1>" + escapeHtml(title) + "</h1>\n<p>" + escapeHtml(message) + "</p>\n";
    inner += kBackHomeLink;
    return renderPage({title + " – Transformation numérique des territoires", false, &site}, narrowColumn(inner));
}

}  // namespace tnt::pages
