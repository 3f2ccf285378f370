#include "service/pages/deletion_pages.h"

#include "service/pages/html.h"

namespace tnt::pages {
namespace {

std::string narrow(const std::string& inner)
{
    return "<div class=\"fr-grid-row fr-grid-row--center\"><div class=\"fr-col-12 fr-col-md-10 fr-col-lg-8\">\n" + inner +
           "</div></div>\n";
}

}  // namespace

std::string renderDeletionConfirmPage(const domain::Form& form, const std::string& response_id,
                                      const std::string& action_path)
{
    std::string inner = "<h1>Supprimer votre réponse</h1>\n";
    inner += "<p>Vous allez supprimer définitivement votre réponse n° <strong>" + escapeHtml(response_id) +
             "</strong> au formulaire « " + escapeHtml(form.title) +
             " », avec votre éventuelle inscription aux groupes. Cette action ne peut pas être annulée.</p>\n";
    inner += "<form method=\"post\" action=\"" + escapeHtml(action_path) + "\">\n"
             "<button class=\"fr-btn fr-btn--secondary fr-icon-delete-line fr-btn--icon-left\" type=\"submit\">"
             "Supprimer ma réponse</button>\n</form>\n";
    inner += "<p class=\"fr-mt-4w\"><a class=\"fr-link\" href=\"/\">Conserver ma réponse et revenir aux formulaires</a></p>\n";
    return renderPage({"Supprimer votre réponse – " + form.title, false}, narrow(inner));
}

std::string renderDeletedPage(const domain::Form& form, bool was_there)
{
    std::string inner = "<h1>" + escapeHtml(form.title) + "</h1>\n";
    inner += "<div class=\"fr-alert fr-alert--success fr-mb-4w\"><h2 class=\"fr-alert__title\">Réponse supprimée</h2><p>";
    inner += was_there ? "Votre réponse a été supprimée définitivement."
                       : "Cette réponse avait déjà été supprimée : il n'en reste rien.";
    inner += "</p></div>\n<p class=\"fr-mt-4w\"><a class=\"fr-link\" href=\"/\">Voir les formulaires ouverts</a></p>\n";
    return renderPage({"Réponse supprimée – " + form.title, false}, narrow(inner));
}

}  // namespace tnt::pages
