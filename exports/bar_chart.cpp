#include "exports/bar_chart.h"

#include <algorithm>

#include "exports/number_format.h"

namespace tnt::exports {

namespace {

// Geometry in SVG user units; the viewBox scales to the container, and at 360 units wide the 14-unit text
// stays about 14 px on a 375 px phone screen.
constexpr int chartWidth = 360;
constexpr int margin = 8;
constexpr int valueRoom = 96;  // "1234 (100 %)" right of the longest bar
constexpr int barMaxWidth = chartWidth - 2 * margin - valueRoom;
constexpr int lineHeight = 18;
constexpr int barHeight = 20;
constexpr int blockGap = 12;
constexpr std::size_t wrapAt = 44;  // code points per label line at 14 px in 344 units

constexpr std::string_view noBreakSpace = "\xC2\xA0";
constexpr std::string_view barColour = "#000091";  // DSFR blue-france-sun-113, 15:1 contrast on white
constexpr std::string_view textColour = "#161616";

std::size_t codePoints(std::string_view text)
{
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// Greedy word wrap; a word longer than a line gets a line of its own rather than being cut.
std::vector<std::string> wrapLabel(std::string_view label)
{
    std::vector<std::string> lines;
    std::string line;
    std::size_t lineLength = 0;
    std::size_t at = 0;
    while (at < label.size()) {
        const std::size_t space = label.find(' ', at);
        const std::string_view word = label.substr(at, space == std::string_view::npos ? label.npos : space - at);
        at = space == std::string_view::npos ? label.size() : space + 1;
        if (word.empty()) continue;
        const std::size_t wordLength = codePoints(word);
        if (!line.empty() && lineLength + 1 + wordLength > wrapAt) {
            lines.push_back(std::move(line));
            line.clear();
            lineLength = 0;
        }
        if (!line.empty()) {
            line.push_back(' ');
            ++lineLength;
        }
        line.append(word);
        lineLength += wordLength;
    }
    if (!line.empty() || lines.empty()) lines.push_back(std::move(line));
    return lines;
}

std::string safeId(std::string_view id)
{
    std::string result = id.empty() ? "chart" : std::string(id);
    for (char& c : result) {
        const bool allowed =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!allowed) c = '-';
    }
    if (result.front() >= '0' && result.front() <= '9') result.insert(0, "chart-");
    return result;
}

std::string percentText(double percent)
{
    return formatRounded(percent, 1, ',') + std::string(noBreakSpace) + "%";
}

std::string valueText(const ChartBar& bar)
{
    std::string text = std::to_string(bar.count);
    if (bar.percent) text += " (" + percentText(*bar.percent) + ")";
    return text;
}

}  // namespace

std::string escapeMarkup(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') break;
            if (c == '\x7f') break;  // DEL: not a character HTML allows in text either
            out.push_back(c);
        }
    }
    return out;
}

BarChart barChartOf(std::string id, std::string title, const ChoiceStatistics& statistics)
{
    BarChart chart{std::move(id),
                   std::move(title),
                   std::to_string(statistics.respondents) + " répondants" +
                       (statistics.multiple ? ", plusieurs réponses possibles." : "."),
                   "Réponse",
                   {}};
    for (const OptionShare& option : statistics.options) {
        chart.bars.push_back({option.label, option.count, option.percentOfRespondents});
    }
    return chart;
}

BarChart barChartOf(std::string id, std::string title, const DistributionStatistics& statistics)
{
    BarChart chart{std::move(id), std::move(title), std::to_string(statistics.n) + " répondants.", "Valeur", {}};
    for (const ValueCount& entry : statistics.distribution) {
        chart.bars.push_back({formatDecimal(entry.value, ','), entry.count,
                              100.0 * static_cast<double>(entry.count) / static_cast<double>(statistics.n)});
    }
    return chart;
}

BarChart barChartOnAxis(std::string id, std::string title, const DistributionStatistics& statistics, int lowest,
                        int highest, const std::string& lowLabel, const std::string& highLabel)
{
    BarChart chart{std::move(id), std::move(title), std::to_string(statistics.n) + " répondants.", "Valeur", {}};
    auto share = [&](std::uint64_t count) -> std::optional<double> {
        if (statistics.n == 0) return 0.0;
        return 100.0 * static_cast<double>(count) / static_cast<double>(statistics.n);
    };
    auto entry = statistics.distribution.begin();
    const auto end = statistics.distribution.end();
    // Values below the axis first, then the axis with its empty values, then values above it: ascending.
    for (; entry != end && entry->value < lowest; ++entry) {
        chart.bars.push_back({formatDecimal(entry->value, ','), entry->count, share(entry->count)});
    }
    for (int value = lowest; value <= highest; ++value) {
        std::uint64_t count = 0;
        // Values between two whole numbers (never for scales and NPS) keep a bar of their own.
        for (; entry != end && entry->value < value + 1; ++entry) {
            if (entry->value == value) {
                count += entry->count;
            } else {
                chart.bars.push_back({formatDecimal(entry->value, ','), entry->count, share(entry->count)});
            }
        }
        std::string label = std::to_string(value);
        if (value == lowest && !lowLabel.empty()) label += " (" + lowLabel + ")";
        if (value == highest && !highLabel.empty()) label += " (" + highLabel + ")";
        chart.bars.push_back({std::move(label), count, share(count)});
    }
    for (; entry != end; ++entry) {
        chart.bars.push_back({formatDecimal(entry->value, ','), entry->count, share(entry->count)});
    }
    return chart;
}

std::string renderBarChartSvg(const BarChart& chart)
{
    const std::string id = safeId(chart.id);
    std::uint64_t largest = 0;
    for (const ChartBar& bar : chart.bars) largest = std::max(largest, bar.count);

    // Every figure goes into <desc>: with role="img" the bars themselves are not read out.
    std::string desc = chart.description;
    for (const ChartBar& bar : chart.bars) {
        if (!desc.empty()) desc += " ";
        desc += bar.label + " : " + valueText(bar) + ".";
    }

    std::string body;
    int y = margin;
    for (const ChartBar& bar : chart.bars) {
        for (const std::string& line : wrapLabel(bar.label)) {
            y += lineHeight;
            body += "<text x=\"" + std::to_string(margin) + "\" y=\"" + std::to_string(y - 4) + "\">" +
                    escapeMarkup(line) + "</text>";
        }
        int width = largest == 0
                        ? 0
                        : static_cast<int>(static_cast<double>(bar.count) * barMaxWidth / static_cast<double>(largest));
        if (bar.count > 0) width = std::max(width, 2);  // a non-zero answer stays visible
        body += "<rect x=\"" + std::to_string(margin) + "\" y=\"" + std::to_string(y) + "\" width=\"" +
                std::to_string(width) + "\" height=\"" + std::to_string(barHeight) + "\" fill=\"" +
                std::string(barColour) + "\"/>";
        body += "<text x=\"" + std::to_string(margin + width + 6) + "\" y=\"" + std::to_string(y + barHeight - 5) +
                "\">" + escapeMarkup(valueText(bar)) + "</text>";
        y += barHeight + blockGap;
    }
    const int height = y + margin - blockGap;

    std::string svg =
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"" + id + "-title " + id +
        "-desc\" viewBox=\"0 0 " + std::to_string(chartWidth) + " " + std::to_string(std::max(height, 2 * margin)) +
        "\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" font-family=\"Marianne, arial, sans-serif\" "
        "font-size=\"14\" fill=\"" +
        std::string(textColour) + "\">";
    svg += "<title id=\"" + id + "-title\">" + escapeMarkup(chart.title) + "</title>";
    svg += "<desc id=\"" + id + "-desc\">" + escapeMarkup(desc) + "</desc>";
    svg += body;
    svg += "</svg>";
    return svg;
}

std::string renderColumnChartSvg(const BarChart& chart)
{
    constexpr int labelSize = 12;
    constexpr int plotTop = margin + labelSize + 4;  // room for the largest count above the plot
    constexpr int plotHeight = 120;
    constexpr int plotLeft = margin;
    constexpr int plotWidth = chartWidth - 2 * margin;
    const std::string id = safeId(chart.id);
    std::uint64_t largest = 0;
    for (const ChartBar& bar : chart.bars) largest = std::max(largest, bar.count);
    const int baseline = plotTop + plotHeight;

    // A column per period, at most 40 units wide (a few days would otherwise draw slabs), centred in its slot.
    std::string body;
    const double slot = chart.bars.empty() ? plotWidth : static_cast<double>(plotWidth) / chart.bars.size();
    const double column = std::min(slot >= 6 ? slot * 0.8 : slot, 40.0);
    for (std::size_t i = 0; i < chart.bars.size(); ++i) {
        const ChartBar& bar = chart.bars[i];
        int height = largest == 0
                         ? 0
                         : static_cast<int>(static_cast<double>(bar.count) * plotHeight / static_cast<double>(largest));
        if (bar.count > 0) height = std::max(height, 2);  // a non-zero count stays visible
        if (height == 0) continue;
        body += "<rect x=\"" + formatRounded(plotLeft + i * slot + (slot - column) / 2, 2, '.') + "\" y=\"" +
                std::to_string(baseline - height) + "\" width=\"" + formatRounded(std::max(column, 0.5), 2, '.') +
                "\" height=\"" + std::to_string(height) + "\" fill=\"" + std::string(barColour) + "\"/>";
    }
    // The axis, the largest count (the scale of the columns), and the period's ends under the axis: under
    // the first and the last column, or centred under a lone one.
    body += "<line x1=\"" + std::to_string(plotLeft) + "\" y1=\"" + std::to_string(baseline) + "\" x2=\"" +
            std::to_string(plotLeft + plotWidth) + "\" y2=\"" + std::to_string(baseline) + "\" stroke=\"" +
            std::string(textColour) + "\" stroke-width=\"1\"/>";
    body += "<text x=\"" + std::to_string(plotLeft) + "\" y=\"" + std::to_string(plotTop - 4) + "\" font-size=\"" +
            std::to_string(labelSize) + "\">" + escapeMarkup("maximum : " + std::to_string(largest)) + "</text>";
    const int labelsY = baseline + labelSize + 6;
    auto label = [&](double x, std::string_view anchor, const std::string& text) {
        body += "<text x=\"" + formatRounded(x, 2, '.') + "\" y=\"" + std::to_string(labelsY) + "\" font-size=\"" +
                std::to_string(labelSize) + "\" text-anchor=\"" + std::string(anchor) + "\">" + escapeMarkup(text) +
                "</text>";
    };
    if (chart.bars.size() == 1) {
        label(plotLeft + slot / 2, "middle", chart.bars.front().label);
    } else if (chart.bars.size() > 1) {
        label(plotLeft + (slot - column) / 2, "start", chart.bars.front().label);
        label(plotLeft + plotWidth - (slot - column) / 2, "end", chart.bars.back().label);
    }
    const int height = labelsY + margin;

    std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"" + id + "-title " +
                      id + "-desc\" viewBox=\"0 0 " + std::to_string(chartWidth) + " " + std::to_string(height) +
                      "\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" font-family=\"Marianne, arial, "
                      "sans-serif\" font-size=\"14\" fill=\"" +
                      std::string(textColour) + "\">";
    svg += "<title id=\"" + id + "-title\">" + escapeMarkup(chart.title) + "</title>";
    svg += "<desc id=\"" + id + "-desc\">" + escapeMarkup(chart.description) + "</desc>";
    svg += body;
    svg += "</svg>";
    return svg;
}

std::string renderBarChartTable(const BarChart& chart)
{
    const bool withPercent =
        std::any_of(chart.bars.begin(), chart.bars.end(), [](const ChartBar& bar) { return bar.percent.has_value(); });
    std::string html = "<div class=\"fr-table\"><table><caption>" + escapeMarkup(chart.title) + "</caption><thead><tr>";
    html += "<th scope=\"col\">" + escapeMarkup(chart.categoryHeader) + "</th><th scope=\"col\">Effectif</th>";
    if (withPercent) html += "<th scope=\"col\">Pourcentage</th>";
    html += "</tr></thead><tbody>";
    for (const ChartBar& bar : chart.bars) {
        html += "<tr><th scope=\"row\">" + escapeMarkup(bar.label) + "</th><td>" + std::to_string(bar.count) + "</td>";
        if (withPercent)
            html += "<td>" + (bar.percent ? escapeMarkup(percentText(*bar.percent)) : std::string()) + "</td>";
        html += "</tr>";
    }
    html += "</tbody></table></div>";
    return html;
}

}  // namespace tnt::exports
