// Every page with markup, quotes and Mustache tags in every text a form author, a respondent or an operator
// can write: the form's texts, its sections, labels, help, options, the groups' names, the answers shown
// again, the messages, the receipt, the pilots' figures. Each page must show them as text: escaped, and
// never read as a template (`{{` stays `{{`).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>

#include "every_type_form.h"
#include "service/pages/form_page.h"
#include "service/pages/legal_pages.h"
#include "service/pages/pilot_pages.h"
#include "service/pages/public_pages.h"
#include "service/pages/receipt_pages.h"

namespace tnt::pages {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// What an attacker would write: a script, an attribute break-out, both quotes, template tags.
const std::string kHostile =
    "<script>alert(\"x\")</script><img src=x onerror='y'> {{page.title}} {{{raw}}} {{> layout/top}}";
// The same in YAML, double-quoted.
std::string yamlOf(const std::string& text)
{
    std::string out = "\"";
    for (const char c : text) out += c == '"' ? std::string("\\\"") : std::string(1, c);
    return out + "\"";
}

const domain::GroupCatalogue& hostileCatalogue()
{
    static const auto load = domain::loadGroupCatalogueText(
        "groups:\n  - {code: GP1, name: " + yamlOf(kHostile) + ", objective: " + yamlOf(kHostile) + ", copilots: [" +
            yamlOf(kHostile) + "], capacity: 2}\n  - {code: GP2, name: Deux, objective: O}\n",
        "groups.yaml");
    EXPECT_TRUE(load.catalogue) << (load.diagnostics.empty() ? "" : load.diagnostics.front().message);
    return *load.catalogue;
}

const domain::Form& hostileForm()
{
    static const auto load = [] {
        const auto h = yamlOf(kHostile);
        const std::string yaml =
            "slug: hostile\ntitle: " + h + "\ndescription: " + h + "\nconfirmation: " + h +
            "\nwindow: {}\nsections:\n  - title: " + h + "\n    description: " + h +
            "\n    questions:\n"
            "      - {key: nom, type: short_text, label: " +
            h + ", help: " + h +
            ", required: true}\n"
            "      - {key: avis, type: long_text, label: " +
            h +
            "}\n"
            "      - key: role\n        type: single_choice\n        label: " +
            h + "\n        allow_other: true\n        other_label: " + h + "\n        options: [{key: a, label: " + h +
            ", help: " + h +
            "}, {key: b, label: B}]\n"
            "      - key: liste\n        type: single_choice\n        display: select\n        label: " +
            h + "\n        options: [{key: a, label: " + h +
            "}]\n"
            "      - {key: groupes, type: multiple_choice, options_from: groups, label: " +
            h +
            "}\n"
            "      - {key: accord, type: consent, label: " +
            h + ", help: " + h + "}\n";
        return domain::loadFormText(yaml, "hostile.yaml", &hostileCatalogue());
    }();
    EXPECT_TRUE(load.form) << (load.diagnostics.empty() ? "" : load.diagnostics.front().message);
    return *load.form;
}

void expectEscaped(const std::string& html, const std::string& page)
{
    SCOPED_TRACE(page);
    EXPECT_THAT(html, Not(HasSubstr("<script"))) << "a script tag came through";
    EXPECT_THAT(html, Not(HasSubstr("<img"))) << "an element came through";
    EXPECT_THAT(html, Not(HasSubstr("alert(\""))) << "a double quote came through";
    EXPECT_THAT(html, Not(HasSubstr("'y'"))) << "a single quote came through";
    EXPECT_THAT(html,
                HasSubstr("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=&#39;y&#39;&gt;"));
    EXPECT_THAT(html, HasSubstr("{{page.title}} {{{raw}}} {{&gt; layout/top}}")) << "a value was read as a template";
    EXPECT_EQ(html.find("<!doctype html>"), 0u);
    EXPECT_EQ(html.find("<!doctype html>", 1), std::string::npos) << "a partial was included from a value";
}

TEST(Xss, FormPageWithHostileTextsAnswersErrorsAndGroups)
{
    const auto& form = hostileForm();
    FormPageState state;
    state.csrf_token = kHostile;
    state.idempotency_token = kHostile;
    state.notice = kHostile;
    for (const auto& key : {"nom", "avis", "role", "role.autre", "liste"}) {
        state.values.emplace_back(key, kHostile);
        state.errors[key] = kHostile;
    }
    state.values.emplace_back("groupes", kHostile);
    state.groups = hostileCatalogue().availability({{"GP1", 2}, {"GP2", 0}}, std::chrono::system_clock::now());
    const auto html = renderFormPage(testing::testViews(), form, state);
    expectEscaped(html, "form");
    EXPECT_THAT(html, HasSubstr("<textarea")) << "the long text is on the page";
    EXPECT_THAT(html, HasSubstr("tnt-places--waitlist")) << "the groups are on the page";
    expectEscaped(renderFormPage(testing::testViews(), form, {}), "form without state");
}

TEST(Xss, RespondentsPages)
{
    const auto& form = hostileForm();
    const auto& v = testing::testViews();
    expectEscaped(
        renderReceiptPage(v, form, {kHostile, kHostile, {{kHostile, {}, kHostile, kHostile, kHostile}}, kHostile}),
        "receipt");
    expectEscaped(renderDeletionConfirmPage(v, form, kHostile, kHostile), "deletion confirmation");
    expectEscaped(renderDeletedPage(v, form), "deleted");
    expectEscaped(renderReceiptDeletedPage(v, form), "receipt deleted");
    expectEscaped(renderReceiptUnknownPage(v, form), "receipt unknown");
    expectEscaped(renderIndexPage(v, {{&form, kHostile}}, {{&form, kHostile}}), "index");
    expectEscaped(renderClosedPage(v, form, kHostile), "closed");
    expectEscaped(renderNotOpenPage(v, form, kHostile), "not open");
    expectEscaped(renderMessagePage(v, kHostile, kHostile), "message");
}

TEST(Xss, PilotsPagesAndLegalPagesWithAHostileOperator)
{
    const auto& form = hostileForm();
    const Site site{kHostile, kHostile, kHostile, kHostile, kHostile, AccessibilityStatus::non_conforme};
    const auto views = testing::viewsFor(site);
    exports::FormStatistics stats;
    stats.responses = 2;
    stats.responsesPerDay = {{kHostile, 2}};
    exports::ChoiceStatistics choice;
    choice.respondents = 2;
    choice.answers = 2;
    choice.options = {{"a", kHostile, 2, 100.0, std::nullopt}};
    stats.questions.push_back({"role", kHostile, choice});
    stats.questions.push_back({"avis", kHostile, exports::TextStatistics{1}});
    expectEscaped(renderPilotFormPage(views, form, stats, {kHostile}, kHostile), "pilot form");
    expectEscaped(renderPilotFormsPage(views, kHostile, {{&form, 2, kHostile}}, kHostile), "pilot forms");
    expectEscaped(renderPilotLoginPage(views, kHostile, kHostile), "pilot login, error");
    expectEscaped(renderPilotLoginPage(views, kHostile, "", kHostile), "pilot login, notice");
    expectEscaped(renderPilotMessagePage(views, kHostile, kHostile), "pilot message");
    expectEscaped(renderAccessibilityPage(views), "accessibility");
    expectEscaped(renderLegalNoticePage(views), "legal notice");
    expectEscaped(renderPersonalDataPage(views, {form}, &hostileCatalogue(), kHostile), "personal data");
    expectEscaped(renderCookiesPage(views, kHostile, kHostile), "cookies");
}

}  // namespace
}  // namespace tnt::pages
