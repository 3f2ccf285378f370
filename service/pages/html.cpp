#include "service/pages/html.h"

#include "exports/bar_chart.h"
#include "service/domain/french_typography.h"

namespace tnt::pages {

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

}  // namespace tnt::pages
