// The e-mails a response sends, composed from the shipped templates (forms/mail/): the registration
// confirmation and the copy, who gets them, how answers read, escaping in the HTML part only, and the
// outbox's back-off.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>

#include "service/domain/form_loader.h"
#include "service/messages/digest_mail.h"
#include "service/messages/mail_templates.h"
#include "service/messages/outbox_sender.h"
#include "service/messages/response_mail.h"

namespace tnt::messages {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string catalogue_yaml =
    "groups:\n"
    "  - code: GPA\n"
    "    name: Agenda <partagé> & co\n"
    "    objective: Construire l'agenda\n"
    "    meetings:\n"
    "      - starts_at: 2020-01-10 10:00\n"
    "        place: Passée\n"
    "      - starts_at: 2031-01-14 10:00\n"
    "        place: ANCT, Paris\n"
    "  - code: GPB\n"
    "    name: Cybersécurité\n"
    "    objective: Sécuriser\n";

const std::string form_yaml =
    "slug: essai\n"
    "title: Essai « courriel »\n"
    "window:\n"
    "  opens_at: 2020-01-01\n"
    "  closes_at: 2035-12-31\n"
    "email_copy:\n"
    "  to: email\n"
    "  consent: copie\n"
    "sections:\n"
    "  - title: Vous\n"
    "    questions:\n"
    "      - key: prenom\n"
    "        type: short_text\n"
    "        autocomplete: given-name\n"
    "        label: Prénom\n"
    "      - key: email\n"
    "        type: email\n"
    "        label: Adresse\n"
    "      - key: avis\n"
    "        type: single_choice\n"
    "        label: Avis\n"
    "        options:\n"
    "          - key: bon\n"
    "            label: Plutôt bon\n"
    "        allow_other: true\n"
    "        other_label: Un autre avis\n"
    "      - key: sujets\n"
    "        type: multiple_choice\n"
    "        label: Sujets\n"
    "        options:\n"
    "          - key: a\n"
    "            label: Sujet A\n"
    "          - key: b\n"
    "            label: Sujet B\n"
    "      - key: recontact\n"
    "        type: yes_no\n"
    "        label: Recontact\n"
    "      - key: copie\n"
    "        type: consent\n"
    "        label: Copie\n";

class ResponseMailTest : public ::testing::Test {
protected:
    ResponseMailTest()
        : catalogue_(*domain::loadGroupCatalogueText(catalogue_yaml, "groups.yaml").catalogue),
          form_(*domain::loadFormText(form_yaml, "essai.yaml", &catalogue_).form),
          templates_(MailTemplates::load(std::string(TNT_FORMS_DIR) + "/mail")),
          mail_(templates_, &catalogue_,
                {.from_address = "formulaires@exemple.gouv.fr",
                 .from_name = "Programme TNT",
                 .public_url = "https://formulaires.exemple.gouv.fr/",
                 .publisher = "ANCT",
                 .contact_email = "contact@exemple.gouv.fr"},
                std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::null_sink_mt>()))
    {
        response_.form_slug = "essai";
        response_.public_id = "ABCDEFGHJKMNPQRS";
        response_.submitted_at = std::chrono::sys_days{std::chrono::December / 1 / 2026};
        response_.answers = {
            {"prenom", "Zoé <b>"},  {"email", "zoe@commune.fr"}, {"avis", "autre"}, {"avis.autre", "Très bien & plus"},
            {"sujets", {"a", "b"}}, {"recontact", "non"},        {"copie", true}};
    }

    domain::GroupCatalogue catalogue_;
    domain::Form form_;
    MailTemplates templates_;
    ResponseMail mail_;
    submission::NewResponse response_;
};

TEST_F(ResponseMailTest, AnswersReadAsTheRespondentSawThem)
{
    EXPECT_EQ(ResponseMail::answerText(*form_.find("avis"), response_.answers), "Un autre avis : Très bien & plus");
    EXPECT_EQ(ResponseMail::answerText(*form_.find("sujets"), response_.answers), "Sujet A, Sujet B");
    EXPECT_EQ(ResponseMail::answerText(*form_.find("recontact"), response_.answers), "Non");
    EXPECT_EQ(ResponseMail::answerText(*form_.find("copie"), response_.answers), "Oui");
    EXPECT_EQ(ResponseMail::answerText(*form_.find("prenom"), response_.answers), "Zoé <b>");
}

TEST_F(ResponseMailTest, ACopyGoesOnlyWhenItsConsentIsTicked)
{
    EXPECT_EQ(ResponseMail::recipient(form_, response_.answers), "zoe@commune.fr");
    auto answers = response_.answers;
    answers.erase("copie");
    EXPECT_EQ(ResponseMail::recipient(form_, answers), "");
    EXPECT_TRUE(mail_
                    .compose(form_,
                             [&] {
                                 auto r = response_;
                                 r.answers = answers;
                                 return r;
                             }(),
                             "0123456789abcdef0123456789abcdef01234567", {})
                    .empty());
}

TEST_F(ResponseMailTest, TheCopyListsTheAnswersAndEscapesThemInHtmlOnly)
{
    const auto data = mail_.templateData(form_, response_, "0123456789abcdef0123456789abcdef01234567");
    const auto rendered = templates_.render("copie", data);
    EXPECT_EQ(rendered.subject, "Copie de votre réponse : Essai « courriel »");
    EXPECT_THAT(rendered.text, HasSubstr("Bonjour Zoé <b>,"));
    EXPECT_THAT(rendered.text, HasSubstr("Avis\n  Un autre avis : Très bien & plus"));
    EXPECT_THAT(rendered.text, HasSubstr("https://formulaires.exemple.gouv.fr/f/essai/supprimer/"
                                         "0123456789abcdef0123456789abcdef01234567"));
    EXPECT_THAT(rendered.html, HasSubstr("Bonjour Zoé &lt;b&gt;,"));
    EXPECT_THAT(rendered.html, HasSubstr("Très bien &amp; plus"));
    EXPECT_THAT(rendered.html, Not(HasSubstr("<b>,")));

    const auto mails = mail_.compose(form_, response_, "0123456789abcdef0123456789abcdef01234567", {});
    ASSERT_EQ(mails.size(), 1u);
    EXPECT_EQ(mails[0].kind, "copie");
    EXPECT_EQ(mails[0].recipient, "zoe@commune.fr");
    EXPECT_THAT(mails[0].message_id, HasSubstr("@exemple.gouv.fr"));
    EXPECT_LT(mails[0].payload.size(), 2000u) << "the request writes the values, not the message";
    const auto mime = mail_.render(mails[0].kind, mails[0].message_id, mails[0].recipient, mails[0].payload);
    EXPECT_THAT(mime, HasSubstr("Message-ID: <" + mails[0].message_id + ">"));
    EXPECT_THAT(mime, HasSubstr("To: zoe@commune.fr"));
    EXPECT_THAT(mime, HasSubstr("Date: Tue, 01 Dec 2026 00:00:00 +0000"));
    EXPECT_THAT(mime, Not(HasSubstr("text/calendar")));
}

TEST_F(ResponseMailTest, TheConfirmationNamesTheGroupsAndAttachesTheMeetingsToCome)
{
    response_.groups = {"GPA", "GPB"};
    const auto data = mail_.templateData(form_, response_, "0123456789abcdef0123456789abcdef01234567");
    const auto rendered = templates_.render("inscription", data);
    EXPECT_EQ(rendered.subject, "Votre inscription aux groupes projets · GPA · GPB");
    EXPECT_THAT(rendered.text, HasSubstr("GPA — Agenda <partagé> & co"));
    EXPECT_THAT(rendered.text, HasSubstr("le 14 janvier 2031 à 10 h 00"));
    EXPECT_THAT(rendered.text, Not(HasSubstr("Passée")));
    EXPECT_THAT(rendered.text, HasSubstr("Les pilotes du groupe vous écriront"));  // GPB has no meeting
    EXPECT_THAT(rendered.html, HasSubstr("Agenda &lt;partagé&gt; &amp; co"));

    const auto mails = mail_.compose(form_, response_, "0123456789abcdef0123456789abcdef01234567", {});
    ASSERT_EQ(mails.size(), 1u);
    EXPECT_EQ(mails[0].kind, "inscription");
    EXPECT_LT(mails[0].payload.size(), 2000u) << "the request writes the values, not the message";
    const auto mime = mail_.render(mails[0].kind, mails[0].message_id, mails[0].recipient, mails[0].payload);
    EXPECT_THAT(mime, HasSubstr("text/calendar"));
    EXPECT_THAT(mime, HasSubstr("reunions.ics"));
    EXPECT_THROW(mail_.render("inscription", mails[0].message_id, mails[0].recipient, "{}"), std::exception);
}

TEST_F(ResponseMailTest, AWaitlistedGroupSaysItsPositionAndLeavesItsMeetingsOutOfTheCalendar)
{
    response_.groups = {"GPA", "GPB"};
    domain::Placement waiting;
    waiting.group = "GPA";
    waiting.state = domain::RegistrationState::waitlisted;
    waiting.position = 3;
    domain::Placement joined;
    joined.group = "GPB";
    const std::vector<domain::Placement> placements{waiting, joined};
    const auto data = mail_.templateData(form_, response_, "0123456789abcdef0123456789abcdef01234567", placements);
    const auto rendered = templates_.render("inscription", data);
    EXPECT_THAT(rendered.text, HasSubstr("vous êtes 3e sur sa liste d'attente"));
    EXPECT_THAT(rendered.html, HasSubstr("vous êtes 3e sur sa liste d'attente"));
    EXPECT_THAT(rendered.text, Not(HasSubstr("le 14 janvier 2031 à 10 h 00"))) << "GPA's meeting: not joined yet";

    const auto mails = mail_.compose(form_, response_, "0123456789abcdef0123456789abcdef01234567", placements);
    ASSERT_EQ(mails.size(), 1u);
    const auto mime = mail_.render(mails[0].kind, mails[0].message_id, mails[0].recipient, mails[0].payload);
    EXPECT_THAT(mime, Not(HasSubstr("text/calendar"))) << "GPB has no meeting, GPA is only waited for";
}

TEST_F(ResponseMailTest, AnOfferCarriesItsLinkAndItsDeadlineAndTheAcceptanceItsCalendar)
{
    submission::RegistrationNotice notice;
    notice.form_slug = form_.slug;
    notice.response_public_id = "K7QM3XHT9PZRW2NA";
    notice.answers = response_.answers;
    notice.group = "GPA";
    notice.offer_expires_at = std::chrono::system_clock::time_point(std::chrono::seconds(1796918400));  // 2026-12-10
    const auto offers = mail_.offer(form_, notice, "feedface");
    ASSERT_EQ(offers.size(), 1u);
    EXPECT_EQ(offers[0].kind, "offre");
    EXPECT_EQ(offers[0].recipient, "zoe@commune.fr");
    const auto offer = mail_.render(offers[0].kind, offers[0].message_id, offers[0].recipient, offers[0].payload);
    EXPECT_THAT(offer, HasSubstr("https://formulaires.exemple.gouv.fr/offres/feedface"));
    EXPECT_THAT(offer, HasSubstr("GPA"));
    EXPECT_THAT(offer, Not(HasSubstr("text/calendar")));
    const auto rendered = templates_.render("offre", nlohmann::json::parse(offers[0].payload).at("values"));
    EXPECT_THAT(rendered.text, HasSubstr("jusqu'au 10 décembre 2026 à 17 h 00"));

    const auto accepted = mail_.accepted(form_, notice);
    ASSERT_EQ(accepted.size(), 1u);
    EXPECT_EQ(accepted[0].kind, "place");
    const auto place =
        mail_.render(accepted[0].kind, accepted[0].message_id, accepted[0].recipient, accepted[0].payload);
    EXPECT_THAT(place, HasSubstr("text/calendar")) << "GPA's meeting of 2031, now joined";

    auto no_address = notice;
    no_address.answers.erase("copie");
    EXPECT_TRUE(mail_.offer(form_, no_address, "feedface").empty()) << "no consent, no e-mail";
}

TEST_F(ResponseMailTest, TheDigestCountsTheGroupsSignUpsAndNothingElse)
{
    DigestMail digest(templates_, &catalogue_,
                      {.from_address = "formulaires@exemple.gouv.fr",
                       .from_name = "Programme TNT",
                       .public_url = "https://formulaires.exemple.gouv.fr",
                       .publisher = "ANCT",
                       .contact_email = "contact@exemple.gouv.fr"});
    storage::DigestPeriod period;
    period.token.name = "pilotes GPA";
    period.token.notify_email = "pilote@exemple.gouv.fr";
    period.since = std::chrono::sys_days{std::chrono::December / 1 / 2026};
    period.until = period.since + std::chrono::hours(24);
    period.registrations = {{"GPA", 3}, {"GPB", 0}};
    const auto mail = digest.compose(period);
    ASSERT_TRUE(mail);
    EXPECT_EQ(mail->kind, "resume");
    EXPECT_EQ(mail->recipient, "pilote@exemple.gouv.fr");
    EXPECT_THAT(digest.render(mail->message_id, mail->recipient, mail->payload),
                HasSubstr("https://formulaires.exemple.gouv.fr/pilote/"));
    EXPECT_EQ(templates_.render("resume", {{"total", "1"}, {"plural", false}}).subject,
              "Groupes projets : 1 nouvelle inscription");
    EXPECT_EQ(templates_.render("resume", {{"total", "3"}, {"plural", true}}).subject,
              "Groupes projets : 3 nouvelles inscriptions");
    period.registrations = {{"GPA", 0}};
    EXPECT_FALSE(digest.compose(period)) << "no digest when nobody signed up";
}

TEST(MailTemplates, AMissingFileOrASyntaxErrorIsNamedAtLoad)
{
    const auto dir = std::filesystem::temp_directory_path() / ("tnt-mail-templates-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    for (const auto& entry : std::filesystem::directory_iterator(std::string(TNT_FORMS_DIR) + "/mail")) {
        std::filesystem::copy_file(entry.path(), dir / entry.path().filename(),
                                   std::filesystem::copy_options::overwrite_existing);
    }
    EXPECT_NO_THROW(MailTemplates::load(dir.string()));
    std::ofstream(dir / "copie.html.mustache") << "{{#answers}} jamais fermé";
    std::filesystem::remove(dir / "inscription.subject.mustache");
    try {
        MailTemplates::load(dir.string());
        ADD_FAILURE() << "invalid templates were accepted";
    } catch (const std::runtime_error& e) {
        EXPECT_THAT(e.what(), HasSubstr("copie.html.mustache"));
        EXPECT_THAT(e.what(), HasSubstr("inscription.subject.mustache"));
    }
    std::filesystem::remove_all(dir);
}

TEST(OutboxBackoff, DoublesFromTheFirstRetryUpToAnHourWithJitter)
{
    using std::chrono::milliseconds;
    EXPECT_EQ(retryDelay(1, std::chrono::seconds(60), 0.5), milliseconds(60000));
    EXPECT_EQ(retryDelay(2, std::chrono::seconds(60), 0.5), milliseconds(120000));
    EXPECT_EQ(retryDelay(1, std::chrono::seconds(60), 0.0), milliseconds(48000));  // -20 %
    EXPECT_EQ(retryDelay(20, std::chrono::seconds(60), 0.5), milliseconds(3600000));  // capped
    EXPECT_LT(retryDelay(20, std::chrono::seconds(60), 0.999), milliseconds(4320001));
}

}  // namespace
}  // namespace tnt::messages
