#include "service/pages/views.h"

#include <deque>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

#include "service/pages/html.h"

namespace tnt::pages {

struct Views::Cache {
    std::shared_mutex mutex;
    std::unordered_map<std::string, std::string> pages;
    std::deque<std::string> order;  // keys, oldest first
};

Views::Views(Site site, templating::TemplateSet templates)
    : site_(std::move(site)), templates_(std::move(templates)), cache_(std::make_unique<Cache>())
{
}
Views::Views(Views&&) noexcept = default;
Views& Views::operator=(Views&&) noexcept = default;
Views::~Views() = default;

std::string Views::cachedPage(const std::string& key, const std::function<std::string()>& render) const
{
    {
        const std::shared_lock lock(cache_->mutex);
        if (const auto it = cache_->pages.find(key); it != cache_->pages.end()) return it->second;
    }
    auto page = render();  // outside the lock: two first requests may both render, one keeps its copy
    const std::unique_lock lock(cache_->mutex);
    if (cache_->pages.emplace(key, page).second) {
        cache_->order.push_back(key);
        if (cache_->order.size() > kCachedPages) {
            while (cache_->order.size() > kCachedPages / 2) {
                cache_->pages.erase(cache_->order.front());
                cache_->order.pop_front();
            }
        }
    }
    return page;
}

const std::vector<std::string>& Views::pageNames()
{
    static const std::vector<std::string> names{"index",
                                                "form",
                                                "form_closed",
                                                "form_not_open",
                                                "message",
                                                "receipt",
                                                "receipt_gone",
                                                "delete_confirm",
                                                "pilot_login",
                                                "pilot_forms",
                                                "pilot_form",
                                                "pilot_message",
                                                "accessibility",
                                                "legal_notice",
                                                "personal_data",
                                                "cookies",
                                                "offer",
                                                "pilot_release_confirm",
                                                "pilot_registrants",
                                                "pilot_texts",
                                                "draft_saved",
                                                "pilot_participation",
                                                "unsubscribe"};
    return names;
}

templating::LoadOptions Views::templateOptions()
{
    templating::LoadOptions options;
    options.escape = [](const std::string& text) { return escapeHtml(text); };
    // The SVG chart and its table are built by exports/bar_chart from escaped values: the one raw insertion.
    options.raw_allowed = {"partials/chart"};
    options.required = pageNames();
    return options;
}

Views Views::load(Site site, const std::string& templates_dir)
{
    return Views(std::move(site), templating::TemplateSet::load(templates_dir, templateOptions()));
}

std::vector<std::string> Views::check(const std::string& templates_dir)
{
    return templating::TemplateSet::check(templates_dir, templateOptions());
}

std::string Views::page(const std::string& name, const Layout& layout, nlohmann::json view) const
{
    view["page"] = {{"title", layout.title},
                    {"home", layout.pilot_area ? "/pilote/formulaires" : "/"},
                    {"tagline", layout.pilot_area ? "Espace des pilotes" : "Formulaires et inscriptions"}};
    view["site"] = {{"publisher", site_.publisher},
                    {"contact_email", site_.contact_email},
                    {"accessibility", std::string(accessibilityStatusText(site_.accessibility))}};
    view["links"] = {{"accessibility", kAccessibilityPath},
                     {"legal_notice", kLegalNoticePath},
                     {"personal_data", kPersonalDataPath},
                     {"cookies", kCookiesPath}};
    return withFrenchSpacing(templates_.render(name, view));
}

}  // namespace tnt::pages
