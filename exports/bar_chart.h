// A server-rendered bar chart of one question's answers for the pilots' dashboard: accessible SVG (role=img,
// <title> and <desc> carrying every figure, since screen readers do not read bars) plus the same data as a
// DSFR table, for those who prefer or need it. No JavaScript; readable on a 375 px wide phone.
// All text is escaped: labels come from form files and, for distributions, from answers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "exports/statistics.h"

namespace tnt::exports {

struct ChartBar {
    std::string label;
    std::uint64_t count = 0;
    std::optional<double> percent;  // shown rounded to 1 decimal, with a decimal comma
};

struct BarChart {
    std::string id;  // prefix of the element ids; characters other than [A-Za-z0-9_-] become '-'
    std::string title;
    std::string description;  // a sentence before the figures in <desc>, e.g. "Réponses de 42 élus."
    std::string categoryHeader = "Réponse";
    std::vector<ChartBar> bars;
};

// Percentages of respondents, in the form's order of options.
BarChart barChartOf(std::string id, std::string title, const ChoiceStatistics& statistics);
// One bar per distinct value, in ascending order, with its share of n.
BarChart barChartOf(std::string id, std::string title, const DistributionStatistics& statistics);
// A scale's or an NPS's answers on the question's whole axis: one bar per whole value from `lowest` to
// `highest` (1–5, 0–10), those nobody chose drawn as empty bars, so the shape reads on the axis the
// respondents saw. `lowLabel`, `highLabel`: the wording of the ends ("Pas du tout satisfait"), added to the
// end bars' labels when given. A value off the axis (an older version of the form) keeps a bar of its own.
BarChart barChartOnAxis(std::string id, std::string title, const DistributionStatistics& statistics, int lowest,
                        int highest, const std::string& lowLabel = "", const std::string& highLabel = "");

std::string renderBarChartSvg(const BarChart& chart);
std::string renderBarChartTable(const BarChart& chart);
// The same chart as columns along a time axis (responses per day or per month, bars in time order, empty
// periods included by the caller): the first and last labels under the axis, the largest count beside it.
// <desc> holds `description` only (a few hundred days would make it unreadable): the table has every figure.
std::string renderColumnChartSvg(const BarChart& chart);

// Text for HTML and SVG content and attribute values: & < > " ' escaped, and the control characters that
// XML 1.0 forbids dropped so an answer cannot break the SVG.
std::string escapeMarkup(std::string_view text);

}  // namespace tnt::exports
