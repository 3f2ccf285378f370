#include "service/pages/receipt_pages.h"

#include "service/pages/html.h"

namespace tnt::pages {
namespace {

std::string alert(const char* kind, const std::string& title, const std::string& text_html)
{
    return std::string("<div class=\"fr-alert fr-alert--") + kind + " fr-mb-4w\"><h2 class=\"fr-alert__title\">" +
           escapeHtml(title) + "</h2><p>" + text_html + "</p></div>\n";
}

}  // namespace

std::string formatResponseNumber(const std::string& public_id)
{
    std::string out;
    for (std::size_t i = 0; i < public_id.size(); ++i) {
        if (i > 0 && i % 4 == 0) out += '-';
        out += public_id[i];
    }
    return out;
}

std::string renderReceiptPage(const Site& site, const domain::Form& form, const ReceiptView& receipt)
{
    std::string inner = "<h1>" + escapeHtml(form.title) + "</h1>\n";
    inner += alert("success", "Vos réponses sont enregistrées",
                   "Envoyées le " + escapeHtml(receipt.submitted_at) +
                       ". Numéro de votre réponse : <strong class=\"tnt-receipt-id\">" +
                       escapeHtml(formatResponseNumber(receipt.number)) +
                       "</strong>. Gardez-le si vous nous écrivez à son sujet, à <a class=\"fr-link\" href=\"mailto:" +
                       escapeHtml(site.contact_email) + "\">" + escapeHtml(site.contact_email) + "</a>.");
    if (!receipt.groups.empty()) {
        inner += std::string("<p>") +
                 (receipt.groups.size() > 1 ? "Vous êtes inscrit aux groupes suivants :"
                                            : "Vous êtes inscrit au groupe suivant :") +
                 "</p>\n<ul>\n";
        for (const auto& name : receipt.groups) inner += "<li>" + escapeHtml(name) + "</li>\n";
        inner += "</ul>\n";
    }
    if (!form.confirmation.empty()) inner += "<p>" + escapeHtml(form.confirmation) + "</p>\n";
    inner +=
        "<p>Cette page a une adresse personnelle : gardez-la (dans vos favoris par exemple) sans la partager. "
        "Elle seule permet de retrouver ce récapitulatif et de <a class=\"fr-link\" href=\"" +
        escapeHtml(receipt.deletion_path) + "\">supprimer votre réponse</a> à tout moment.</p>\n";
    inner += kBackHomeLink;
    return renderPage({"Réponses enregistrées – " + form.title, false, &site}, narrowColumn(inner));
}

std::string renderDeletionConfirmPage(const Site& site, const domain::Form& form, const std::string& public_id,
                                      const std::string& action_path)
{
    std::string inner = "<h1>Supprimer votre réponse</h1>\n";
    inner += "<p>Vous allez supprimer définitivement votre réponse n° <strong class=\"tnt-receipt-id\">" +
             escapeHtml(formatResponseNumber(public_id)) + "</strong> au formulaire « " + escapeHtml(form.title) +
             " », avec votre éventuelle inscription aux groupes. Cette action ne peut pas être annulée.</p>\n";
    inner += "<form method=\"post\" action=\"" + escapeHtml(action_path) +
             "\">\n"
             "<button class=\"fr-btn fr-btn--secondary fr-icon-delete-line fr-btn--icon-left\" type=\"submit\">"
             "Supprimer ma réponse</button>\n</form>\n";
    inner +=
        "<p class=\"fr-mt-4w\"><a class=\"fr-link\" href=\"/\">Conserver ma réponse et revenir aux "
        "formulaires</a></p>\n";
    return renderPage({"Supprimer votre réponse – " + form.title, false, &site}, narrowColumn(inner));
}

std::string renderDeletedPage(const Site& site, const domain::Form& form)
{
    std::string inner = "<h1>" + escapeHtml(form.title) + "</h1>\n";
    inner += alert("success", "Réponse supprimée",
                   "Votre réponse a été supprimée définitivement, avec votre éventuelle inscription aux groupes.");
    inner += kBackHomeLink;
    return renderPage({"Réponse supprimée – " + form.title, false, &site}, narrowColumn(inner));
}

std::string renderReceiptDeletedPage(const Site& site, const domain::Form& form)
{
    std::string inner = "<h1>" + escapeHtml(form.title) + "</h1>\n";
    inner += alert("info", "Réponse déjà supprimée",
                   "La réponse de ce lien a été supprimée à votre demande : il n'en reste rien.");
    inner += kBackHomeLink;
    return renderPage({"Réponse supprimée – " + form.title, false, &site}, narrowColumn(inner));
}

std::string renderReceiptUnknownPage(const Site& site, const domain::Form& form)
{
    std::string inner = "<h1>" + escapeHtml(form.title) + "</h1>\n";
    inner += alert("warning", "Lien sans réponse",
                   "Aucune réponse ne correspond à ce lien. Vérifiez qu'il est complet, tel que vous l'avez reçu. "
                   "Une réponse est aussi supprimée à la fin de sa durée de conservation.");
    inner += kBackHomeLink;
    return renderPage({"Lien sans réponse – " + form.title, false, &site}, narrowColumn(inner));
}

}  // namespace tnt::pages
