// What every page is written with: the operator named in the footer and the legal pages (Site), and the page
// templates — forms/pages/ by default, `serve --templates DIR` to restyle without a build — loaded and checked
// at start-up by templating::TemplateSet. Each page's code builds a view model (JSON, from the domain) and
// renders it here; `{{value}}` is escaped by the one HTML escaping of the service (escapeHtml).
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "service/pages/site.h"
#include "service/templating/template_set.h"

namespace tnt::pages {

struct Layout {
    std::string title;  // the <title>: says the page and whether it has errors
    bool pilot_area = false;  // the dashboard: its name in the header, its home link
};

class Views {
public:
    // The templates the service renders; a folder without one of them does not load.
    static const std::vector<std::string>& pageNames();
    // The loading rules of a page folder (required templates, escaping, the one template allowed raw markup).
    static templating::LoadOptions templateOptions();
    // Throws templating::TemplateError with every problem of the folder (file and line).
    static Views load(Site site, const std::string& templates_dir);
    // The folder's problems, one a line; empty when it loads (`tnt-forms templates check`).
    static std::vector<std::string> check(const std::string& templates_dir);

    const Site& site() const { return site_; }

    // The page `name` from `view`, to which are added "page" (title, home link, tagline) and "site" (the
    // operator). French spacing (domain::frenchSpacing) is applied to every text of the document, here once,
    // so no page can forget it; the content of a <textarea> is a respondent's answer and is left as typed.
    std::string page(const std::string& name, const Layout& layout, nlohmann::json view) const;

    // A page that many requests render identically (a form as it first shows, with placeholders where the
    // request's own tokens go): rendered once per key by `render`, then copied. Thread-safe; at most
    // kCachedPages keys are kept (the oldest half is dropped beyond).
    static constexpr std::size_t kCachedPages = 64;
    std::string cachedPage(const std::string& key, const std::function<std::string()>& render) const;

    Views(Views&&) noexcept;
    Views& operator=(Views&&) noexcept;
    ~Views();

private:
    struct Cache;
    Views(Site site, templating::TemplateSet templates);
    Site site_;
    templating::TemplateSet templates_;
    std::unique_ptr<Cache> cache_;
};

}  // namespace tnt::pages
