// How long the service takes to write its pages, without the socket: the three programme forms (the
// registration form with its groups' places), the same form shown again with errors, the receipt and the
// index. The form page is the respondents' most requested page; issue 22 bounds its cost.
//   build-release/tests/bench/pages/tnt_pages_bench
//   build-release/tests/bench/pages/tnt_pages_bench --dump DIR   # writes the measured pages to DIR, to look at
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <functional>
#include <stdexcept>

#include "service/domain/form_loader.h"
#include "service/pages/form_page.h"
#include "service/pages/legal_pages.h"
#include "service/pages/pilot_pages.h"
#include "service/pages/public_pages.h"
#include "service/pages/receipt_pages.h"

namespace {

using namespace tnt;

const domain::FormSet& programmeForms()
{
    static const domain::FormSet set = [] {
        auto loaded = domain::loadFormsDirectory(std::string(TNT_SOURCE_DIR) + "/forms");
        if (!loaded.ok()) throw std::runtime_error("forms/ does not load");
        return loaded;
    }();
    return set;
}

const pages::Views& views()
{
    static const pages::Views v =
        pages::Views::load(pages::Site{.publisher = "Agence nationale de la cohésion des territoires (ANCT)",
                                       .publisher_address = "20 avenue de Ségur, 75007 Paris",
                                       .publication_director = "Le directeur général de l'ANCT",
                                       .contact_email = "tnt@anct.gouv.fr",
                                       .host = "ANCT, 20 avenue de Ségur, 75007 Paris"},
                           std::string(TNT_SOURCE_DIR) + "/forms/pages");
    return v;
}

// A registered group and a waitlisted one, as a receipt shows them.
std::vector<pages::ReceiptGroup> receiptGroups()
{
    domain::Placement registered;
    registered.group = "GP1";
    domain::Placement waiting;
    waiting.group = "GP3";
    waiting.state = domain::RegistrationState::waitlisted;
    waiting.position = 3;
    return {{"GP1 – Données", registered, "/f/x/merci/abc/groupes/GP1/retrait", {}, {}},
            {"GP3 – Inclusion numérique", waiting, "/f/x/merci/abc/groupes/GP3/retrait", {}, {}}};
}

pages::FormPageState stateFor(const domain::Form& form)
{
    pages::FormPageState state;
    state.csrf_token = "c2lnbmVkLWNzcmYtdG9rZW4tZm9yLWJlbmNobWFya2luZw";
    state.idempotency_token = "0f8c2d4e6a1b3c5d7e9f";
    if (form.groupsQuestion() != nullptr && programmeForms().catalogue) {
        std::map<std::string, domain::GroupCounts> registered;
        long long n = 0;
        for (const auto& g : programmeForms().catalogue->groups) registered[g.code] = n++ * 3;
        state.groups = programmeForms().catalogue->availability(registered, std::chrono::system_clock::now());
    }
    return state;
}

// Every required answer in error, every answer shown again.
pages::FormPageState withErrors(const domain::Form& form)
{
    auto page_state = stateFor(form);
    for (const auto& q : form.questions) {
        if (q.required) page_state.errors[q.key] = "Cette réponse est obligatoire.";
        page_state.values.emplace_back(q.key, "une valeur <gardée>");
    }
    return page_state;
}

// The pages measured, by name.
std::vector<std::pair<std::string, std::function<std::string()>>> measuredPages()
{
    std::vector<std::pair<std::string, std::function<std::string()>>> out;
    for (const char* slug : {"sensibilisation-elus", "inscription-groupes-projets", "satisfaction-agenda"}) {
        out.emplace_back(slug, [slug] {
            const auto* form = programmeForms().find(slug);
            return pages::renderFormPage(views(), *form, stateFor(*form));
        });
    }
    out.emplace_back("with-errors", [] {
        const auto* form = programmeForms().find("inscription-groupes-projets");
        return pages::renderFormPage(views(), *form, withErrors(*form));
    });
    out.emplace_back("receipt", [] {
        return pages::renderReceiptPage(views(), *programmeForms().find("inscription-groupes-projets"),
                                        {"K7QM3XHT9PZRW2NA", "1 décembre 2026 à 10 h 03", receiptGroups(), "/x"});
    });
    out.emplace_back("index", [] {
        std::vector<pages::IndexEntry> open;
        for (const auto& form : programmeForms().forms) open.push_back({&form, "30 juin 2028 à 23 h 59"});
        return pages::renderIndexPage(views(), open, {{&programmeForms().forms.front(), "1er mars 2027"}});
    });
    // The other pages, for --dump only.
    const auto& forms = programmeForms();
    const auto& first = forms.forms.front();
    out.emplace_back("closed", [&] { return pages::renderClosedPage(views(), first, "8 décembre 2021 à 23 h 59"); });
    out.emplace_back("not-open", [&] { return pages::renderNotOpenPage(views(), first, "1er mars 2027 à 9 h 00"); });
    out.emplace_back("message", [] { return pages::renderMessagePage(views(), "Page introuvable", "Rien ici."); });
    out.emplace_back("deleted", [&] { return pages::renderDeletedPage(views(), first); });
    out.emplace_back("receipt-deleted", [&] { return pages::renderReceiptDeletedPage(views(), first); });
    out.emplace_back("receipt-unknown", [&] { return pages::renderReceiptUnknownPage(views(), first); });
    out.emplace_back("delete-confirm",
                     [&] { return pages::renderDeletionConfirmPage(views(), first, "K7QM3XHT9PZRW2NA", "/x"); });
    out.emplace_back("accessibility", [] { return pages::renderAccessibilityPage(views()); });
    out.emplace_back("legal-notice", [] { return pages::renderLegalNoticePage(views()); });
    out.emplace_back("personal-data", [&] {
        return pages::renderPersonalDataPage(views(), forms.forms, forms.catalogue ? &*forms.catalogue : nullptr,
                                             "tnt_pilote");
    });
    out.emplace_back("cookies", [] { return pages::renderCookiesPage(views(), "tnt_pilote", "tnt_connexion"); });
    out.emplace_back("pilot-login", [] { return pages::renderPilotLoginPage(views(), "1.a.b", "Jeton inconnu."); });
    out.emplace_back("pilot-login-notice",
                     [] { return pages::renderPilotLoginPage(views(), "1.a.b", "", "Session finie."); });
    out.emplace_back("pilot-forms", [&] {
        return pages::renderPilotFormsPage(views(), "GP3", {{&first, 12, "ouvert"}}, "1.a.b");
    });
    out.emplace_back("pilot-forms-none", [&] { return pages::renderPilotFormsPage(views(), "GP3", {}, "1.a.b"); });
    out.emplace_back("pilot-message", [] { return pages::renderPilotMessagePage(views(), "Accès refusé", "Non."); });
    out.emplace_back("pilot-form", [&] {
        exports::FormStatistics stats;
        stats.responses = 3;
        stats.responsesPerDay = {{"2027-01-02", 3}};
        exports::ChoiceStatistics choice;
        choice.respondents = 3;
        choice.answers = 3;
        choice.options = {{"elu", "Élu", 2, 66.7, std::nullopt}, {"agent", "Agent", 1, 33.3, std::nullopt}};
        stats.questions.push_back({"role", "Rôle", choice});
        exports::DistributionStatistics dist;
        stats.questions.push_back({"note", "Note", dist});
        stats.questions.push_back({"avis", "Avis", exports::TextStatistics{2}});
        return pages::renderPilotFormPage(views(), first, stats, {"GP3", "GP4"}, "1.a.b");
    });
    out.emplace_back("pilot-form-empty", [&] { return pages::renderPilotFormPage(views(), first, {}, {}, "1.a.b"); });
    return out;
}

// `rendered`: a value shown again bypasses the cache of the page as it first shows, so the page is rendered
// from its templates each time (the cost of a form shown again after an error).
void formPage(benchmark::State& state, const char* slug, bool rendered)
{
    const auto* form = programmeForms().find(slug);
    if (form == nullptr) throw std::runtime_error(slug);
    auto page_state = stateFor(*form);
    if (rendered) page_state.values.emplace_back("_bench", "");
    std::size_t bytes = 0;
    for (auto _ : state) {
        const auto html = pages::renderFormPage(views(), *form, page_state);
        bytes += html.size();
        benchmark::DoNotOptimize(html.data());
    }
    state.counters["pages/s"] = benchmark::Counter(1, benchmark::Counter::kIsIterationInvariantRate);
    state.counters["KB/page"] = static_cast<double>(bytes) / 1e3 / static_cast<double>(state.iterations());
}

void formPageWithErrors(benchmark::State& state)
{
    const auto* form = programmeForms().find("inscription-groupes-projets");
    const auto page_state = withErrors(*form);
    for (auto _ : state) {
        const auto html = pages::renderFormPage(views(), *form, page_state);
        benchmark::DoNotOptimize(html.data());
    }
    state.counters["pages/s"] = benchmark::Counter(1, benchmark::Counter::kIsIterationInvariantRate);
}

void receiptPage(benchmark::State& state)
{
    const auto* form = programmeForms().find("inscription-groupes-projets");
    const pages::ReceiptView receipt{.number = "K7QM3XHT9PZRW2NA",
                                     .submitted_at = "1 décembre 2026 à 10 h 03",
                                     .groups = receiptGroups(),
                                     .deletion_path = "/f/inscription-groupes-projets/recu/abc/supprimer"};
    for (auto _ : state) {
        const auto html = pages::renderReceiptPage(views(), *form, receipt);
        benchmark::DoNotOptimize(html.data());
    }
    state.counters["pages/s"] = benchmark::Counter(1, benchmark::Counter::kIsIterationInvariantRate);
}

void indexPage(benchmark::State& state)
{
    std::vector<pages::IndexEntry> open;
    for (const auto& form : programmeForms().forms) open.push_back({&form, "30 juin 2028 à 23 h 59"});
    for (auto _ : state) {
        const auto html = pages::renderIndexPage(views(), open);
        benchmark::DoNotOptimize(html.data());
    }
    state.counters["pages/s"] = benchmark::Counter(1, benchmark::Counter::kIsIterationInvariantRate);
}

}  // namespace

BENCHMARK_CAPTURE(formPage, sensibilisation, "sensibilisation-elus", false)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(formPage, inscription, "inscription-groupes-projets", false)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(formPage, satisfaction, "satisfaction-agenda", false)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(formPage, rendered_sensibilisation, "sensibilisation-elus", true)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(formPage, rendered_inscription, "inscription-groupes-projets", true)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(formPage, rendered_satisfaction, "satisfaction-agenda", true)->Unit(benchmark::kMicrosecond);
BENCHMARK(formPageWithErrors)->Unit(benchmark::kMicrosecond);
BENCHMARK(receiptPage)->Unit(benchmark::kMicrosecond);
BENCHMARK(indexPage)->Unit(benchmark::kMicrosecond);

int main(int argc, char** argv)
{
    if (argc == 3 && std::strcmp(argv[1], "--dump") == 0) {
        for (const auto& [name, render] : measuredPages())
            std::ofstream(std::string(argv[2]) + "/" + name + ".html") << render();
        return 0;
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
