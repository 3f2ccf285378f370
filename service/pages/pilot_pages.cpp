#include "service/pages/pilot_pages.h"

#include <algorithm>
#include <variant>

#include "exports/bar_chart.h"
#include "exports/number_format.h"
#include "service/pages/html.h"

namespace tnt::pages {
namespace {

std::string plural(std::uint64_t n, const std::string& one, const std::string& many)
{
    return std::to_string(n) + " " + (n <= 1 ? one : many);
}

std::string decimal(double value, int digits)
{
    return exports::formatFixed(value, digits, ',');
}

// One question's figures: a sentence, and a bar chart with its table when there is something to draw.
nlohmann::json questionBlock(const exports::QuestionStatistics& q)
{
    const auto chart_id = "graphique-" + idPart(q.key);
    nlohmann::json chart = false;
    auto draw = [&](const exports::BarChart& c) {
        chart = {{"svg", exports::renderBarChartSvg(c)}, {"table", exports::renderBarChartTable(c)}};
    };
    std::string summary;
    if (const auto* choice = std::get_if<exports::ChoiceStatistics>(&q.figures)) {
        summary = plural(choice->respondents, "répondant", "répondants") + ".";
        draw(exports::barChartOf(chart_id, q.label, *choice));
    } else if (const auto* dist = std::get_if<exports::DistributionStatistics>(&q.figures)) {
        summary = plural(dist->n, "répondant", "répondants");
        if (dist->mean) summary += ", moyenne " + decimal(*dist->mean, 2) + ", médiane " + decimal(*dist->median, 1);
        summary += ".";
        if (dist->n > 0) draw(exports::barChartOf(chart_id, q.label, *dist));
    } else if (const auto* nps = std::get_if<exports::NpsStatistics>(&q.figures)) {
        summary = plural(nps->distribution.n, "répondant", "répondants");
        if (nps->roundedScore) {
            summary += ", score NPS " + std::to_string(*nps->roundedScore) + " (" + std::to_string(nps->promoters) +
                       " promoteurs, " + std::to_string(nps->passives) + " passifs, " +
                       std::to_string(nps->detractors) + " détracteurs)";
        }
        summary += ".";
        if (nps->distribution.n > 0) draw(exports::barChartOf(chart_id, q.label, nps->distribution));
    } else if (const auto* text = std::get_if<exports::TextStatistics>(&q.figures)) {
        summary = plural(text->nonEmpty, "réponse non vide", "réponses non vides") + " : lisez-les dans l'export CSV.";
    }
    return {{"chart_id", chart_id}, {"label", q.label}, {"summary", summary}, {"chart", std::move(chart)}};
}

}  // namespace

std::string renderPilotLoginPage(const Views& views, const std::string& csrf_token, const std::string& error,
                                 const std::string& notice)
{
    return views.page("pilot_login",
                      {std::string(error.empty() ? "" : "Erreur : ") + "Connexion – Espace des pilotes", true},
                      {{"csrf", csrf_token}, {"error", error}, {"notice", notice}, {"token_field", kTokenField}});
}

std::string renderPilotFormsPage(const Views& views, const std::string& token_name,
                                 const std::vector<PilotFormEntry>& forms, const std::string& csrf_token)
{
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& entry : forms) {
        rows.push_back({{"slug", entry.form->slug},
                        {"title", entry.form->title},
                        {"status", entry.status},
                        {"responses", std::to_string(entry.responses)}});
    }
    return views.page(
        "pilot_forms", {"Vos formulaires – Espace des pilotes", true},
        {{"token_name", token_name}, {"csrf", csrf_token}, {"has_forms", !rows.empty()}, {"forms", std::move(rows)}});
}

std::string renderPilotFormPage(const Views& views, const domain::Form& form, const exports::FormStatistics& statistics,
                                const std::vector<std::string>& groups, const std::string& csrf_token,
                                const std::vector<PilotGroupRow>& registrations, const PilotFilters& filters,
                                const PilotDownloadSizes& sizes)
{
    nlohmann::json choices = nlohmann::json::array();
    for (const auto& [code, name] : filters.group_choices) {
        choices.push_back({{"code", code}, {"name", name}, {"selected", code == filters.group}});
    }
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& r : registrations) {
        rows.push_back({{"code", r.code},
                        {"name", r.name},
                        {"capacity", r.capacity.empty() ? "—" : r.capacity},
                        {"registered", std::to_string(r.registered)},
                        {"offered", std::to_string(r.offered)},
                        {"waitlisted", std::to_string(r.waitlisted)},
                        {"left", std::to_string(r.left)}});
    }
    std::string group_list;
    for (std::size_t i = 0; i < groups.size(); ++i) group_list += (i ? ", " : "") + groups[i];
    nlohmann::json days = nlohmann::json::array();
    for (const auto& day : statistics.responsesPerDay) {
        days.push_back({{"day", day.day}, {"count", std::to_string(day.count)}});
    }
    nlohmann::json questions = nlohmann::json::array();
    for (const auto& q : statistics.questions) questions.push_back(questionBlock(q));
    return views.page("pilot_form", {form.title + " – Espace des pilotes", true},
                      {{"form", {{"title", form.title}}},
                       {"csrf", csrf_token},
                       {"api", "/api/v1/forms/" + form.slug},
                       {"responses", plural(statistics.responses, "réponse", "réponses")},
                       {"groups", group_list},
                       {"has_days", !days.empty()},
                       {"days", std::move(days)},
                       {"questions", std::move(questions)},
                       {"has_registrations", !rows.empty()},
                       {"release_path", "/pilote/formulaires/" + form.slug + "/liberer"},
                       {"registrations", std::move(rows)},
                       {"filters",
                        {{"path", "/pilote/formulaires/" + form.slug},
                         {"from", filters.from},
                         {"to", filters.to},
                         {"active", !filters.query.empty()},
                         {"has_groups", choices.size() > 1},
                         {"groups", std::move(choices)}}},
                       {"query", filters.query},
                       {"sizes",
                        {{"csv", approximateSize(sizes.csv)},
                         {"xlsx", approximateSize(sizes.xlsx)},
                         {"ods", approximateSize(sizes.ods)}}}});
}

std::string approximateSize(std::uint64_t bytes)
{
    constexpr double kilo = 1000.0;
    const auto b = static_cast<double>(bytes);
    if (b < kilo * kilo)
        return "≈\u00a0" + std::to_string(std::max<std::uint64_t>(1, (bytes + 999) / 1000)) + "\u00a0ko";
    if (b < kilo * kilo * kilo) return "≈\u00a0" + exports::formatRounded(b / (kilo * kilo), 1, ',') + "\u00a0Mo";
    return "≈\u00a0" + exports::formatRounded(b / (kilo * kilo * kilo), 1, ',') + "\u00a0Go";
}

std::string renderPilotReleaseConfirmPage(const Views& views, const domain::Form& form, const std::string& number,
                                          const std::string& group_code, const std::string& group_name,
                                          const std::string& csrf_token)
{
    return views.page("pilot_release_confirm", {"Libérer une place – Espace des pilotes", true},
                      {{"form", {{"title", form.title}, {"path", "/pilote/formulaires/" + form.slug}}},
                       {"csrf", csrf_token},
                       {"number", number},
                       {"group", {{"code", group_code}, {"name", group_name}}},
                       {"action", "/pilote/formulaires/" + form.slug + "/liberer"}});
}

std::string renderPilotMessagePage(const Views& views, const std::string& title, const std::string& message)
{
    return views.page("pilot_message", {title + " – Espace des pilotes", true},
                      {{"message", {{"title", title}, {"text", message}}}});
}

}  // namespace tnt::pages
