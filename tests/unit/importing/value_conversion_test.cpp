// Cells of exports turned into the answers the API takes: option labels to keys, oui/non, numbers with a
// decimal comma, French dates, multiple choices whose labels contain the separator.
#include <gtest/gtest.h>

#include "service/importing/value_conversion.h"
#include "tests/unit/importing/test_form.h"

namespace tnt::importing {
namespace {

using nlohmann::json;
using test::question;

CellConversion convert(const std::string& key, std::string_view raw, std::string_view separator = {},
                       const std::map<std::string, std::string>* wordings = nullptr)
{
    const auto& q = question(key);
    const ChoiceMatcher matcher(q, wordings);
    return convertCell(q, &matcher, raw, separator);
}

TEST(ValueConversion, EmptyCellIsNoAnswer)
{
    EXPECT_TRUE(convert("nom", "  ").value.is_null());
    EXPECT_TRUE(convert("apports", "").value.is_null());
    EXPECT_TRUE(convert("accord", "").error.empty());
}

TEST(ValueConversion, SingleChoiceLabelIgnoresCaseAndAccents)
{
    EXPECT_EQ(convert("aise", "TRES A L'AISE").value, "tres_aise");
    EXPECT_EQ(convert("aise", "Peu à l’aise").value, "peu_aise");
    EXPECT_EQ(convert("aise", "peu_aise").value, "peu_aise");  // a key is accepted too
}

TEST(ValueConversion, UnknownSingleChoiceIsAnErrorWithoutOther)
{
    const auto c = convert("aise", "Moyennement");
    EXPECT_TRUE(c.value.is_null());
    EXPECT_EQ(c.error, "« Moyennement » n'est pas un choix de la question");
}

TEST(ValueConversion, UnknownSingleChoiceBecomesOtherText)
{
    const auto c = convert("role", "Directeur général des services");
    EXPECT_EQ(c.value, "autre");
    EXPECT_EQ(c.other_text, "Directeur général des services");
}

TEST(ValueConversion, MappingWordingsWin)
{
    const std::map<std::string, std::string> wordings{{"Plutôt OK", "tres_aise"}};
    EXPECT_EQ(convert("aise", "plutot ok", {}, &wordings).value, "tres_aise");
}

TEST(ValueConversion, MultipleChoiceLabelsContainingCommas)
{
    const auto c = convert("apports",
                           "De meilleurs services,L'attractivité du territoire (entreprises, habitants),"
                           "Surtout des risques (coûts, cyberattaques, exclusion)");
    EXPECT_TRUE(c.error.empty()) << c.error;
    EXPECT_EQ(c.value, json({"services", "attractivite", "risques"}));
    EXPECT_FALSE(c.other_text);
}

TEST(ValueConversion, MultipleChoicePipeIsPreferredWhenPresent)
{
    EXPECT_EQ(convert("themes", "Cybersécurité | Données").value, json({"cyber", "donnees"}));
    EXPECT_EQ(convert("themes", "Cybersécurité\nDonnées").value, json({"cyber", "donnees"}));
    EXPECT_EQ(convert("themes", "cyber;donnees", ";").value, json({"cyber", "donnees"}));
}

TEST(ValueConversion, MultipleChoiceUnknownPartsBecomeOtherText)
{
    const auto c = convert("apports", "De meilleurs services, Le lien social, la culture");
    EXPECT_EQ(c.value, json({"services", "autre"}));
    EXPECT_EQ(c.other_text, "Le lien social, la culture");
}

TEST(ValueConversion, MultipleChoiceUnknownPartIsAnErrorWithoutOther)
{
    EXPECT_EQ(convert("themes", "Cybersécurité, Urbanisme").error, "« Urbanisme » n'est pas un choix de la question");
}

TEST(ValueConversion, YesNoInEverySpelling)
{
    for (const auto* yes : {"oui", "Oui", "YES", "true", "1", "Vrai"})
        EXPECT_EQ(convert("contact", yes).value, "oui") << yes;
    for (const auto* no : {"non", "No", "FALSE", "0", "faux"}) EXPECT_EQ(convert("contact", no).value, "non") << no;
    EXPECT_EQ(convert("contact", "peut-être").error, "« peut-être » n'est ni oui ni non");
}

TEST(ValueConversion, ConsentTickedByItsLabelOrYes)
{
    EXPECT_EQ(convert("accord", "J’accepte").value, "oui");
    EXPECT_EQ(convert("accord", "x").value, "oui");
    EXPECT_TRUE(convert("accord", "non").value.is_null());
    EXPECT_FALSE(convert("accord", "bof").error.empty());
}

TEST(ValueConversion, NumbersWithDecimalCommaAndThousandsSpaces)
{
    EXPECT_EQ(convert("budget", "1 234,5").value, json(1234.5));
    EXPECT_EQ(convert("budget", "12.25").value, json(12.25));
    EXPECT_EQ(convert("agents",
                      "1\xC2\xA0"
                      "200")
                  .value,
              json(1200));
    EXPECT_TRUE(convert("agents", "1200").value.is_number_integer());
    EXPECT_EQ(convert("note", "4,0").value, json(4));
    EXPECT_EQ(convert("budget", "douze").error, "« douze » n'est pas un nombre");
}

TEST(ValueConversion, FrenchDateQuestionBecomesIso)
{
    EXPECT_EQ(convert("naissance", "08/12/2021").value, "2021-12-08");
    EXPECT_EQ(convert("naissance", "2021-12-08").value, "2021-12-08");
    EXPECT_EQ(frenchDateToIso("8/1/2021"), "2021-01-08");
    EXPECT_EQ(frenchDateToIso("08/12/2021 14:00"), "08/12/2021 14:00");
}

TEST(ValueConversion, DepartementByCodeOrName)
{
    EXPECT_EQ(convert("dep", "1").value, "01");
    EXPECT_EQ(convert("dep", "2a").value, "2A");
    EXPECT_EQ(convert("dep", "75 - Paris").value, "75");
    EXPECT_EQ(convert("dep", "Côte-d'Or").value, "21");
}

TEST(ValueConversion, TextIsTrimmedAndKeepsLineBreaks)
{
    EXPECT_EQ(convert("nom", "  Élodie Martin\n ").value, "Élodie Martin");
    EXPECT_EQ(convert("nom", "ligne 1\nligne 2").value, "ligne 1\nligne 2");
}

}  // namespace
}  // namespace tnt::importing
