// The form page: a label for every control, escaping, the error summary and its links, kept values, the
// hidden tokens and the honeypot.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <regex>
#include <set>

#include "every_type_form.h"
#include "service/pages/form_page.h"

namespace tnt::pages {
namespace {

using testing::everyTypeForm;
using ::testing::HasSubstr;
using ::testing::Not;

struct Tag {
    std::string name;
    std::string text;
    std::string attr(const std::string& attribute) const
    {
        std::smatch m;
        if (std::regex_search(text, m, std::regex(" " + attribute + "=\"([^\"]*)\""))) return m[1];
        return "";
    }
    bool has(const std::string& attribute) const
    {
        return std::regex_search(text, std::regex(" " + attribute + "([ =>]|$)"));
    }
};

std::vector<Tag> tags(const std::string& html, const std::string& names)
{
    std::vector<Tag> out;
    const std::regex re("<(" + names + ")( [^>]*)?>");
    for (auto it = std::sregex_iterator(html.begin(), html.end(), re); it != std::sregex_iterator(); ++it) {
        out.push_back({(*it)[1], (*it)[0]});
    }
    return out;
}

std::vector<std::string> ids(const std::string& html)
{
    std::vector<std::string> out;
    const std::regex re(" id=\"([^\"]*)\"");
    for (auto it = std::sregex_iterator(html.begin(), html.end(), re); it != std::sregex_iterator(); ++it) {
        out.push_back((*it)[1]);
    }
    return out;
}

std::string render(FormPageState state = {})
{
    if (state.csrf_token.empty()) state.csrf_token = "123.abc.def";
    if (state.idempotency_token.empty()) state.idempotency_token = "jeton-de-page";
    return renderFormPage(testing::testViews(), everyTypeForm(), state);
}

TEST(FormPage, EveryControlHasExactlyOneLabel)
{
    const auto html = render();
    int controls = 0;
    for (const auto& tag : tags(html, "input|select|textarea")) {
        if (tag.attr("type") == "hidden") continue;
        ++controls;
        const auto id = tag.attr("id");
        ASSERT_FALSE(id.empty()) << tag.text;
        EXPECT_EQ(tags(html, "label").size() > 0, true);
        int labels = 0;
        for (const auto& label : tags(html, "label")) labels += label.attr("for") == id ? 1 : 0;
        EXPECT_EQ(labels, 1) << "no single label for " << id;
    }
    // 7 text-like + 3 radios/other of role + select/other of taille + 3 checkboxes/other + 5 + 11 + 2 + 1 + 1 + 1
    EXPECT_GT(controls, 30);
}

TEST(FormPage, IdsAreUnique)
{
    const auto all = ids(render());
    EXPECT_EQ(std::set<std::string>(all.begin(), all.end()).size(), all.size());
}

TEST(FormPage, EachQuestionTypeIsDrawnWithItsControl)
{
    const auto html = render();
    EXPECT_THAT(html, HasSubstr("<input class=\"fr-input\" type=\"text\" id=\"q-nom\" name=\"nom\""));
    EXPECT_THAT(html, HasSubstr("<textarea class=\"fr-input\" id=\"q-avis\""));
    EXPECT_THAT(html, HasSubstr("type=\"email\" id=\"q-email\""));
    EXPECT_THAT(html, HasSubstr("type=\"tel\" id=\"q-tel\""));
    EXPECT_THAT(html, HasSubstr("type=\"number\" id=\"q-budget\""));
    EXPECT_THAT(html, HasSubstr("max=\"1000.5\""));
    EXPECT_THAT(html, HasSubstr("type=\"date\" id=\"q-naissance\""));
    EXPECT_THAT(html, HasSubstr("<fieldset class=\"fr-fieldset tnt-question\" id=\"q-role\""));
    EXPECT_THAT(html, HasSubstr("type=\"radio\" id=\"q-role-autre\" name=\"role\" value=\"autre\""));
    EXPECT_THAT(html, HasSubstr("id=\"q-role-autre-texte\" name=\"role.autre\""));
    EXPECT_THAT(html, HasSubstr("<select class=\"fr-select\" id=\"q-taille\" name=\"taille\""));
    EXPECT_THAT(html, HasSubstr("type=\"checkbox\" id=\"q-themes-cyber\" name=\"themes\" value=\"cyber\""));
    EXPECT_THAT(html, HasSubstr("La sécurité."));
    EXPECT_THAT(html, HasSubstr("type=\"radio\" id=\"q-note-5\""));
    EXPECT_THAT(html, Not(HasSubstr("id=\"q-note-6\"")));
    EXPECT_THAT(html, HasSubstr("type=\"radio\" id=\"q-nps-0\""));
    EXPECT_THAT(html, HasSubstr("type=\"radio\" id=\"q-nps-10\""));
    EXPECT_THAT(html, HasSubstr("De 1 (Mauvais) à 5 (Excellent)."));
    EXPECT_THAT(html, HasSubstr("id=\"q-contact-oui\" name=\"contact\" value=\"oui\""));
    EXPECT_THAT(html, HasSubstr("type=\"checkbox\" id=\"q-accord\" name=\"accord\" value=\"oui\""));
    EXPECT_THAT(html, HasSubstr("<option value=\"2A\">2A – Corse-du-Sud</option>"));
    EXPECT_THAT(html, HasSubstr("<legend class=\"tnt-section__legend\"><h2 class=\"fr-h4\">Vos choix</h2></legend>"));
}

TEST(FormPage, ConditionalQuestionsAreShownWithTheirCondition)
{
    const auto load = domain::loadFormText(
        "slug: essai\ntitle: Essai\nwindow: {}\nsections:\n"
        "  - title: S\n    questions:\n"
        "      - {key: contact, type: yes_no, label: Contact}\n"
        "      - {key: tel, type: phone, label: Tél, visible_if: {question: contact, equals: oui}}\n",
        "essai.yaml", nullptr);
    ASSERT_TRUE(load.form);
    EXPECT_THAT(renderFormPage(testing::testViews(), *load.form, {}),
                HasSubstr("(Seulement si vous avez répondu «\u00a0Oui\u00a0» à la question «\u00a0Contact\u00a0».)"));
}

// Issue 13, item 8: required only after some answer — without JavaScript the page cannot know, so it says
// when in words, with neither the asterisk nor the `required` attribute that would block everyone else.
TEST(FormPage, QuestionRequiredOnlyUnderAConditionSaysWhenAndIsNotMarkedRequired)
{
    const auto html = render();
    EXPECT_THAT(html,
                HasSubstr("Obligatoire si vous avez répondu «\u00a0Oui\u00a0» à la question «\u00a0Contact\u00a0»."));
    EXPECT_THAT(html, HasSubstr(">Courriel de contact</label>"));  // no asterisk
    const auto inputs = tags(html, "input");
    const auto field =
        std::find_if(inputs.begin(), inputs.end(), [](const Tag& t) { return t.attr("id") == "q-contact_email"; });
    ASSERT_NE(field, inputs.end());
    EXPECT_FALSE(field->has("required")) << field->text;
    EXPECT_EQ(field->attr("aria-describedby"), "q-contact_email-aide");
}

// Issue 13, item 8: a radio group in error keeps its message on the group; its optional "other" text
// comes after the group and is not painted as an error.
TEST(FormPage, RadioGroupErrorStaysOnTheGroupNotOnItsOtherText)
{
    FormPageState state;
    state.errors = {{"role", "Choisissez une réponse."}};
    const auto html = render(state);
    const auto group = html.find("<fieldset class=\"fr-fieldset tnt-question fr-fieldset--error\" id=\"q-role\"");
    ASSERT_NE(group, std::string::npos);
    const auto message = html.find("id=\"q-role-erreur\">Choisissez une réponse.</p>", group);
    const auto group_end = html.find("</fieldset>", group);
    const auto other = html.find("<div class=\"fr-input-group tnt-other\">", group);
    ASSERT_NE(message, std::string::npos);
    ASSERT_NE(other, std::string::npos);
    EXPECT_LT(message, group_end);
    EXPECT_LT(group_end, other);
    EXPECT_THAT(html.substr(other, html.find("</div>", other) - other), Not(HasSubstr("error")));
}

TEST(FormPage, RequiredQuestionsAreMarked)
{
    const auto html = render();
    EXPECT_THAT(html, HasSubstr("Rôle&nbsp;<span class=\"tnt-required\">*</span>"));
    EXPECT_THAT(html, HasSubstr("id=\"q-role-elu\" name=\"role\" value=\"elu\" required"));
    EXPECT_THAT(html, HasSubstr("novalidate"));
}

TEST(FormPage, LabelsAndValuesAreEscaped)
{
    FormPageState state;
    state.values = {{"nom", "<script>alert(\"x\")</script>"}, {"avis", "</textarea><b>"}};
    const auto html = render(state);
    EXPECT_THAT(html, Not(HasSubstr("<script")));
    EXPECT_THAT(html, Not(HasSubstr("<b>")));
    EXPECT_THAT(html, HasSubstr("value=\"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;\""));
    EXPECT_THAT(html, HasSubstr("&lt;/textarea&gt;&lt;b&gt;</textarea>"));
    EXPECT_THAT(html, HasSubstr("Nom &lt;script&gt;alert(1)&lt;/script&gt;"));
    EXPECT_THAT(html, HasSubstr("<title>Essai &lt;b&gt;gras&lt;/b&gt; – Formulaires TNT</title>"));
}

TEST(FormPage, PostedValuesAreKept)
{
    FormPageState state;
    state.values = {{"role", "agent"}, {"themes", "cyber"}, {"themes", "donnees"}, {"taille", "grande"},
                    {"note", "4"},     {"accord", "oui"},   {"email", "a@b.fr"},   {"role.autre", "x"}};
    const auto html = render(state);
    EXPECT_THAT(html, HasSubstr("value=\"agent\" checked"));
    EXPECT_THAT(html, Not(HasSubstr("value=\"elu\" checked")));
    EXPECT_THAT(html, HasSubstr("value=\"cyber\" checked"));
    EXPECT_THAT(html, HasSubstr("value=\"donnees\" checked"));
    EXPECT_THAT(html, HasSubstr("<option value=\"grande\" selected>"));
    EXPECT_THAT(html, HasSubstr("id=\"q-note-4\" name=\"note\" value=\"4\" checked"));
    EXPECT_THAT(html, HasSubstr("name=\"accord\" value=\"oui\" checked"));
    EXPECT_THAT(html, HasSubstr("value=\"a@b.fr\""));
}

TEST(FormPage, HiddenTokensAndHoneypot)
{
    const auto html = render();
    EXPECT_THAT(html, HasSubstr("<input type=\"hidden\" name=\"_csrf\" value=\"123.abc.def\">"));
    EXPECT_THAT(html, HasSubstr("<input type=\"hidden\" name=\"_jeton\" value=\"jeton-de-page\">"));
    EXPECT_THAT(html, HasSubstr("<div class=\"tnt-honeypot\" aria-hidden=\"true\"><label for=\"tnt-site-web\">Ne pas "
                                "remplir</label><input type=\"text\" id=\"tnt-site-web\" name=\"_site_web\" value=\"\" "
                                "tabindex=\"-1\" autocomplete=\"off\">"));
    EXPECT_THAT(html, HasSubstr("<form method=\"post\" action=\"/f/essai\""));
    EXPECT_THAT(html, Not(HasSubstr("style=")));
    EXPECT_THAT(html, Not(HasSubstr("<style")));
}

TEST(FormPage, ErrorSummaryLinksToEachInvalidField)
{
    FormPageState state;
    state.errors = {{"nom", "Ce champ est obligatoire."},
                    {"role", "Sélectionnez une réponse."},
                    {"themes.autre", "Précisez votre réponse."},
                    {"taille", "Réponse inconnue."},
                    {"accord", "Cochez la case."},
                    {"dep", "Département inconnu."}};
    const auto html = render(state);
    EXPECT_THAT(html, HasSubstr("<title>Erreur\u00a0: 6 réponses à corriger – Essai &lt;b&gt;gras&lt;/b&gt;</title>"));
    EXPECT_THAT(html, HasSubstr("role=\"alert\" id=\"resume-erreurs\""));
    const std::regex link("<li><a href=\"#([^\"]+)\">([^<]*)</a></li>");
    std::vector<std::string> targets;
    for (auto it = std::sregex_iterator(html.begin(), html.end(), link); it != std::sregex_iterator(); ++it) {
        targets.push_back((*it)[1]);
    }
    EXPECT_EQ(targets, (std::vector<std::string>{"q-nom", "q-role-elu", "q-taille", "q-themes-autre-texte", "q-accord",
                                                 "q-dep"}));
    const auto controls = tags(html, "input|select|textarea");
    const auto all_ids = ids(html);
    for (const auto& target : targets) {
        const auto control =
            std::find_if(controls.begin(), controls.end(), [&](const Tag& t) { return t.attr("id") == target; });
        ASSERT_NE(control, controls.end()) << target;
        EXPECT_EQ(control->attr("aria-invalid"), "true") << target;
        const auto described = control->attr("aria-describedby");
        EXPECT_THAT(described, HasSubstr("-erreur")) << target;
        // Every id named by aria-describedby exists.
        std::istringstream words(described);
        for (std::string id; words >> id;) {
            EXPECT_NE(std::find(all_ids.begin(), all_ids.end(), id), all_ids.end()) << id;
        }
    }
    EXPECT_THAT(html, HasSubstr("<p class=\"fr-error-text\" id=\"q-nom-erreur\">Ce champ est obligatoire.</p>"));
    EXPECT_THAT(
        html,
        HasSubstr("<p class=\"fr-message fr-message--error\" id=\"q-role-erreur\">Sélectionnez une réponse.</p>"));
    EXPECT_THAT(html, HasSubstr("fr-fieldset--error"));
    EXPECT_THAT(html, HasSubstr("Rôle\u00a0: Sélectionnez une réponse."));
}

TEST(FormPage, ANoticeAloneIsShownAtTheTop)
{
    FormPageState state;
    state.notice = "La page était ouverte depuis trop longtemps.";
    const auto html = render(state);
    EXPECT_THAT(html, HasSubstr("<title>Erreur\u00a0: réponses non envoyées – "));
    EXPECT_THAT(html, HasSubstr("<p>La page était ouverte depuis trop longtemps.</p>"));
}

TEST(FormPage, ErrorAnchors)
{
    EXPECT_EQ(errorAnchor(everyTypeForm(), "nom"), "q-nom");
    EXPECT_EQ(errorAnchor(everyTypeForm(), "note"), "q-note-1");
    EXPECT_EQ(errorAnchor(everyTypeForm(), "nps"), "q-nps-0");
    EXPECT_EQ(errorAnchor(everyTypeForm(), "role.autre"), "q-role-autre-texte");
    EXPECT_EQ(errorAnchor(everyTypeForm(), "inconnu"), "");
    EXPECT_EQ(errorAnchor(everyTypeForm(), "nom.autre"), "");
}

// RGAA 11.13: personal fields say what they hold, from the form file or the type's default (issue 13, item 7).
TEST(FormPage, PersonalFieldsCarryTheirAutocompleteToken)
{
    const auto html = render();
    std::map<std::string, std::string> tokens;
    for (const auto& tag : tags(html, "input|textarea|select")) tokens[tag.attr("id")] = tag.attr("autocomplete");
    EXPECT_EQ(tokens["q-nom"], "family-name");
    EXPECT_EQ(tokens["q-email"], "email");
    EXPECT_EQ(tokens["q-tel"], "tel");
    EXPECT_EQ(tokens["q-contact_email"], "email");
    EXPECT_EQ(tokens["q-avis"], "");
    EXPECT_EQ(tokens["q-budget"], "");
    EXPECT_EQ(tokens["q-role-autre-texte"], "");
}

}  // namespace
}  // namespace tnt::pages

namespace tnt::pages {
namespace {

// A form as it first shows is rendered once and copied with each request's tokens: the copy is the page the
// templates would write for those tokens, and no marker is left.
TEST(FormPageCache, TheFirstShowIsTheRenderedPageWithTheRequestsOwnTokens)
{
    FormPageState first;
    first.csrf_token = "1.jeton-un";
    first.idempotency_token = "idem-un";
    FormPageState second = first;
    second.csrf_token = "2.jeton-<deux>";
    second.idempotency_token = "idem-deux";
    const auto& views = testing::testViews();
    const auto a = renderFormPage(views, everyTypeForm(), first);
    const auto b = renderFormPage(views, everyTypeForm(), second);
    FormPageState rendered = second;
    rendered.values = {{"_non_affiche", ""}};  // any value shown again: rendered from the templates
    EXPECT_EQ(b, renderFormPage(views, everyTypeForm(), rendered));
    EXPECT_THAT(a, HasSubstr("name=\"_csrf\" value=\"1.jeton-un\""));
    EXPECT_THAT(a, HasSubstr("name=\"_jeton\" value=\"idem-un\""));
    EXPECT_THAT(b, HasSubstr("name=\"_csrf\" value=\"2.jeton-&lt;deux&gt;\""));
    EXPECT_THAT(b, Not(HasSubstr("jeton-un")));
    EXPECT_FALSE(std::regex_search(b, std::regex("tnt[0-9]+x(csrf|jeton)"))) << "a marker was left";
}

// The groups' places are part of the page: a change of places gives another page.
TEST(FormPageCache, APlaceTakenGivesTheNewFigures)
{
    const auto catalogue = domain::loadGroupCatalogueText(
        "groups:\n  - {code: GP1, name: Un, objective: O, capacity: 5}\n", "groups.yaml");
    ASSERT_TRUE(catalogue.catalogue);
    const auto load = domain::loadFormText(
        "slug: inscription\ntitle: Inscription\nwindow: {}\nsections:\n  - title: Groupes\n    questions:\n"
        "      - {key: groupes, type: multiple_choice, options_from: groups, label: G}\n",
        "inscription.yaml", &*catalogue.catalogue);
    ASSERT_TRUE(load.form);
    FormPageState state;
    state.csrf_token = "c";
    state.idempotency_token = "i";
    const auto now = std::chrono::system_clock::now();
    state.groups = catalogue.catalogue->availability({{"GP1", 2}}, now);
    EXPECT_THAT(renderFormPage(testing::testViews(), *load.form, state), HasSubstr("3 places restantes"));
    state.groups = catalogue.catalogue->availability({{"GP1", 5}}, now);
    const auto full = renderFormPage(testing::testViews(), *load.form, state);
    EXPECT_THAT(full, Not(HasSubstr("places restantes")));
    EXPECT_THAT(full, HasSubstr("tnt-places--waitlist"));
    EXPECT_THAT(full, HasSubstr("Complet — liste d&#39;attente"));
    EXPECT_THAT(full, Not(HasSubstr("disabled"))) << "a full group with a waitlist can still be chosen";
    state.groups = catalogue.catalogue->availability({{"GP1", domain::GroupCounts(5, 2)}}, now);
    EXPECT_THAT(renderFormPage(testing::testViews(), *load.form, state),
                HasSubstr("Complet — liste d&#39;attente (2 personnes inscrites)"));
}

TEST(FormPageCache, AFullGroupWithoutAWaitlistCannotBeChosen)
{
    const auto catalogue = domain::loadGroupCatalogueText(
        "groups:\n  - {code: GP1, name: Un, objective: O, capacity: 5, waitlist: false}\n", "groups.yaml");
    ASSERT_TRUE(catalogue.catalogue);
    const auto load = domain::loadFormText(
        "slug: inscription\ntitle: Inscription\nwindow: {}\nsections:\n  - title: Groupes\n    questions:\n"
        "      - {key: groupes, type: multiple_choice, options_from: groups, label: G}\n",
        "inscription.yaml", &*catalogue.catalogue);
    ASSERT_TRUE(load.form);
    FormPageState state;
    state.csrf_token = "c";
    state.idempotency_token = "i";
    state.groups = catalogue.catalogue->availability({{"GP1", 5}}, std::chrono::system_clock::now());
    const auto full = renderFormPage(testing::testViews(), *load.form, state);
    EXPECT_THAT(full, HasSubstr("tnt-places--full"));
    EXPECT_THAT(full, HasSubstr("disabled"));
}

}  // namespace
}  // namespace tnt::pages
