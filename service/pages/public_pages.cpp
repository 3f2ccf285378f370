#include "service/pages/public_pages.h"

namespace tnt::pages {
namespace {

nlohmann::json formView(const domain::Form& form)
{
    return {{"title", form.title}, {"description", form.description}, {"slug", form.slug}};
}

}  // namespace

std::string renderIndexPage(const Views& views, const std::vector<IndexEntry>& open_forms,
                            const std::vector<UpcomingEntry>& upcoming_forms)
{
    // The same for every visitor until a form opens or closes: rendered once per list of forms.
    std::string key = "index";
    for (const auto& entry : open_forms) key += '\n' + entry.form->slug + ' ' + entry.form->version + ' ' + entry.until;
    key += "\n-";
    for (const auto& entry : upcoming_forms) {
        key += '\n' + entry.form->slug + ' ' + entry.form->version + ' ' + entry.opens;
    }
    return views.cachedPage(key, [&] {
        nlohmann::json open = nlohmann::json::array();
        for (const auto& entry : open_forms) {
            auto item = formView(*entry.form);
            item["until"] = entry.until;
            open.push_back(std::move(item));
        }
        nlohmann::json upcoming = nlohmann::json::array();
        for (const auto& entry : upcoming_forms) {
            auto item = formView(*entry.form);
            item["opens"] = entry.opens;
            upcoming.push_back(std::move(item));
        }
        return views.page("index", {"Formulaires ouverts – Transformation numérique des territoires", false},
                          {{"has_open", !open.empty()},
                           {"open", std::move(open)},
                           {"has_upcoming", !upcoming.empty()},
                           {"upcoming", std::move(upcoming)}});
    });
}

std::string renderClosedPage(const Views& views, const domain::Form& form, const std::string& since)
{
    return views.page("form_closed", {"Formulaire clos – " + form.title, false},
                      {{"form", formView(form)}, {"since", since}});
}

std::string renderNotOpenPage(const Views& views, const domain::Form& form, const std::string& opens)
{
    return views.page("form_not_open", {"Formulaire pas encore ouvert – " + form.title, false},
                      {{"form", formView(form)}, {"opens", opens}});
}

std::string renderMessagePage(const Views& views, const std::string& title, const std::string& message)
{
    return views.page("message", {title + " – Transformation numérique des territoires", false},
                      {{"message", {{"title", title}, {"text", message}}}});
}

std::string renderUnsubscribePage(const Views& views, const domain::Form& form, const std::string& action)
{
    return views.page("unsubscribe", {"Ne plus recevoir de relance – " + form.title, false},
                      {{"form", {{"title", form.title}}}, {"action", action}});
}

std::string renderDraftSavedPage(const Views& views, const domain::Form& form, const DraftSaved& saved)
{
    const auto title = std::string(saved.error.empty() ? "" : "Erreur : ") + "Réponses enregistrées – " + form.title;
    return views.page("draft_saved", {title, false},
                      {{"form", {{"title", form.title}, {"slug", form.slug}}},
                       {"draft",
                        {{"path", saved.path},
                         {"url", saved.url},
                         {"expires_at", saved.expires_at},
                         {"mailed", saved.mailed},
                         {"can_mail", saved.can_mail},
                         {"mail_path", saved.mail_path},
                         {"csrf", saved.csrf},
                         {"email", saved.email},
                         {"error", saved.error}}}});
}

}  // namespace tnt::pages
