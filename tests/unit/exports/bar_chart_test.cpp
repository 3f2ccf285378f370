#include "exports/bar_chart.h"

#include <gtest/gtest.h>

namespace tnt::exports {
namespace {

bool contains(const std::string& text, std::string_view part)
{
    return text.find(part) != std::string::npos;
}

std::size_t countOf(const std::string& text, std::string_view part)
{
    std::size_t n = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
    return n;
}

BarChart hostileChart()
{
    return BarChart{"q1 <x>",
                    "Groupes & \"thèmes\" <script>alert(1)</script>",
                    "Réponses d'élus.",
                    "Réponse",
                    {{"GP3 <b>Urbanisme</b> & 'dématérialisation'", 3, 75.0}, {"Autre\x01", 1, 25.0}}};
}

TEST(BarChartSvg, IsAnAccessibleImageLabelledByTitleAndDesc)
{
    const std::string svg = renderBarChartSvg(hostileChart());
    EXPECT_TRUE(
        svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
                        "aria-labelledby=\"q1--x--title q1--x--desc\""));
    EXPECT_TRUE(contains(svg, "<title id=\"q1--x--title\">"));
    EXPECT_TRUE(contains(svg, "<desc id=\"q1--x--desc\">"));
    EXPECT_TRUE(contains(svg, "viewBox=\"0 0 360 "));
    EXPECT_TRUE(svg.ends_with("</svg>"));
}

TEST(BarChartSvg, EscapesEveryText)
{
    const std::string svg = renderBarChartSvg(hostileChart());
    EXPECT_FALSE(contains(svg, "<script"));
    EXPECT_FALSE(contains(svg, "<b>"));
    EXPECT_FALSE(contains(svg, "\x01"));
    EXPECT_TRUE(contains(svg, "Groupes &amp; &quot;thèmes&quot; &lt;script&gt;alert(1)&lt;/script&gt;</title>"));
    EXPECT_TRUE(contains(svg, "&lt;b&gt;Urbanisme&lt;/b&gt; &amp; &#39;dématérialisation&#39;"));
    EXPECT_TRUE(contains(svg, "Réponses d&#39;élus."));
}

TEST(BarChartSvg, DescCarriesEveryFigure)
{
    const std::string svg = renderBarChartSvg(hostileChart());
    const auto desc = svg.substr(svg.find("<desc"), svg.find("</desc>") - svg.find("<desc"));
    EXPECT_TRUE(contains(desc, ": 3 (75\xC2\xA0%)."));
    EXPECT_TRUE(contains(desc, "Autre : 1 (25\xC2\xA0%)."));
}

TEST(BarChartSvg, BarsAreProportionalAndZeroStaysEmpty)
{
    const BarChart chart{
        "c", "T", "", "Réponse", {{"a", 4, std::nullopt}, {"b", 1, std::nullopt}, {"c", 0, std::nullopt}}};
    const std::string svg = renderBarChartSvg(chart);
    EXPECT_TRUE(contains(svg, "width=\"248\""));  // 360 − 2×8 − 96
    EXPECT_TRUE(contains(svg, "width=\"62\""));
    EXPECT_TRUE(contains(svg, "width=\"0\""));
}

TEST(BarChartSvg, WrapsLongLabelsForNarrowScreens)
{
    const BarChart chart{
        "c",
        "T",
        "",
        "Réponse",
        {{"Dématérialisation des autorisations d'urbanisme et accompagnement des communes", 1, 100.0}}};
    const std::string svg = renderBarChartSvg(chart);
    EXPECT_TRUE(contains(svg, ">Dématérialisation des autorisations</text>") ||
                contains(svg, ">Dématérialisation des autorisations d&#39;urbanisme</text>"));
    EXPECT_TRUE(contains(svg, "accompagnement des communes</text>"));
}

TEST(BarChartSvg, IdStartingWithADigitIsPrefixed)
{
    const BarChart chart{"3", "T", "", "Réponse", {}};
    EXPECT_TRUE(contains(renderBarChartSvg(chart), "aria-labelledby=\"chart-3-title chart-3-desc\""));
}

TEST(BarChartTable, IsADsfrTableWithTheSameData)
{
    const std::string html = renderBarChartTable(hostileChart());
    EXPECT_TRUE(
        html.starts_with("<div class=\"fr-table\"><table><caption>Groupes &amp; &quot;thèmes&quot; "
                         "&lt;script&gt;alert(1)&lt;/script&gt;</caption>"));
    EXPECT_TRUE(contains(html,
                         "<th scope=\"col\">Réponse</th><th scope=\"col\">Effectif</th>"
                         "<th scope=\"col\">Pourcentage</th>"));
    EXPECT_TRUE(contains(html,
                         "<tr><th scope=\"row\">GP3 &lt;b&gt;Urbanisme&lt;/b&gt; &amp; &#39;dématérialisation&#39;"
                         "</th><td>3</td><td>75\xC2\xA0%</td></tr>"));
    EXPECT_FALSE(contains(html, "<script"));
}

TEST(BarChartOf, ChoicesUseSharesOfRespondents)
{
    const std::vector<OptionCount> counts{{"gp1", "GP1", 1}, {"gp3", "GP3", 2}};
    const BarChart chart = barChartOf("groupes", "Groupes", computeChoiceStatistics(counts, 3, true));
    ASSERT_EQ(chart.bars.size(), 2u);
    EXPECT_EQ(chart.bars[1].label, "GP3");
    EXPECT_DOUBLE_EQ(*chart.bars[1].percent, 200.0 / 3);
    EXPECT_TRUE(contains(renderBarChartTable(chart), "<td>66,7\xC2\xA0%</td>"));
}

TEST(BarChartOf, DistributionsShowValuesWithDecimalCommas)
{
    const std::vector<ValueCount> counts{{2.5, 1}, {4, 3}};
    const BarChart chart = barChartOf("note", "Note", computeDistributionStatistics(counts));
    ASSERT_EQ(chart.bars.size(), 2u);
    EXPECT_EQ(chart.bars[0].label, "2,5");
    EXPECT_EQ(chart.bars[1].label, "4");
    EXPECT_DOUBLE_EQ(*chart.bars[1].percent, 75.0);
}

// Issue 18: a scale on its 1–5 axis and an NPS on its 0–10 axis, the values nobody chose as empty bars.
TEST(BarChartOnAxis, DrawsEveryValueOfTheAxisWithItsEndsNamed)
{
    const std::vector<ValueCount> counts{{2, 1}, {5, 3}};
    const BarChart scale =
        barChartOnAxis("note", "Note", computeDistributionStatistics(counts), 1, 5, "Pas du tout", "Tout à fait");
    ASSERT_EQ(scale.bars.size(), 5u);
    EXPECT_EQ(scale.bars[0].label, "1 (Pas du tout)");
    EXPECT_EQ(scale.bars[0].count, 0u);
    EXPECT_EQ(scale.bars[1].label, "2");
    EXPECT_EQ(scale.bars[1].count, 1u);
    EXPECT_EQ(scale.bars[4].label, "5 (Tout à fait)");
    EXPECT_DOUBLE_EQ(*scale.bars[4].percent, 75.0);
    EXPECT_TRUE(contains(renderBarChartTable(scale), "<tr><th scope=\"row\">3</th><td>0</td><td>0\xC2\xA0%</td></tr>"));

    const BarChart nps =
        barChartOnAxis("nps", "NPS", computeDistributionStatistics(std::vector<ValueCount>{{10, 2}}), 0, 10);
    ASSERT_EQ(nps.bars.size(), 11u);
    EXPECT_EQ(nps.bars[0].label, "0");
    EXPECT_EQ(nps.bars[10].count, 2u);
    // Nobody yet: the axis is still drawn, at 0 %.
    const BarChart empty = barChartOnAxis("vide", "Vide", computeDistributionStatistics({}), 1, 5);
    ASSERT_EQ(empty.bars.size(), 5u);
    EXPECT_DOUBLE_EQ(*empty.bars[2].percent, 0.0);
    // A value off the axis (an older version of the form) keeps its bar, in order.
    const BarChart off = barChartOnAxis("x", "X", computeDistributionStatistics(std::vector<ValueCount>{{7, 1}}), 1, 5);
    ASSERT_EQ(off.bars.size(), 6u);
    EXPECT_EQ(off.bars[5].label, "7");
}

TEST(ColumnChartSvg, DrawsOneColumnPerPeriodWithTheEndsLabelled)
{
    BarChart chart{"jours",
                   "Réponses par jour",
                   "3 réponses <du> 1er au 3.",
                   "Jour",
                   {{"1er mars", 2, std::nullopt}, {"2 mars", 0, std::nullopt}, {"3 mars", 1, std::nullopt}}};
    const auto svg = renderColumnChartSvg(chart);
    EXPECT_TRUE(contains(svg, "role=\"img\" aria-labelledby=\"jours-title jours-desc\""));
    EXPECT_TRUE(contains(svg, "<desc id=\"jours-desc\">3 réponses &lt;du&gt; 1er au 3.</desc>"));
    EXPECT_EQ(countOf(svg, "<rect "), 2u);  // the empty day draws nothing
    EXPECT_TRUE(contains(svg, "text-anchor=\"start\">1er mars</text>"));
    EXPECT_TRUE(contains(svg, "text-anchor=\"end\">3 mars</text>"));
    EXPECT_TRUE(contains(svg, "width=\"40\""));  // three days: columns of at most 40 units, not slabs
    EXPECT_TRUE(contains(svg, ">maximum : 2</text>"));
    EXPECT_TRUE(contains(renderColumnChartSvg({"vide", "Vide", "", "Jour", {}}), "</svg>"));
    const auto lone = renderColumnChartSvg({"un", "Un jour", "", "Jour", {{"7 décembre", 4, std::nullopt}}});
    EXPECT_TRUE(contains(lone, "x=\"180\" y=\"162\" font-size=\"12\" text-anchor=\"middle\">7 décembre</text>"));
}

}  // namespace
}  // namespace tnt::exports
