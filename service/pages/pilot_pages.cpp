#include "service/pages/pilot_pages.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <map>
#include <variant>

#include "exports/bar_chart.h"
#include "exports/number_format.h"
#include "service/domain/paris_time.h"
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

nlohmann::json chartOf(const exports::BarChart& c)
{
    return {{"title", c.title}, {"svg", exports::renderBarChartSvg(c)}, {"table", exports::renderBarChartTable(c)}};
}

nlohmann::json answerJson(const PilotTextAnswer& a)
{
    return {{"number", a.number}, {"date", a.date}, {"text", a.text}};
}

// "?group=GP3&" from the filters' "&group=GP3": a list's link, ready for "page=N" or more parameters.
std::string listLink(const std::string& path, const std::string& query)
{
    return path + "?" + (query.empty() ? "" : query.substr(1) + "&");
}

// The dashboard with the filters a list was opened with: "/pilote/formulaires/x?group=GP3".
std::string dashboardLink(const std::string& path, const std::string& query)
{
    return query.empty() ? path : path + "?" + query.substr(1);
}

// One question's figures: a sentence, a chart with its table when there is something to draw, and for a
// free-text question its latest answers and the link to all of them. Scales and NPS are drawn on their
// whole axis (1–5, 0–10), values nobody chose included.
nlohmann::json questionBlock(const exports::QuestionStatistics& q, const domain::Question* question,
                             const std::string& texts_path, const std::string& query, const PilotTextPreview* text)
{
    const auto chart_id = "graphique-" + idPart(q.key);
    nlohmann::json chart = false;
    nlohmann::json listing = false;
    std::string summary;
    if (const auto* choice = std::get_if<exports::ChoiceStatistics>(&q.figures)) {
        summary = plural(choice->respondents, "répondant", "répondants") + ".";
        chart = chartOf(exports::barChartOf(chart_id, q.label, *choice));
    } else if (const auto* dist = std::get_if<exports::DistributionStatistics>(&q.figures)) {
        summary = plural(dist->n, "répondant", "répondants");
        if (dist->mean) summary += ", moyenne " + decimal(*dist->mean, 2) + ", médiane " + decimal(*dist->median, 1);
        summary += ".";
        if (question != nullptr && question->type == domain::QuestionType::scale) {
            chart = chartOf(exports::barChartOnAxis(
                chart_id, q.label, *dist, static_cast<int>(question->min.value_or(1)),
                static_cast<int>(question->max.value_or(5)), question->min_label, question->max_label));
        } else if (dist->n > 0) {
            chart = chartOf(exports::barChartOf(chart_id, q.label, *dist));
        }
    } else if (const auto* nps = std::get_if<exports::NpsStatistics>(&q.figures)) {
        summary = plural(nps->distribution.n, "répondant", "répondants");
        if (nps->roundedScore) {
            summary += ", score NPS " + std::to_string(*nps->roundedScore) + " (" + std::to_string(nps->promoters) +
                       " promoteurs, " + std::to_string(nps->passives) + " passifs, " +
                       std::to_string(nps->detractors) + " détracteurs)";
        }
        summary += ".";
        chart =
            chartOf(exports::barChartOnAxis(chart_id, q.label, nps->distribution, 0, 10,
                                            question ? question->min_label : "", question ? question->max_label : ""));
    } else if (const auto* texts = std::get_if<exports::TextStatistics>(&q.figures)) {
        if (text != nullptr) {
            summary = plural(text->total, "réponse", "réponses") + ".";
            nlohmann::json latest = nlohmann::json::array();
            for (const auto& a : text->latest) latest.push_back(answerJson(a));
            listing = {{"has_latest", !latest.empty()},
                       {"latest", std::move(latest)},
                       {"more", text->total > text->latest.size()},
                       {"total", plural(text->total, "réponse", "réponses")},
                       {"href", listLink(texts_path + "/" + q.key, query)}};
        } else {
            summary = plural(texts->nonEmpty, "réponse non vide", "réponses non vides") + " : lisez-les dans l'export.";
        }
    }
    return {{"chart_id", chart_id},
            {"label", q.label},
            {"summary", summary},
            {"chart", std::move(chart)},
            {"texts", std::move(listing)}};
}

// Responses over time: one column per Paris day from the first to the last, days without responses
// included; beyond three months, one per month (a column a day would be too thin to read).
nlohmann::json timeBlock(const std::vector<exports::DayCount>& per_day)
{
    using namespace std::chrono;
    if (per_day.empty()) return false;
    std::uint64_t total = 0;
    std::map<sys_days, std::uint64_t> counts;
    for (const auto& d : per_day) {
        total += d.count;
        if (const auto ymd = domain::parseIsoDay(d.day)) counts[sys_days{*ymd}] += d.count;
    }
    if (counts.empty()) return false;
    const auto first = counts.begin()->first;
    const auto last = counts.rbegin()->first;
    const bool by_month = last - first > days{92};
    static constexpr std::array<const char*, 12> month_names = {"janvier",   "février", "mars",     "avril",
                                                                "mai",       "juin",    "juillet",  "août",
                                                                "septembre", "octobre", "novembre", "décembre"};
    exports::BarChart chart{"graphique-reponses-dans-le-temps",
                            by_month ? "Réponses par mois" : "Réponses par jour",
                            "",
                            by_month ? "Mois" : "Jour",
                            {}};
    if (by_month) {
        const year_month_day a{first};
        const year_month_day b{last};
        for (auto m = a.year() / a.month(); m <= b.year() / b.month(); m += months{1}) {
            std::uint64_t n = 0;
            for (auto it = counts.lower_bound(sys_days{m / 1});
                 it != counts.end() && it->first < sys_days{(m + months{1}) / 1}; ++it)
                n += it->second;
            chart.bars.push_back({std::string(month_names[static_cast<unsigned>(m.month()) - 1]) + " " +
                                      std::to_string(static_cast<int>(m.year())),
                                  n, std::nullopt});
        }
    } else {
        for (auto d = first; d <= last; d += days{1}) {
            const auto it = counts.find(d);
            chart.bars.push_back(
                {domain::formatFrenchDate(year_month_day{d}), it == counts.end() ? 0 : it->second, std::nullopt});
        }
    }
    const auto peak = std::max_element(chart.bars.begin(), chart.bars.end(),
                                       [](const auto& x, const auto& y) { return x.count < y.count; });
    const auto period = first == last ? "le " + domain::formatFrenchDate(year_month_day{first})
                                      : "du " + domain::formatFrenchDate(year_month_day{first}) + " au " +
                                            domain::formatFrenchDate(year_month_day{last});
    chart.description = plural(total, "réponse", "réponses") + " " + period;
    if (chart.bars.size() > 1) {
        chart.description +=
            std::string(" ; le plus : ") + std::to_string(peak->count) + (by_month ? " en " : " le ") + peak->label;
    }
    chart.description += ".";
    return {{"title", chart.title},
            {"description", chart.description},
            {"svg", exports::renderColumnChartSvg(chart)},
            {"table", exports::renderBarChartTable(chart)}};
}

nlohmann::json registrantJson(const PilotRegistrant& r)
{
    std::string groups;
    for (const auto& g : r.groups) groups += (groups.empty() ? "" : ", ") + g;
    return {{"number", r.number},
            {"name", r.name.empty() ? "—" : r.name},
            {"structure", r.structure.empty() ? "—" : r.structure},
            {"groups", groups.empty() ? "—" : groups},
            {"date", r.date}};
}

// The DSFR pagination: first, previous, the pages around the current one, next, last; the current page
// and the unavailable ends are not links.
nlohmann::json paginationJson(const PilotPaging& paging, const std::string& label)
{
    nlohmann::json items = nlohmann::json::array();
    auto href = [&](std::uint64_t page) { return paging.link + "page=" + std::to_string(page); };
    auto end_item = [&](const char* modifier, const char* text, std::uint64_t page, bool enabled) {
        items.push_back({{"class", std::string("fr-pagination__link ") + modifier},
                         {"text", text},
                         {"href", enabled ? nlohmann::json(href(page)) : nlohmann::json(false)},
                         {"current", false},
                         {"title", false}});
    };
    end_item("fr-pagination__link--first", "Première page", 1, paging.page > 1);
    end_item("fr-pagination__link--prev fr-pagination__link--lg-label", "Page précédente", paging.page - 1,
             paging.page > 1);
    const auto low = paging.page > 2 ? paging.page - 2 : 1;
    const auto high = std::min(paging.pages, paging.page + 2);
    for (auto page = low; page <= high; ++page) {
        items.push_back({{"class", "fr-pagination__link"},
                         {"text", std::to_string(page)},
                         {"href", page == paging.page ? nlohmann::json(false) : nlohmann::json(href(page))},
                         {"current", page == paging.page},
                         {"title", "Page " + std::to_string(page)}});
    }
    end_item("fr-pagination__link--next fr-pagination__link--lg-label", "Page suivante", paging.page + 1,
             paging.page < paging.pages);
    end_item("fr-pagination__link--last", "Dernière page", paging.pages, paging.page < paging.pages);
    return {{"label", label}, {"items", std::move(items)}, {"many", paging.pages > 1}};
}

nlohmann::json filtersJson(const std::string& path, const PilotFilters& filters)
{
    nlohmann::json choices = nlohmann::json::array();
    for (const auto& [code, name] : filters.group_choices) {
        choices.push_back({{"code", code}, {"name", name}, {"selected", code == filters.group}});
    }
    // The period in French, for the lists' headings: "du 1er décembre 2025 au 8 décembre 2025".
    std::string period;
    if (!filters.from.empty()) period += "du " + domain::formatFrenchDay(filters.from);
    if (!filters.to.empty())
        period += std::string(period.empty() ? "" : " ") + "au " + domain::formatFrenchDay(filters.to);
    return {{"path", path},
            {"link", listLink(path, filters.query)},
            {"from", filters.from},
            {"to", filters.to},
            {"group", filters.group},
            {"period", period},
            {"active", !filters.query.empty()},
            {"has_groups", choices.size() > 1},
            {"groups", std::move(choices)}};
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
                                const PilotDownloadSizes& sizes, const PilotLists& lists)
{
    const std::string path = "/pilote/formulaires/" + form.slug;
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
    nlohmann::json questions = nlohmann::json::array();
    nlohmann::json contents = nlohmann::json::array();
    for (const auto& q : statistics.questions) {
        const auto* preview = [&]() -> const PilotTextPreview* {
            for (const auto& t : lists.texts) {
                if (t.key == q.key) return &t;
            }
            return nullptr;
        }();
        questions.push_back(questionBlock(q, form.find(q.key), path + "/textes", filters.query, preview));
        contents.push_back(
            {{"href", "#" + questions.back()["chart_id"].get<std::string>() + "-titre"}, {"label", q.label}});
    }
    nlohmann::json registrants = nlohmann::json::array();
    for (const auto& r : lists.latest_registrants) registrants.push_back(registrantJson(r));
    auto over_time = timeBlock(statistics.responsesPerDay);
    return views.page(
        "pilot_form", {form.title + " – Espace des pilotes", true},
        {{"form",
          {{"title", form.title}, {"participation_path", form.invitations ? path + "/participation" : std::string()}}},
         {"csrf", csrf_token},
         {"api", "/api/v1/forms/" + form.slug},
         {"responses", plural(statistics.responses, "réponse", "réponses")},
         {"groups", group_list},
         {"has_days", !over_time.is_boolean()},
         {"over_time", std::move(over_time)},
         {"questions", std::move(questions)},
         {"contents", std::move(contents)},
         {"has_registrations", !rows.empty()},
         {"release_path", path + "/liberer"},
         {"registrations", std::move(rows)},
         {"registrants",
          {{"shown", lists.registration_form || !rows.empty()},
           {"any", !registrants.empty()},
           {"rows", std::move(registrants)},
           {"more", lists.registrants_total > lists.latest_registrants.size()},
           {"total", plural(lists.registrants_total, "personne inscrite", "personnes inscrites")},
           {"href", listLink(path + "/inscrits", filters.query)}}},
         {"filters", filtersJson(path, filters)},
         {"query", filters.query},
         {"sizes",
          {{"csv", approximateSize(sizes.csv)},
           {"xlsx", approximateSize(sizes.xlsx)},
           {"ods", approximateSize(sizes.ods)}}}});
}

std::string renderPilotRegistrantsPage(const Views& views, const domain::Form& form,
                                       const std::vector<PilotRegistrant>& registrants, const PilotPaging& paging,
                                       const PilotFilters& filters, const std::string& csrf_token)
{
    const std::string path = "/pilote/formulaires/" + form.slug;
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& r : registrants) rows.push_back(registrantJson(r));
    const auto page = std::to_string(paging.page) + " sur " + std::to_string(paging.pages);
    return views.page("pilot_registrants",
                      {"Personnes inscrites, page " + page + " – " + form.title + " – Espace des pilotes", true},
                      {{"form", {{"title", form.title}, {"path", dashboardLink(path, filters.query)}}},
                       {"csrf", csrf_token},
                       {"total", plural(paging.total, "personne inscrite", "personnes inscrites")},
                       {"page_number", page},
                       {"any", !rows.empty()},
                       {"rows", std::move(rows)},
                       {"filters", filtersJson(path + "/inscrits", filters)},
                       {"pagination", paginationJson(paging, "Pages de la liste des personnes inscrites")}});
}

std::string renderPilotTextsPage(const Views& views, const domain::Form& form, const domain::Question& question,
                                 const std::vector<PilotTextAnswer>& answers, const PilotPaging& paging,
                                 const PilotFilters& filters, const std::string& search, const std::string& csrf_token)
{
    const std::string path = "/pilote/formulaires/" + form.slug;
    nlohmann::json items = nlohmann::json::array();
    for (const auto& a : answers) items.push_back(answerJson(a));
    const auto page = std::to_string(paging.page) + " sur " + std::to_string(paging.pages);
    const auto found = plural(paging.total, "réponse", "réponses");
    return views.page("pilot_texts",
                      {(search.empty() ? "Réponses" : "Recherche « " + search + " »") + ", page " + page + " – " +
                           question.label + " – Espace des pilotes",
                       true},
                      {{"form", {{"title", form.title}, {"path", dashboardLink(path, filters.query)}}},
                       {"question", {{"label", question.label}, {"key", question.key}}},
                       {"csrf", csrf_token},
                       {"total", found},
                       {"search", search},
                       {"searching", !search.empty()},
                       {"page_number", page},
                       {"any", !items.empty()},
                       {"answers", std::move(items)},
                       {"filters", filtersJson(path + "/textes/" + question.key, filters)},
                       {"pagination", paginationJson(paging, "Pages des réponses")}});
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

namespace {

nlohmann::json participationSection(const std::string& id, const std::string& title, const std::string& header,
                                    const std::vector<PilotParticipationRow>& rows)
{
    nlohmann::json table = nlohmann::json::array();
    exports::BarChart chart;
    chart.id = "graphique-" + id;
    chart.title = "Taux de réponse " + std::string(id == "departements" ? "par département" : "par mandat");
    chart.description = "Part des personnes invitées qui ont répondu.";
    chart.categoryHeader = header;
    for (const auto& row : rows) {
        table.push_back({{"label", row.label},
                         {"invited", std::to_string(row.invited)},
                         {"started", std::to_string(row.started)},
                         {"answered", std::to_string(row.answered)},
                         {"rate", std::to_string(row.percent) + " %"}});
        chart.bars.push_back({row.label, row.answered, static_cast<double>(row.percent)});
    }
    return {{"id", id},
            {"title", title},
            {"header", header},
            {"rows", std::move(table)},
            {"chart", rows.empty() ? nlohmann::json(false) : chartOf(chart)}};
}

std::string people(std::uint64_t n)
{
    return n == 1 ? "1 personne" : std::to_string(n) + " personnes";
}

}  // namespace

std::string renderPilotParticipationPage(const Views& views, const domain::Form& form,
                                         const PilotParticipation& participation, const std::string& csrf_token)
{
    const std::string path = "/pilote/formulaires/" + form.slug;
    const auto& t = participation.total;
    const auto summary = t.invited == 0
                             ? std::string("Personne n'a encore été invité à répondre à ce formulaire.")
                             : people(t.invited) + " invitée" + (t.invited > 1 ? "s" : "") + ", " +
                                   std::to_string(t.started) + " " + (t.started > 1 ? "ont" : "a") + " commencé, " +
                                   std::to_string(t.answered) + " " + (t.answered > 1 ? "ont" : "a") + " répondu (" +
                                   std::to_string(t.percent) + " %).";
    const auto rule =
        "Une relance va aux personnes invitées qui n'ont pas répondu, ne se sont pas désinscrites, "
        "n'ont pas été relancées depuis " +
        std::to_string(participation.days) + " jours et l'ont été moins de " + std::to_string(participation.max) +
        " fois. ";
    const auto due = participation.due == 0
                         ? std::string("Personne n'est à relancer aujourd'hui.")
                         : people(participation.due) + " " + (participation.due > 1 ? "sont" : "est") + " à relancer.";
    nlohmann::json sections = nlohmann::json::array();
    sections.push_back(
        participationSection("departements", "Par département", "Département", participation.departements));
    sections.push_back(participationSection("mandats", "Par mandat", "Mandat", participation.mandates));
    return views.page("pilot_participation", {"Participation – " + form.title + " – Espace des pilotes", true},
                      {{"form", {{"title", form.title}, {"path", path}}},
                       {"summary", summary},
                       {"csv_path", path + "/participation.csv"},
                       {"can_remind", participation.cannot_remind.empty()},
                       {"cannot_remind", participation.cannot_remind},
                       {"remind_text", rule + due},
                       {"due", participation.due > 0},
                       {"remind_button", "Relancer " + people(participation.due)},
                       {"remind_path", path + "/relancer"},
                       {"csrf", csrf_token},
                       {"sections", std::move(sections)}});
}

std::string renderPilotMessagePage(const Views& views, const std::string& title, const std::string& message)
{
    return views.page("pilot_message", {title + " – Espace des pilotes", true},
                      {{"message", {{"title", title}, {"text", message}}}});
}

}  // namespace tnt::pages
