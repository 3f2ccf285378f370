#include "service/pages/legal_pages.h"

#include "service/pages/html.h"

namespace tnt::pages {
namespace {

std::string mailLink(const Site& site)
{
    const auto email = escapeHtml(site.contact_email);
    return "<a href=\"mailto:" + email + "\">" + email + "</a>";
}

std::string page(const Site& site, const std::string& title, const std::string& inner)
{
    return renderPage({title + " – Transformation numérique des territoires", false, &site},
                      narrowColumn("<h1>" + escapeHtml(title) + "</h1>\n" + inner));
}

// "1095 jours (3 ans)", "90 jours".
std::string retentionText(int days)
{
    std::string text = std::to_string(days) + (days == 1 ? " jour" : " jours");
    if (days >= 365 && days % 365 == 0) {
        const int years = days / 365;
        text += " (" + std::to_string(years) + (years == 1 ? " an)" : " ans)");
    }
    return text;
}

// The project groups and their copilots, who receive the registrations to their group.
std::string groupPilots(const domain::GroupCatalogue& catalogue)
{
    std::string list = "<ul>\n";
    for (const auto& group : catalogue.groups) {
        list += "<li>" + escapeHtml(group.code + " – " + group.name);
        if (!group.copilots.empty()) {
            list += " (copilotes : ";
            for (std::size_t i = 0; i < group.copilots.size(); ++i)
                list += (i ? ", " : "") + escapeHtml(group.copilots[i]);
            list += ")";
        }
        list += "</li>\n";
    }
    return list + "</ul>\n";
}

std::string formSection(const domain::Form& form, const domain::GroupCatalogue* catalogue)
{
    std::string out = "<section class=\"fr-mb-4w\" aria-labelledby=\"donnees-" + idPart(form.slug) +
                      "\">\n<h3 id=\"donnees-" + idPart(form.slug) + "\">" + escapeHtml(form.title) + "</h3>\n";
    if (!form.description.empty()) out += "<p><strong>Finalité :</strong> " + escapeHtml(form.description) + "</p>\n";
    const bool groups = form.groupsQuestion() != nullptr && catalogue != nullptr;
    out +=
        "<p><strong>Destinataires :</strong> l'équipe du programme et les pilotes à qui elle a donné accès à ce "
        "formulaire";
    out += groups ? " ; chaque inscription à un groupe projet est aussi transmise aux pilotes de ce groupe :</p>\n" +
                        groupPilots(*catalogue)
                  : ".</p>\n";
    out += "<p><strong>Durée de conservation :</strong> ";
    out += form.retention_days > 0
               ? "les réponses sont supprimées " + retentionText(form.retention_days) + " après leur envoi."
               : "les réponses sont conservées jusqu'à leur suppression par l'équipe du programme, au plus tard à la "
                 "fin du programme.";
    out += "</p>\n</section>\n";
    return out;
}

}  // namespace

std::string renderAccessibilityPage(const Site& site)
{
    const std::string status(accessibilityStatusText(site.accessibility));
    std::string inner;
    inner += "<p>" + escapeHtml(site.publisher) +
             " s'engage à rendre ses sites internet accessibles conformément à "
             "l'article 47 de la loi n° 2005-102 du 11 février 2005. Cette déclaration d'accessibilité s'applique au "
             "service de formulaires du programme « Transformation numérique des territoires ».</p>\n";
    inner += "<h2>État de conformité</h2>\n<p>Ce site est <strong>" + status +
             "</strong> au référentiel général d'amélioration de l'accessibilité (RGAA), version 4.1.";
    if (site.accessibility != AccessibilityStatus::totalement_conforme) {
        inner +=
            " Aucun audit complet n'a encore établi son taux de conformité ; les pages sont testées "
            "automatiquement et à la main (clavier seul, sans JavaScript, lecteur d'écran).";
    }
    inner += "</p>\n";
    inner +=
        "<h2>Retour d'information et contact</h2>\n<p>Si vous n'arrivez pas à accéder à un contenu ou à un "
        "service, écrivez-nous à " +
        mailLink(site) + " : nous vous indiquerons une autre façon d'y accéder ou de répondre.</p>\n";
    inner +=
        "<h2>Voies de recours</h2>\n<p>Si vous nous avez signalé un défaut d'accessibilité qui vous empêche "
        "d'accéder à un contenu ou à un service et que vous n'avez pas obtenu de réponse satisfaisante, vous "
        "pouvez écrire au Défenseur des droits (<a href=\"https://formulaire.defenseurdesdroits.fr/\">formulaire "
        "en ligne</a>), contacter son délégué dans votre région, ou écrire par courrier, gratuitement et sans "
        "affranchissement, à : Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.</p>\n";
    return page(site, "Déclaration d'accessibilité", inner);
}

std::string renderLegalNoticePage(const Site& site)
{
    std::string inner;
    inner += "<h2>Éditeur</h2>\n<p>" + escapeHtml(site.publisher);
    if (!site.publisher_address.empty()) inner += "<br>" + escapeHtml(site.publisher_address);
    inner += "</p>\n";
    inner += "<h2>Directeur de la publication</h2>\n<p>" + escapeHtml(site.publication_director) + "</p>\n";
    inner += "<h2>Nous écrire</h2>\n<p>" + mailLink(site) + "</p>\n";
    inner += "<h2>Hébergement</h2>\n<p>" + escapeHtml(site.host) + "</p>\n";
    inner += "<h2>Accessibilité</h2>\n<p>Ce site est " + std::string(accessibilityStatusText(site.accessibility)) +
             " au RGAA : voyez la <a href=\"" + std::string(kAccessibilityPath) +
             "\">déclaration d'accessibilité</a>.</p>\n";
    inner += "<h2>Données personnelles et cookies</h2>\n<p>Voyez les pages <a href=\"" +
             std::string(kPersonalDataPath) + "\">Données personnelles</a> et <a href=\"" + std::string(kCookiesPath) +
             "\">Gestion des cookies</a>.</p>\n";
    return page(site, "Mentions légales", inner);
}

std::string renderPersonalDataPage(const Site& site, const std::vector<domain::Form>& forms,
                                   const domain::GroupCatalogue* catalogue, const std::string& cookie_name)
{
    std::string inner;
    inner += "<p>Responsable du traitement des réponses : " + escapeHtml(site.publisher) +
             ". Les réponses sont enregistrées dans la base de données du programme, sur ses propres serveurs ; "
             "elles ne sont ni vendues, ni cédées, ni utilisées à d'autres fins que celles indiquées ci-dessous.</p>\n";
    inner += "<h2>Formulaire par formulaire</h2>\n";
    if (forms.empty()) inner += "<p>Aucun formulaire n'est servi en ce moment.</p>\n";
    for (const auto& form : forms) inner += formSection(form, catalogue);
    inner +=
        "<h2>Supprimer votre réponse</h2>\n<p>Après l'envoi, la page de confirmation vous donne un lien personnel "
        "« supprimer ma réponse » : gardez-le ; il supprime votre réponse et vos inscriptions, à tout moment et "
        "définitivement. Si vous l'avez perdu, écrivez-nous à " +
        mailLink(site) + " en indiquant le numéro de votre réponse.</p>\n";
    inner +=
        "<h2>Vos droits</h2>\n<p>Vous pouvez accéder aux données qui vous concernent, les faire rectifier ou "
        "effacer, et vous opposer à leur traitement, en écrivant à " +
        mailLink(site) +
        ". Si vous estimez, après nous avoir contactés, que vos droits ne sont pas respectés, vous pouvez "
        "adresser une réclamation à la CNIL (<a href=\"https://www.cnil.fr/fr/plaintes\">cnil.fr</a>).</p>\n";
    inner += "<h2>Cookies</h2>\n<p>Le seul cookie du service est celui de la session des pilotes (« " +
             escapeHtml(cookie_name) + " ») : voyez la page <a href=\"" + std::string(kCookiesPath) +
             "\">Gestion des cookies</a>.</p>\n";
    return page(site, "Données personnelles", inner);
}

std::string renderCookiesPage(const Site& site, const std::string& session_cookie, const std::string& login_cookie)
{
    std::string inner;
    inner +=
        "<p>Ce site ne dépose aucun cookie de mesure d'audience, de publicité ou de réseau social, et ne "
        "vous suit pas d'une page à l'autre. Répondre à un formulaire ne dépose aucun cookie.</p>\n";
    inner +=
        "<div class=\"fr-table\"><table><caption>Les deux seuls cookies du service, ceux de l'espace des "
        "pilotes</caption><thead><tr>"
        "<th scope=\"col\">Nom</th><th scope=\"col\">Finalité</th><th scope=\"col\">Durée</th></tr></thead><tbody>\n"
        "<tr><th scope=\"row\">" +
        escapeHtml(login_cookie) +
        "</th><td>Protéger le formulaire de connexion des pilotes : un autre site ne peut pas connecter votre "
        "navigateur à sa place. Déposé seulement en ouvrant la page de connexion ; une valeur au hasard, "
        "illisible par les pages (HttpOnly).</td><td>24 heures.</td></tr>\n"
        "<tr><th scope=\"row\">" +
        escapeHtml(session_cookie) +
        "</th><td>Garder la connexion d'un pilote à son espace : un numéro de session tiré au hasard (jamais le "
        "jeton d'accès). Déposé seulement quand un pilote se connecte ; illisible par les pages (HttpOnly), "
        "jamais envoyé à un autre site (SameSite=Strict).</td><td>Jusqu'à la déconnexion, la fermeture du "
        "navigateur, une heure sans activité ou douze heures au plus.</td></tr>\n"
        "</tbody></table></div>\n";
    inner +=
        "<p>Ces cookies sont strictement nécessaires au service demandé par le pilote : ils n'exigent pas de "
        "consentement et aucun bandeau ne vous le demande. Pour toute question, écrivez-nous à " +
        mailLink(site) + ".</p>\n";
    return page(site, "Gestion des cookies", inner);
}

}  // namespace tnt::pages
