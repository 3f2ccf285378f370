#include "service/pages/legal_pages.h"

#include "service/pages/html.h"

namespace tnt::pages {
namespace {

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
nlohmann::json groupPilots(const domain::GroupCatalogue& catalogue)
{
    nlohmann::json groups = nlohmann::json::array();
    for (const auto& group : catalogue.groups) {
        std::string copilots;
        for (std::size_t i = 0; i < group.copilots.size(); ++i) copilots += (i ? ", " : "") + group.copilots[i];
        groups.push_back({{"name", group.code + " – " + group.name}, {"copilots", copilots}});
    }
    return groups;
}

nlohmann::json formSection(const domain::Form& form, const domain::GroupCatalogue* catalogue)
{
    const bool groups = form.groupsQuestion() != nullptr && catalogue != nullptr;
    return {{"anchor", idPart(form.slug)},
            {"title", form.title},
            {"purpose", form.description},
            {"has_groups", groups},
            {"groups", groups ? groupPilots(*catalogue) : nlohmann::json::array()},
            {"retention", form.retention_days > 0 ? retentionText(form.retention_days) : std::string()}};
}

std::string page(const Views& views, const char* name, const std::string& title,
                 nlohmann::json view = nlohmann::json::object())
{
    return views.page(name, {title + " – Transformation numérique des territoires", false}, std::move(view));
}

}  // namespace

std::string renderAccessibilityPage(const Views& views)
{
    return page(views, "accessibility", "Déclaration d'accessibilité",
                {{"fully_compliant", views.site().accessibility == AccessibilityStatus::totalement_conforme}});
}

std::string renderLegalNoticePage(const Views& views)
{
    const auto& site = views.site();
    return page(views, "legal_notice", "Mentions légales",
                {{"operator",
                  {{"publisher_address", site.publisher_address},
                   {"publication_director", site.publication_director},
                   {"host", site.host}}}});
}

std::string renderPersonalDataPage(const Views& views, const std::vector<domain::Form>& forms,
                                   const domain::GroupCatalogue* catalogue, const std::string& cookie_name)
{
    nlohmann::json sections = nlohmann::json::array();
    for (const auto& form : forms) sections.push_back(formSection(form, catalogue));
    return page(views, "personal_data", "Données personnelles",
                {{"forms", std::move(sections)}, {"cookie_name", cookie_name}});
}

std::string renderCookiesPage(const Views& views, const std::string& session_cookie, const std::string& login_cookie)
{
    return page(views, "cookies", "Gestion des cookies",
                {{"session_cookie", session_cookie}, {"login_cookie", login_cookie}});
}

}  // namespace tnt::pages
